/**
 * A parse thread (see `readAhead`): waits for its job, then reads files of it, largest first,
 * posting each as soon as it is read, until none is left.
 */
import { parentPort } from 'node:worker_threads';
import { readManifest } from '../reading.js';
import { type ReadAheadAnswer, type ReadAheadJob, claim } from './read-ahead-job.js';

parentPort!.once('message', (job: ReadAheadJob) => {
  for (let i = claim(job, 'largest'); i >= 0; i = claim(job, 'largest')) {
    const f = job.files[i]!;
    const answer: ReadAheadAnswer = [i, readManifest({ path: f.path, text: f.text }, f.context, job.defaultNamespace, job.limits)];
    job.answers.postMessage(answer);
  }
});
