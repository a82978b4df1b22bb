import os from 'node:os';

export function machineLine(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`;
}
