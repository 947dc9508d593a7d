/** What the CLI's parse threads share: kept apart from `read-ahead.ts` so that a worker loads only the reading half of the core. */
import type { MessagePort } from 'node:worker_threads';
import type { ParseLimits, ReadManifest } from '../reading.js';

export interface ReadAheadJob {
  /** Largest first. */
  files: { text: string; path: string; context: boolean }[];
  /** Shared by every thread: files taken, from the front, from the back. */
  counters: Int32Array;
  defaultNamespace: string;
  limits: ParseLimits;
  /** Where a worker posts each file it read, as soon as it has read it. */
  answers: MessagePort;
}

/** One file a worker read: its index in the job's files, and what it holds. */
export type ReadAheadAnswer = [number, ReadManifest];

const TAKEN = 0;
const FRONT = 1;
const BACK = 2;

export function newCounters(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
}

/** The index of a file no thread has taken, the largest or the smallest left; -1 when none is left. */
export function claim(job: Pick<ReadAheadJob, 'files' | 'counters'>, which: 'largest' | 'smallest'): number {
  if (Atomics.add(job.counters, TAKEN, 1) >= job.files.length) return -1;
  return which === 'largest' ? Atomics.add(job.counters, FRONT, 1) : job.files.length - 1 - Atomics.add(job.counters, BACK, 1);
}
