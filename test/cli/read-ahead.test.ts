/** The CLI's read-ahead reads exactly the files the loader will read, and the analysis then reads the same as without it. */
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/cli/read-ahead.js';
import { type ReadAheadJob, claim } from '../../src/cli/read-ahead-job.js';
import { PARSE_LIMITS, analyse, readManifest } from '../../src/index.js';
import { DB_FROM_API, TRIO, file, pod } from '../k8s/manifests.js';

const CHART = [file('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 1.0.0\n'), file('charts/web/templates/pod.yaml', pod('web-{{ .Values.x }}'))];

describe('readAhead', () => {
  it('reads every distinct text once, context apart', async () => {
    const input = { files: [TRIO, file('np/db.yaml', DB_FROM_API), file('copy/db.yaml', DB_FROM_API)], context: [file('ctx/db.yaml', DB_FROM_API)] };
    const ahead = await readAhead([input], [], 'default', PARSE_LIMITS);
    expect(ahead.get(DB_FROM_API, false, 'default')?.objects.policies.map((p) => p.id)).toEqual(['prod/db-from-api']);
    expect(ahead.get(DB_FROM_API, true, 'default')?.objects.policies.map((p) => p.context)).toEqual([true]);
    expect(ahead.get(TRIO.text, false, 'default')?.objects.workloads.map((w) => w.name)).toEqual(['api', 'db', 'web']);
    expect(ahead.get(TRIO.text, false, 'other')).toBeUndefined();
  });

  it('leaves out the files past the bounds and the Helm charts the loader sets aside', async () => {
    const limits = { ...PARSE_LIMITS, maxFiles: 2 };
    const input = { files: [file('a.yaml', pod('a')), file('b.yaml', pod('b')), file('c.yaml', pod('c'))] };
    const ahead = await readAhead([input], [], 'default', limits);
    expect(['a', 'b', 'c'].map((n) => ahead.get(pod(n), false, 'default') !== undefined)).toEqual([true, true, false]);
    const charted = await readAhead([{ files: [TRIO, ...CHART] }], [], 'default', PARSE_LIMITS);
    expect(CHART.map((f) => charted.get(f.text, false, 'default'))).toEqual([undefined, undefined]);
    expect(charted.get(TRIO.text, false, 'default')).toBeDefined();
  });

  it('gives the analysis what it would read itself', async () => {
    const input = { files: [TRIO, file('np/db.yaml', DB_FROM_API), ...CHART, file('bad.yaml', 'a: [\n')] };
    const ahead = await readAhead([input], [], 'default', PARSE_LIMITS);
    const [withAhead, without] = [analyse(input, { readAhead: ahead }), analyse(input)];
    expect(withAhead.diagnostics).toEqual(without.diagnostics);
    expect(withAhead.diagnostics.map((d) => d.file)).toEqual(['bad.yaml', 'charts/web/Chart.yaml']);
    expect(withAhead.matrix()).toEqual(without.matrix());
  });

  /**
   * A parse thread that takes the largest files, hands over the first `posts` of them (as a real one
   * does, on the job's port) and then fails: with an error, or by exiting with a code.
   */
  function failingThread(takes: number, posts: number, how: 'error' | 'exit'): Worker {
    const thread = new EventEmitter() as EventEmitter & { postMessage: (job: ReadAheadJob) => void; terminate: () => Promise<number> };
    thread.postMessage = (job) => {
      for (let n = 0; n < takes; n++) {
        const i = claim(job, 'largest');
        const f = job.files[i]!;
        if (n < posts) job.answers.postMessage([i, readManifest({ path: f.path, text: f.text }, f.context, job.defaultNamespace, job.limits)]);
      }
      setImmediate(() => (how === 'error' ? thread.emit('error', new Error('out of memory')) : thread.emit('exit', 1)));
    };
    thread.terminate = async () => 1;
    return thread as unknown as Worker;
  }

  it.each([
    ['fails with an error', failingThread(2, 0, 'error')],
    ['exits with a code', failingThread(3, 1, 'exit')],
  ])('reads itself what a thread that %s did not hand over', async (_, thread) => {
    const texts = ['a', 'b', 'c', 'd'].map((n) => docsOf(n));
    const input = { files: texts.map((text, i) => file(`f${i}.yaml`, text)) };
    const ahead = await readAhead([input], [thread], 'default', PARSE_LIMITS);
    expect(texts.map((t) => ahead.get(t, false, 'default')?.objects.workloads.map((w) => w.name))).toEqual([['a-0', 'a-1'], ['b-0', 'b-1'], ['c-0', 'c-1'], ['d-0', 'd-1']]);
    expect(analyse(input, { readAhead: ahead }).matrix()).toEqual(analyse(input).matrix());
  });
});

/** Two pods named `<n>-0` and `<n>-1`, with a text longer for later letters (so that sizes order the files). */
function docsOf(n: string): string {
  return [pod(`${n}-0`), pod(`${n}-1`)].join('---\n') + '#'.repeat(n.charCodeAt(0) * 10) + '\n';
}
