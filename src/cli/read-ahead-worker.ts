/** A worker thread of `readAhead`: reads files of the job, largest first, until none is left; posts what they hold, and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { readManifest } from '../index.js';
import { type ReadAheadAnswer, type ReadAheadJob, claim } from './read-ahead.js';

const job = workerData as ReadAheadJob;
const answer: ReadAheadAnswer = [];
for (let i = claim(job, 'largest'); i >= 0; i = claim(job, 'largest')) {
  const f = job.files[i]!;
  answer.push([i, readManifest({ path: f.path, text: f.text }, f.context, job.defaultNamespace, job.limits)]);
}
parentPort!.postMessage(answer);
