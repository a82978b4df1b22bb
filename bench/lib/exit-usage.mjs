// Preloaded into a child process (`node --import bench/lib/exit-usage.mjs ...`): at exit it writes the process's peak
// RSS and CPU time as JSON to the file named by AISPM_BENCH_USAGE_FILE, so a bench can measure a real CLI run.
import { writeFileSync } from 'node:fs';

const file = process.env.AISPM_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', (code) => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ exitCode: code, peakRssMiB: Math.round(maxRSS / 1024), cpuSeconds: (userCPUTime + systemCPUTime) / 1e6 }));
  });
}
