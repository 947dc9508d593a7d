/**
 * Preloaded (`node --import`) into every cold process the benchmark starts: at exit, writes the
 * process's peak RSS in KiB (`process.resourceUsage().maxRSS`) to the file named by
 * `NETPOL_BENCH_RSS_FILE`.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.NETPOL_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
