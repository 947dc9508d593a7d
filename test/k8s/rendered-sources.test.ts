/**
 * Rendered input: documents that carry their origin (kustomize output) are placed in their source
 * files; `helm template` output is placed by its `# Source:` comments; an unrendered chart is one
 * diagnostic and its templates are not read.
 */
import { describe, expect, it } from 'vitest';
import { explain, matrix } from '../../src/index.js';
import { ManifestCache } from '../../src/k8s/load-cluster.js';
import { DB_FROM_API, TRIO, docs, file, ids, load, pod, policy } from './manifests.js';

/** A source file: line 1 a comment, 2 apiVersion, …, 9 `ingress:`, 10 the rule's `- from:`. */
const SOURCE = `# policies of prod\n${policy('db-from-api', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: api}}\n    ports: [{port: 5432}]\n')}`;

describe('documents with an origin', () => {
  // The rendered text is reformatted (as kustomize does): its lines say nothing about the source's.
  const rendered = docs(
    pod('api'),
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-from-api\n  namespace: prod\n  annotations: {a: b}\nspec:\n  podSelector:\n    matchLabels:\n      app: db\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: api\n    ports:\n    - port: 5432\n',
    pod('db'),
  );

  it('are placed at their source document, each field at its own line there', () => {
    const files = [
      {
        path: 'overlays/prod/kustomization.yaml',
        text: rendered,
        origins: [{ file: 'base/pods.yaml', line: 1 }, { file: 'np/db.yaml', line: 2, text: SOURCE }, undefined],
      },
    ];
    const cluster = load(files);
    expect(cluster.policies.map((p) => [p.id, p.location, p.ingress.map((r) => r.location)])).toEqual([
      ['prod/db-from-api', { file: 'np/db.yaml', line: 2 }, [{ file: 'np/db.yaml', line: 10 }]],
    ]);
    // Without the source text everything is at the origin's line; without an origin, the rendered file's line.
    expect(cluster.workloads.map((w) => [w.id, w.location])).toEqual([
      ['prod/Pod/api', { file: 'base/pods.yaml', line: 1 }],
      ['prod/Pod/db', { file: 'overlays/prod/kustomization.yaml', line: 28 }],
    ]);
    const outcome = explain({ files }, 'prod/Pod/api', 'prod/Pod/db', { protocol: 'TCP', port: 5432 });
    expect(outcome.kind === 'explained' && outcome.result.ingress.allowedBy.map((r) => [r.file, r.line])).toEqual([['np/db.yaml', 10]]);
  });

  it('diagnostics name the source file and the line of the field', () => {
    const broken = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: prod}\nspec: {podSelector: {matchLabels: {app: 5}}}\n';
    const source = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: bad\nspec:\n  podSelector:\n    matchLabels:\n      app: 5\n';
    const result = matrix({ files: [{ path: 'rendered.yaml', text: broken, origins: [{ file: 'np/bad.yaml', line: 1, text: source }] }] });
    expect(result.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([['np/bad.yaml', 8, 'error']]);
  });

  it('a source document that cannot be found places everything at the origin line', () => {
    const cluster = load([{ path: 'r.yaml', text: pod('api'), origins: [{ file: 'base/api.yaml', line: 7, text: 'kind: Other\n' }] }]);
    expect(cluster.workloads.map((w) => w.location)).toEqual([{ file: 'base/api.yaml', line: 7 }]);
  });
});

describe('helm template output', () => {
  const HELM = `---\n# Source: shop/templates/pods.yaml\n${pod('api')}---\n# Source: shop/templates/pods.yaml\n${pod('db')}---\n# Source: shop/templates/np.yaml\n${DB_FROM_API}`;

  it('each document is placed in the template its # Source: comment names', () => {
    const cluster = load([file('rendered/shop.yaml', HELM)]);
    expect(cluster.workloads.map((w) => [w.id, w.location])).toEqual([
      ['prod/Pod/api', { file: 'shop/templates/pods.yaml', line: 1 }],
      ['prod/Pod/db', { file: 'shop/templates/pods.yaml', line: 1 }],
    ]);
    expect(cluster.policies.map((p) => [p.id, p.location.file])).toEqual([['prod/db-from-api', 'shop/templates/np.yaml']]);
  });

  it('a byte-identical copy under another path keeps the template locations', () => {
    const cache = new ManifestCache();
    const first = cache.objects(file('base/shop.yaml', HELM), false, 'default');
    const second = cache.objects(file('head/shop.yaml', HELM), false, 'default');
    expect(second.workloads.map((w) => w.location.file)).toEqual(first.workloads.map((w) => w.location.file));
    expect(second.workloads[0]!.location.file).toBe('shop/templates/pods.yaml');
  });
});

describe('unrendered Helm charts', () => {
  const template = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.${name} }}\nspec: {containers: []}\n`;
  const chart = (dir: string) => [
    file(`${dir}/Chart.yaml`, 'apiVersion: v2\nname: shop\nversion: 1.0.0\n'),
    file(`${dir}/values.yaml`, 'api: api\n'),
    file(`${dir}/templates/api.yaml`, template('api')),
    file(`${dir}/templates/db.yaml`, docs(template('db'), template('cache'))),
    file(`${dir}/charts/redis/Chart.yaml`, 'apiVersion: v2\nname: redis\nversion: 1.0.0\n'),
    file(`${dir}/charts/redis/templates/redis.yaml`, template('redis')),
  ];

  it('are one diagnostic per chart (subcharts included), and their templates are not read', () => {
    const cluster = load([TRIO, ...chart('charts/shop'), ...chart('other')]);
    expect(cluster.diagnostics).toEqual([
      { file: 'charts/shop/Chart.yaml', line: 1, severity: 'error', message: 'Helm chart charts/shop is not analysed (2 template files not rendered): render it in a workflow step (helm template) and pass the output' },
      { file: 'other/Chart.yaml', line: 1, severity: 'error', message: 'Helm chart other is not analysed (2 template files not rendered): render it in a workflow step (helm template) and pass the output' },
    ]);
    expect(ids(matrix({ files: [TRIO, ...chart('charts/shop')] }))).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
    expect(cluster.skipped).toEqual({ notKubernetes: 0, otherKinds: 0 });
  });

  it('a chart at the root of the tree', () => {
    const files = chart('x').map((f) => ({ ...f, path: f.path.slice('x/'.length) }));
    expect(load(files).diagnostics.map((d) => [d.file, d.message.slice(0, 30)])).toEqual([['Chart.yaml', 'Helm chart . is not analysed (']]);
  });

  it('a Chart.yaml without templates is not a chart to set aside', () => {
    const cluster = load([file('lib/Chart.yaml', 'apiVersion: v2\nname: lib\n'), file('lib/pod.yaml', pod('api'))]);
    expect([cluster.diagnostics, cluster.workloads.map((w) => w.id)]).toEqual([[], ['prod/Pod/api']]);
  });
});
