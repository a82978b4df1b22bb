// Preloaded into a child process (`node --import bench/lib/exit-usage.mjs ...`): at exit it writes the process's peak
// RSS and CPU time as JSON to the file named by AISPM_BENCH_USAGE_FILE, so a bench can measure a real CLI run.
import { writeFileSync } from 'node:fs';

const file = process.env.AISPM_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', (code) => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    const usage = JSON.stringify({ exitCode: code, peakRssMiB: Math.round(maxRSS / 1024), cpuSeconds: (userCPUTime + systemCPUTime) / 1e6 });
    // bin/aispm.js starts Node again (bin/relaunch.mjs) and the second process, which ran the command, ends first:
    // its usage is kept, not the first process's, which only waited for it
    try {
      writeFileSync(file, usage, { flag: 'wx' });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
  });
}
