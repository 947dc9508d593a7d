/** A worker thread of `readAhead`: parses and reads the files it is given, posts what they hold, and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { type ParseLimits, type ReadManifest, readManifest } from '../index.js';

export interface ReadAheadJob {
  files: { text: string; path: string; context: boolean }[];
  defaultNamespace: string;
  limits: ParseLimits;
}

const job = workerData as ReadAheadJob;
const read: ReadManifest[] = job.files.map((f) => readManifest({ path: f.path, text: f.text }, f.context, job.defaultNamespace, job.limits));
parentPort!.postMessage(read);
