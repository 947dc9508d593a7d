/** What files hold: multi-document YAML, JSON, lists, and documents that are skipped rather than refused. */
import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/index.js';
import { ALL_PORTS, DB_FROM_API, docs, file, ids, load, pod, portsOf, TRIO } from './manifests.js';

describe('documents and files', () => {
  it('reads every document of a multi-document YAML file, each at its own line', () => {
    const cluster = load([file('all.yaml', docs(pod('a'), pod('b'), '# only a comment\n', pod('c')))]);
    expect(cluster.workloads.map((w) => [w.id, w.location.line])).toEqual([
      ['prod/Pod/a', 1],
      ['prod/Pod/b', 10],
      ['prod/Pod/c', 21],
    ]);
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.skipped).toEqual({ notKubernetes: 0, otherKinds: 0 });
  });

  it('reads a JSON file, placing objects at their lines', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j1', namespace: 'prod', labels: { app: 'j1' } }, spec: { containers: [] } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j2', namespace: 'prod', labels: { app: 5 } }, spec: { containers: [] } },
      ],
    };
    const text = JSON.stringify(list, null, 2);
    const result = matrix({ files: [file('pods.json', text), TRIO] });
    expect(ids(result)).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/j1', 'prod/Pod/web']);
    const labelLine = text.split('\n').findIndex((l) => l.includes('"app": 5')) + 1;
    expect(labelLine).toBe(26);
    expect(result.diagnostics).toEqual([
      {
        file: 'pods.json',
        line: 26,
        severity: 'error',
        message: 'Pod prod/j2 is invalid and left out of the analysis: metadata.labels.app: label value must be a string, found number 5 (quote it)',
      },
    ]);
  });

  it('reads the items of a kind: List, each at its own line', () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: List', // 2
      'items:', // 3
      '- apiVersion: v1', // 4
      '  kind: Pod', // 5
      '  metadata: {name: p, namespace: prod}', // 6
      '  spec: {containers: []}', // 7
      '- apiVersion: apps/v1', // 8
      '  kind: Deployment', // 9
      '  metadata: {name: d, namespace: prod}', // 10
      '  spec: {selector: {matchLabels: {app: d}}, template: {metadata: {labels: {app: d}}, spec: {containers: []}}}', // 11
      '- apiVersion: networking.k8s.io/v1', // 12
      '  kind: NetworkPolicy', // 13
      '  metadata: {name: np, namespace: prod}', // 14
      '  spec: {podSelector: {matchLabels: {app: d}}}', // 15
      '- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm}}', // 16
      '',
    ].join('\n');
    const cluster = load([file('list.yaml', text)]);
    expect(cluster.workloads.map((w) => [w.id, w.location.line])).toEqual([
      ['prod/Pod/p', 4],
      ['prod/Deployment/d', 8],
    ]);
    expect(cluster.policies.map((p) => [p.id, p.location.line])).toEqual([['prod/np', 12]]);
    expect(cluster.skipped).toEqual({ notKubernetes: 0, otherKinds: 1 });
    expect(cluster.diagnostics).toEqual([]);
  });

  it('warns about a list nested in a list and does not read it', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: PodList\n  items: [{metadata: {name: hidden}, spec: {containers: []}}]\n';
    const cluster = load([file('nested.yaml', text), TRIO]);
    expect(cluster.diagnostics).toEqual([{ file: 'nested.yaml', line: 4, severity: 'warning', message: 'nested PodList inside a list is not read' }]);
    expect(cluster.workloads.map((w) => w.id)).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
  });

  describe.each([
    {
      list: 'PodList',
      apiVersion: 'v1',
      items: ['- metadata: {name: p1, namespace: shop, labels: {app: p1}}\n  spec: {containers: []}', '- metadata: {name: p2, namespace: shop}\n  spec: {containers: []}'],
      workloads: ['shop/Pod/p1', 'shop/Pod/p2'],
      namespaces: [['shop', { 'kubernetes.io/metadata.name': 'shop' }]],
    },
    {
      list: 'DeploymentList',
      apiVersion: 'apps/v1',
      items: ['- metadata: {name: d1, namespace: shop}\n  spec: {selector: {matchLabels: {app: d1}}, template: {metadata: {labels: {app: d1}}, spec: {containers: []}}}'],
      workloads: ['shop/Deployment/d1'],
      namespaces: [['shop', { 'kubernetes.io/metadata.name': 'shop' }]],
    },
    {
      list: 'NamespaceList',
      apiVersion: 'v1',
      items: ['- metadata: {name: shop, labels: {team: s}}', '- metadata: {name: data}'],
      workloads: [],
      namespaces: [
        ['shop', { team: 's', 'kubernetes.io/metadata.name': 'shop' }],
        ['data', { 'kubernetes.io/metadata.name': 'data' }],
      ],
    },
  ])('a typed $list whose items lack kind and apiVersion', ({ list, apiVersion, items, workloads, namespaces }) => {
    const text = `apiVersion: ${apiVersion}\nkind: ${list}\nitems:\n${items.join('\n')}\n`;

    it('reads the items as the list kind', () => {
      const cluster = load([file('list.yaml', text)]);
      expect(cluster.diagnostics).toEqual([]);
      expect(cluster.workloads.map((w) => w.id)).toEqual(workloads);
      expect(cluster.namespaces.map((n) => [n.name, n.labels])).toEqual(namespaces);
      expect(cluster.skipped).toEqual({ notKubernetes: 0, otherKinds: 0 });
    });
  });

  it('places a typed list item at the item line', () => {
    const text = 'apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: ok, namespace: prod}\n  spec: {containers: []}\n- metadata: {name: bad, namespace: prod, labels: {app: true}}\n  spec: {containers: []}\n';
    const cluster = load([file('list.yaml', text)]);
    expect(cluster.workloads.map((w) => [w.id, w.location.line])).toEqual([['prod/Pod/ok', 4]]);
    expect(cluster.diagnostics.map((d) => [d.line, d.severity])).toEqual([[6, 'error']]);
    expect(cluster.diagnostics[0]!.message).toContain('Pod prod/bad is invalid and left out of the analysis: metadata.labels.app');
  });
});

