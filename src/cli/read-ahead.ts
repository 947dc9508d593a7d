import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type AnalysisInput, type ParseLimits, type ReadAhead, type ReadManifest, readManifest } from '../index.js';
import type { ReadAheadJob } from './read-ahead-worker.js';

/** Below this many characters of distinct text, starting a thread costs more than it saves. */
export const MIN_PARALLEL_CHARACTERS = 2 * 1024 * 1024;

/** Threads that pay for these inputs by default: one fewer than the cores (the main thread parses too), none for small trees. */
export function defaultParseThreads(inputs: readonly AnalysisInput[]): number {
  const characters = distinctFiles(inputs).reduce((n, f) => n + f.text.length, 0);
  return characters < MIN_PARALLEL_CHARACTERS ? 0 : Math.max(1, availableParallelism() - 1);
}

/**
 * Parses and reads every distinct file text of the inputs (rendered output aside: the analysis reads
 * it from its origins) with `threads` worker threads and this one, each taking a share of about
 * equal size, largest files first. The analysis then reads nothing twice and parses nothing itself.
 */
export async function readAhead(inputs: readonly AnalysisInput[], threads: number, defaultNamespace: string, limits: ParseLimits): Promise<ReadAhead> {
  const shares: ReadAheadJob['files'][] = Array.from({ length: threads + 1 }, () => []);
  const sizes = shares.map(() => 0);
  for (const file of distinctFiles(inputs).sort((a, b) => b.text.length - a.text.length)) {
    const least = sizes.indexOf(Math.min(...sizes));
    shares[least]!.push(file);
    sizes[least]! += file.text.length;
  }
  const [own, ...theirs] = shares;
  const pending = theirs.filter((files) => files.length > 0).map((files) => readInWorker({ files, defaultNamespace, limits }));
  const read = new Map<string, ReadManifest>();
  const keep = (file: { text: string; context: boolean }, manifest: ReadManifest) => read.set(keyOf(file.text, file.context), manifest);
  for (const file of own!) keep(file, readManifest({ path: file.path, text: file.text }, file.context, defaultNamespace, limits));
  const answers = await Promise.all(pending);
  answers.forEach((manifests, i) => theirs[i]!.forEach((file, j) => keep(file, manifests[j]!)));
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

function readInWorker(job: ReadAheadJob): Promise<ReadManifest[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./read-ahead-worker.js', import.meta.url), { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a parsing thread exited with code ${code} before answering`)));
  });
}
