/**
 * The CLI's parse threads: started as the process starts (before the rest of the CLI is loaded, so
 * that a thread's own start-up overlaps it), they wait for the files to read. Loads only Node's
 * modules: `bin/netpol-review.js` imports it first.
 */
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';

/** More parse threads than this only cost memory and start-up: each is a whole Node isolate. */
export const MAX_PARSE_THREADS = 64;

/** CPU time so far, in milliseconds: the machine's idle and total (all cores), and this process's (all its threads). */
export interface CpuSample {
  idle: number;
  total: number;
  own: number;
}

export function sampleCpus(): CpuSample {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  const { user, system } = process.cpuUsage();
  return { idle, total, own: (user + system) / 1000 };
}

/**
 * Cores no other process used between two samples, besides the one this process's main thread
 * keeps busy: the machine's busy time less this process's (its own threads starting up are not
 * someone else's load), over the wall time of one core. `cores` when nothing was measured.
 */
export function idleCores(since: CpuSample, now: CpuSample, cores: number): number {
  const elapsedPerCore = (now.total - since.total) / cores;
  if (elapsedPerCore <= 0) return cores - 1;
  const othersBusy = Math.max(0, now.total - now.idle - (since.total - since.idle) - (now.own - since.own));
  return Math.max(0, cores - 1 - othersBusy / elapsedPerCore);
}

/**
 * How many parse threads to start as the CLI starts, from its arguments (read before they are
 * checked): for a command that reads trees, `--parse-threads N` of them, or by default one per core
 * but one (the CLI decides once it has read the files how many it uses); none for anything else,
 * or for a count the CLI will refuse.
 */
export function earlyThreadCount(argv: readonly string[], cores: number): number {
  if (!['diff', 'matrix', 'explain'].includes(argv[0] ?? '')) return 0;
  const at = argv.findIndex((a) => a === '--parse-threads' || a.startsWith('--parse-threads='));
  const given = at < 0 ? undefined : argv[at]!.startsWith('--parse-threads=') ? argv[at]!.slice('--parse-threads='.length) : argv[at + 1];
  if (given === undefined) return at < 0 ? cores - 1 : 0;
  return /^\d+$/.test(given) && Number(given) <= MAX_PARSE_THREADS ? Number(given) : 0;
}

/** Worker threads that parse for the CLI, started and waiting for their job (see `readAhead`). */
export class ParseThreads {
  private readonly idle: Worker[];

  /** `since`: the CPU sample taken before they started. */
  private constructor(
    count: number,
    readonly since: CpuSample,
  ) {
    this.idle = Array.from({ length: count }, () => {
      const worker = new Worker(new URL('./read-ahead-worker.js', import.meta.url));
      // A thread nobody takes must not keep the process alive, nor its failure end it: one that
      // fails before it is taken is no longer offered (the CLI parses without it).
      worker.unref();
      worker.on('error', () => {});
      worker.once('exit', () => {
        const at = this.idle.indexOf(worker);
        if (at >= 0) this.idle.splice(at, 1);
      });
      return worker;
    });
  }

  static start(count: number): ParseThreads {
    return new ParseThreads(count, sampleCpus());
  }

  /** The threads the CLI starts as it starts (see `earlyThreadCount`); undefined when none. */
  static early(argv: readonly string[]): ParseThreads | undefined {
    const count = earlyThreadCount(argv, availableParallelism());
    return count > 0 ? ParseThreads.start(count) : undefined;
  }

  /** Takes `n` of them (fewer when fewer are left). */
  take(n: number): Worker[] {
    return this.idle.splice(0, n);
  }

  /** Ends the threads nobody took. */
  close(): void {
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }
}
