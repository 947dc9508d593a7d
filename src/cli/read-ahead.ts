import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type AnalysisInput, type ParseLimits, type ReadAhead, type ReadManifest, readManifest } from '../index.js';

/** Below this many characters of distinct text, starting a thread costs more than it saves. */
const MIN_PARALLEL_CHARACTERS = 2 * 1024 * 1024;

/** Idle and total CPU time of the machine so far (all cores, milliseconds). */
export interface CpuSample {
  idle: number;
  total: number;
}

export function sampleCpus(): CpuSample {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/**
 * Threads that pay for these inputs by default: none for small trees, else one per core that was
 * idle since `since` (taken before reading the files, while this thread kept one core busy). A
 * worker costs 0.5 s of CPU or more (its start-up, a second JIT warm-up of the parser, handing back
 * what it read), so it pays only on a core nobody else wants.
 */
export function defaultParseThreads(inputs: readonly AnalysisInput[], since: CpuSample): number {
  const characters = distinctFiles(inputs).reduce((n, f) => n + f.text.length, 0);
  if (characters < MIN_PARALLEL_CHARACTERS) return 0;
  const now = sampleCpus();
  const cores = availableParallelism();
  const idleCores = now.total > since.total ? ((now.idle - since.idle) / (now.total - since.total)) * cpus().length : cores - 1;
  return Math.max(0, Math.min(cores - 1, Math.round(idleCores)));
}

export interface ReadAheadJob {
  /** Largest first. */
  files: { text: string; path: string; context: boolean }[];
  /** Shared by every thread: files taken, from the front, from the back. */
  counters: Int32Array;
  defaultNamespace: string;
  limits: ParseLimits;
}

/** What a worker read: file indexes and their manifests. */
export type ReadAheadAnswer = [number, ReadManifest][];

const TAKEN = 0;
const FRONT = 1;
const BACK = 2;

/** The index of a file no thread has taken, the largest or the smallest left; -1 when none is left. */
export function claim(job: ReadAheadJob, which: 'largest' | 'smallest'): number {
  if (Atomics.add(job.counters, TAKEN, 1) >= job.files.length) return -1;
  return which === 'largest' ? Atomics.add(job.counters, FRONT, 1) : job.files.length - 1 - Atomics.add(job.counters, BACK, 1);
}

/**
 * Parses and reads every distinct file text of the inputs (rendered output aside: the analysis reads
 * it from its origins) with `threads` worker threads and this one. The workers take the largest files
 * left, this thread (which starts first) the smallest, until none is left: a thread that starts late
 * or runs slowly on a busy machine takes fewer. The analysis then reads nothing twice and parses
 * nothing itself.
 */
export async function readAhead(inputs: readonly AnalysisInput[], threads: number, defaultNamespace: string, limits: ParseLimits): Promise<ReadAhead> {
  const files = distinctFiles(inputs).sort((a, b) => b.text.length - a.text.length);
  const job: ReadAheadJob = { files, counters: new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT)), defaultNamespace, limits };
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./read-ahead-worker.js', import.meta.url), { workerData: job }));
  const answered = answersOf(workers);
  const read = new Map<string, ReadManifest>();
  const keep = (i: number, manifest: ReadManifest) => read.set(keyOf(files[i]!.text, files[i]!.context), manifest);
  for (let i = claim(job, 'smallest'); i >= 0; i = claim(job, 'smallest')) {
    const f = files[i]!;
    keep(i, readManifest({ path: f.path, text: f.text }, f.context, defaultNamespace, limits));
  }
  // Every file is taken now: wait only for the ones the workers took (a worker still starting takes none).
  for (const [i, manifest] of await answered(files.length - Atomics.load(job.counters, BACK))) keep(i, manifest);
  for (const worker of workers) void worker.terminate();
  return { get: (text, context, namespace) => (namespace === defaultNamespace ? read.get(keyOf(text, context)) : undefined) };
}

function keyOf(text: string, context: boolean): string {
  return `${context ? 'c' : 'r'}\u0000${text}`;
}

function distinctFiles(inputs: readonly AnalysisInput[]): ReadAheadJob['files'] {
  const seen = new Map<string, ReadAheadJob['files'][number]>();
  for (const input of inputs) {
    for (const [files, context] of [
      [input.context ?? [], true],
      [input.files, false],
    ] as const) {
      for (const f of files) if (!f.origins && !seen.has(keyOf(f.text, context))) seen.set(keyOf(f.text, context), { path: f.path, text: f.text, context });
    }
  }
  return [...seen.values()];
}

/**
 * Collects the workers' answers. The function returned resolves once they hold `n` files, and
 * rejects when a worker fails or ends without answering before that.
 */
function answersOf(workers: readonly Worker[]): (n: number) => Promise<ReadAheadAnswer> {
  const answer: ReadAheadAnswer = [];
  let failure: Error | undefined;
  let waiting: { n: number; resolve: (a: ReadAheadAnswer) => void; reject: (e: Error) => void } | undefined;
  const settle = () => {
    if (waiting && answer.length >= waiting.n) waiting.resolve(answer);
    else if (waiting && failure) waiting.reject(failure);
  };
  for (const worker of workers) {
    let answered = false;
    worker.once('message', (a: ReadAheadAnswer) => {
      answered = true;
      answer.push(...a);
      settle();
    });
    worker.once('error', (e) => {
      failure ??= e;
      settle();
    });
    worker.once('exit', (code) => {
      if (!answered) failure ??= new Error(`a parsing thread exited with code ${code} before answering`);
      settle();
    });
  }
  return (n) =>
    new Promise((resolve, reject) => {
      waiting = { n, resolve, reject };
      settle();
    });
}
