import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type AnalysisInput, type ParseLimits, type ReadAhead, type ReadManifest, readManifest } from '../index.js';

/** Below this many characters of distinct text, starting a thread costs more than it saves. */
export const MIN_PARALLEL_CHARACTERS = 2 * 1024 * 1024;

/** Threads that pay for these inputs by default: one fewer than the cores (the main thread parses too), none for small trees. */
export function defaultParseThreads(inputs: readonly AnalysisInput[]): number {
  const characters = distinctFiles(inputs).reduce((n, f) => n + f.text.length, 0);
  return characters < MIN_PARALLEL_CHARACTERS ? 0 : Math.max(1, availableParallelism() - 1);
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
  const pending = Array.from({ length: threads }, () => readInWorker(job));
  const read = new Map<string, ReadManifest>();
  const keep = (i: number, manifest: ReadManifest) => read.set(keyOf(files[i]!.text, files[i]!.context), manifest);
  for (let i = claim(job, 'smallest'); i >= 0; i = claim(job, 'smallest')) {
    const f = files[i]!;
    keep(i, readManifest({ path: f.path, text: f.text }, f.context, defaultNamespace, limits));
  }
  for (const answer of await Promise.all(pending)) for (const [i, manifest] of answer) keep(i, manifest);
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

function readInWorker(job: ReadAheadJob): Promise<ReadAheadAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./read-ahead-worker.js', import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a parsing thread exited with code ${code} before answering`)));
  });
}