describe('documents that are skipped, not refused', () => {
  const SKIPPED = docs(
    'foo: bar\n', // 1: not a Kubernetes object (no apiVersion/kind)
    '- 1\n- 2\n', // 3: a list, not an object
    'just a scalar\n', // 6
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: prod}\n', // 8
    'apiVersion: v1\nkind: Service\nmetadata: {name: svc, namespace: prod}\nspec: {selector: {app: db}}\n', // 12
    'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: calico, namespace: prod}\nspec: {selector: all()}\n', // 17
    'kind: DaemonSet\nimage: {tag: v1}\n', // 22: a kind without apiVersion or metadata (a Helm values file)
  );

  it('counts them in cluster.skipped and reports only the Calico policy, as info', () => {
    const cluster = load([file('misc.yaml', SKIPPED), TRIO]);
    expect(cluster.skipped).toEqual({ notKubernetes: 4, otherKinds: 3 });
    expect(cluster.diagnostics).toEqual([
      {
        file: 'misc.yaml',
        line: 17,
        severity: 'info',
        message: 'projectcalico.org/v3 NetworkPolicy is not analysed: only networking.k8s.io/v1 NetworkPolicy and the policy.networking.k8s.io cluster policies are modelled',
      },
    ]);
    expect(cluster.policies).toEqual([]);
  });

  it('still analyses the objects next to them', () => {
    const result = matrix({ files: [file('misc.yaml', SKIPPED), TRIO, file('np.yaml', DB_FROM_API)] });
    expect(ids(result)).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
    expect(portsOf(result, 'prod/Pod/api', 'prod/Pod/db')).toEqual(['TCP/5432']);
    expect(portsOf(result, 'prod/Pod/web', 'prod/Pod/db')).toBeUndefined();
    expect(portsOf(result, 'prod/Pod/db', 'prod/Pod/web')).toEqual(ALL_PORTS);
  });

});

describe('objects that lost their apiVersion (kubectl refuses them): an error, never silence', () => {
  it('a manifest of a modelled kind with metadata but no apiVersion', () => {
    const cluster = load([file('np.yaml', 'kind: NetworkPolicy\nmetadata: {name: deny, namespace: prod}\nspec: {podSelector: {}}\n'), TRIO]);
    expect(cluster.policies).toEqual([]);
    expect(cluster.skipped).toEqual({ notKubernetes: 0, otherKinds: 0 });
    expect(cluster.diagnostics).toEqual([
      { file: 'np.yaml', line: 1, severity: 'error', message: 'NetworkPolicy deny is invalid and left out of the analysis: apiVersion: apiVersion is required, found nothing (kubectl refuses the object)' },
    ]);
    expect(cluster.invalid).toEqual([{ kind: 'NetworkPolicy', id: 'prod/deny', file: 'np.yaml', line: 1, problem: cluster.diagnostics[0]!.message }]);
  });

  it('List items with a kind but no apiVersion, each at its line', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: p, namespace: prod}\n  spec: {containers: []}\n- kind: Deployment\n  apiVersion: 1\n  metadata: {name: d}\n';
    const cluster = load([file('list.yaml', text)]);
    expect(cluster.workloads).toEqual([]);
    expect(cluster.skipped).toEqual({ notKubernetes: 0, otherKinds: 0 });
    expect(cluster.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [4, 'Pod p is invalid and left out of the analysis: apiVersion: apiVersion is required, found nothing (kubectl refuses the object)'],
      [8, 'Deployment d is invalid and left out of the analysis: apiVersion: apiVersion is required, found number 1 (kubectl refuses the object)'],
    ]);
  });

  it('a List without apiVersion: one error for the list, its items not read', () => {
    const cluster = load([file('list.yaml', 'kind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: fuzz}}\n')]);
    expect(cluster.namespaces).toEqual([]);
    expect(cluster.diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([[1, 'error', 'List is invalid and left out of the analysis: apiVersion: apiVersion is required, found nothing (kubectl refuses the object)']]);
  });
});
