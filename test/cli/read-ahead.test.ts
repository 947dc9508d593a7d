/** The CLI's read-ahead reads exactly the files the loader will read, and the analysis then reads the same as without it. */
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/cli/read-ahead.js';
import { PARSE_LIMITS, analyse } from '../../src/index.js';
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
});
