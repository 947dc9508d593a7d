/** Workloads, namespaces, context and duplicate objects. */
import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/index.js';
import { ALL_PORTS, DB_FROM_API, docs, file, ids, load, namespace, pod, policy, portsOf, TRIO } from './manifests.js';

/** A pod template (metadata + spec) with container ports, a sidecar and a plain init container. */
const TEMPLATE = [
  'metadata:',
  '  labels: {app: w}',
  'spec:',
  '  containers:',
  '  - name: main',
  '    ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP, name: dns}]',
  '  initContainers:',
  '  - {name: sidecar, restartPolicy: Always, ports: [{containerPort: 9000, protocol: SCTP}]}',
  '  - {name: init, ports: [{containerPort: 7000}]}',
];

const TEMPLATE_PORTS = [
  { port: 80, protocol: 'TCP' },
  { name: 'dns', port: 53, protocol: 'UDP' },
  { port: 9000, protocol: 'SCTP' },
];

/** A workload of `kind` named `w` in `prod`, with TEMPLATE nested at `path`. */
function workload(kind: string, apiVersion: string, path: string[]): string {
  const nested = path.reduce((lines, key) => [`${key}:`, ...lines.map((l) => `  ${l}`)], TEMPLATE).join('\n');
  // apps/v1 controllers must have a selector that selects their pod template.
  const selector = apiVersion === 'apps/v1' ? 'spec:\n  selector: {matchLabels: {app: w}}\n' : '';
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: w\n  namespace: prod\n${selector ? nested.replace(/^spec:\n/, selector) : nested}\n`;
}

/** The pod labels of a workload of `kind` named `w`: the API server adds the job-name labels to a Job's pods. */
const podLabels = (kind: string) => (kind === 'Job' ? { app: 'w', 'batch.kubernetes.io/job-name': 'w', 'job-name': 'w' } : { app: 'w' });

const KINDS: [kind: string, apiVersion: string, templatePath: string[]][] = [
  ['Deployment', 'apps/v1', ['spec', 'template']],
  ['ReplicaSet', 'apps/v1', ['spec', 'template']],
  ['StatefulSet', 'apps/v1', ['spec', 'template']],
  ['DaemonSet', 'apps/v1', ['spec', 'template']],
  ['Job', 'batch/v1', ['spec', 'template']],
  ['CronJob', 'batch/v1', ['spec', 'jobTemplate', 'spec', 'template']],
  ['ReplicationController', 'v1', ['spec', 'template']],
];

describe('workload kinds', () => {
  it.each(KINDS)('%s: labels from the pod template; ports from containers and restartPolicy: Always init containers', (kind, apiVersion, path) => {
    const text = workload(kind, apiVersion, [...path].reverse());
    const cluster = load([file('w.yaml', text)]);
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.workloads).toEqual([
      {
        id: `prod/${kind}/w`,
        namespace: 'prod',
        kind,
        name: 'w',
        labels: podLabels(kind),
        ports: TEMPLATE_PORTS,
        location: { file: 'w.yaml', line: 1 },
        context: false,
      },
    ]);
  });

  it('Pod: its own labels and ports', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\n  namespace: prod\n${TEMPLATE.slice(1).join('\n')}\n`;
    const cluster = load([file('w.yaml', text)]);
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.workloads.map((w) => [w.id, w.labels, w.ports])).toEqual([['prod/Pod/w', { app: 'w' }, TEMPLATE_PORTS]]);
  });

  it('lists every kind in matrix() with namespace, kind and name, next to the other workloads', () => {
    const files = KINDS.map(([kind, apiVersion, path]) => file(`${kind}.yaml`, workload(kind, apiVersion, [...path].reverse())));
    const result = matrix({ files: [...files, TRIO] });
    expect(result.workloads).toEqual([
      { id: 'prod/CronJob/w', namespace: 'prod', kind: 'CronJob', name: 'w' },
      { id: 'prod/DaemonSet/w', namespace: 'prod', kind: 'DaemonSet', name: 'w' },
      { id: 'prod/Deployment/w', namespace: 'prod', kind: 'Deployment', name: 'w' },
      { id: 'prod/Job/w', namespace: 'prod', kind: 'Job', name: 'w' },
      { id: 'prod/Pod/api', namespace: 'prod', kind: 'Pod', name: 'api' },
      { id: 'prod/Pod/db', namespace: 'prod', kind: 'Pod', name: 'db' },
      { id: 'prod/Pod/web', namespace: 'prod', kind: 'Pod', name: 'web' },
      { id: 'prod/ReplicaSet/w', namespace: 'prod', kind: 'ReplicaSet', name: 'w' },
      { id: 'prod/ReplicationController/w', namespace: 'prod', kind: 'ReplicationController', name: 'w' },
      { id: 'prod/StatefulSet/w', namespace: 'prod', kind: 'StatefulSet', name: 'w' },
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('defaults the container port protocol to TCP and ignores init containers without restartPolicy: Always', () => {
    const text = pod('p', { ports: [{ containerPort: 8080, name: 'http' }] }).replace(
      '  containers:',
      '  initContainers: [{name: i, restartPolicy: OnFailure, ports: [{containerPort: 1234}]}]\n  containers:',
    );
    expect(load([file('p.yaml', text)]).workloads[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('reads status.podIPs (and status.podIP) of Pods only', () => {
    const withIPs = pod('p', { podIPs: ['10.1.1.1', 'fd00::1'] }).replace('status:\n', 'status:\n  podIP: 10.1.1.9\n');
    const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: prod}\nspec:\n  selector: {matchLabels: {app: d}}\n  template: {metadata: {labels: {app: d}}, spec: {containers: []}}\nstatus:\n  podIPs: [{ip: 10.2.2.2}]\n`;
    const cluster = load([file('p.yaml', docs(withIPs, pod('none'), deployment))]);
    expect(cluster.workloads.map((w) => [w.id, w.podIPs])).toEqual([
      ['prod/Pod/p', ['10.1.1.1', 'fd00::1', '10.1.1.9']],
      ['prod/Pod/none', undefined],
      ['prod/Deployment/d', undefined],
    ]);
  });
});

describe('controllers: an object whose controller is loaded is not a workload of its own', () => {
  const owned = (kind: string, name: string, ownerKind: string, ownerName: string, controller: boolean, apiVersion = 'v1') =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: prod\n  ownerReferences: [{apiVersion: apps/v1, kind: ${ownerKind}, name: ${ownerName}, uid: u, controller: ${controller}}]\n` +
    (kind === 'Pod' ? '  labels: {app: web}\nspec: {containers: []}\n' : 'spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: []}}}\n');
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}\nspec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: []}}}\n';

  it('Deployment + its ReplicaSet + its Pods = one workload', () => {
    const text = docs(
      deployment,
      owned('ReplicaSet', 'web-5d8f', 'Deployment', 'web', true, 'apps/v1'),
      owned('Pod', 'web-5d8f-a', 'ReplicaSet', 'web-5d8f', true),
      owned('Pod', 'web-5d8f-b', 'ReplicaSet', 'web-5d8f', true),
    );
    const result = matrix({ files: [file('dump.yaml', text), TRIO] });
    expect(ids(result)).toEqual(['prod/Deployment/web', 'prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
  });

  it.each([
    ['whose controller is not loaded', owned('Pod', 'orphan', 'ReplicaSet', 'gone', true), 'prod/Pod/orphan'],
    ['whose owner is not its controller', owned('Pod', 'adopted', 'Deployment', 'web', false), 'prod/Pod/adopted'],
  ])('an object %s stays a workload', (_, text, id) => {
    const cluster = load([file('dump.yaml', docs(deployment, text))]);
    expect(cluster.workloads.map((w) => w.id)).toEqual(['prod/Deployment/web', id]);
  });
});

describe('namespaces', () => {
  it('gives Namespace objects their labels plus kubernetes.io/metadata.name, and implicit namespaces only that label', () => {
    const cluster = load([file('ns.yaml', docs(namespace('prod', { team: 'core' }), namespace('empty'))), TRIO, file('shop.yaml', pod('cart', { ns: 'shop' }))]);
    expect(cluster.namespaces.map((n) => [n.name, n.labels])).toEqual([
      ['prod', { team: 'core', 'kubernetes.io/metadata.name': 'prod' }],
      ['empty', { 'kubernetes.io/metadata.name': 'empty' }],
      ['shop', { 'kubernetes.io/metadata.name': 'shop' }],
    ]);
  });

  it('overrides a written kubernetes.io/metadata.name label with the name', () => {
    const cluster = load([file('ns.yaml', namespace('prod', { 'kubernetes.io/metadata.name': 'other' }))]);
    expect(cluster.namespaces[0]!.labels).toEqual({ 'kubernetes.io/metadata.name': 'prod' });
  });

  it('namespace selectors see those labels', () => {
    const fromCore = policy(
      'db-from-core',
      '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: core}}\n',
    );
    const result = matrix({
      files: [
        file('ns.yaml', docs(namespace('core', { team: 'core' }), namespace('edge'))),
        TRIO,
        file('np.yaml', fromCore),
        file('others.yaml', docs(pod('tool', { ns: 'core' }), pod('proxy', { ns: 'edge' }))),
      ],
    });
    expect(portsOf(result, 'core/Pod/tool', 'prod/Pod/db')).toEqual(ALL_PORTS);
    expect(portsOf(result, 'edge/Pod/proxy', 'prod/Pod/db')).toBeUndefined();
    expect(portsOf(result, 'prod/Pod/api', 'prod/Pod/db')).toBeUndefined();
  });

  it.each([
    [undefined, 'default'],
    ['team-a', 'team-a'],
  ])('objects without metadata.namespace go to the default namespace (option %s)', (option, expected) => {
    const podText = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: p}}\nspec: {containers: []}\n';
    const policyText = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}}\n';
    const result = matrix({ files: [file('a.yaml', docs(podText, policyText))] }, option ? { defaultNamespace: option } : {});
    expect(result.workloads).toEqual([{ id: `${expected}/Pod/p`, namespace: expected, kind: 'Pod', name: 'p' }]);
    // The namespace-less policy lands in the same namespace and isolates the pod's ingress.
    expect(result.edges).toEqual([{ from: `${expected}/Pod/p`, to: 'ip:0.0.0.0/0', ports: ALL_PORTS }]);
  });
});

describe('context files', () => {
  it('marks workloads from input.context as context: true, and only those', () => {
    const result = matrix({ files: [TRIO, file('np.yaml', DB_FROM_API)], context: [file('cluster.yaml', pod('monitor', { ns: 'ops' }))] });
    expect(result.workloads).toEqual([
      { id: 'ops/Pod/monitor', namespace: 'ops', kind: 'Pod', name: 'monitor', context: true },
      { id: 'prod/Pod/api', namespace: 'prod', kind: 'Pod', name: 'api' },
      { id: 'prod/Pod/db', namespace: 'prod', kind: 'Pod', name: 'db' },
      { id: 'prod/Pod/web', namespace: 'prod', kind: 'Pod', name: 'web' },
    ]);
    expect(portsOf(result, 'ops/Pod/monitor', 'prod/Pod/api')).toEqual(ALL_PORTS);
    expect(portsOf(result, 'ops/Pod/monitor', 'prod/Pod/db')).toBeUndefined();
  });

  it('lets a repository file replace a context object of the same id', () => {
    const cluster = load([file('z.yaml', pod('api', { labels: { app: 'repo' } }))], [file('ctx.yaml', pod('api', { labels: { app: 'ctx' } }))]);
    expect(cluster.workloads.map((w) => [w.id, w.labels, w.context])).toEqual([['prod/Pod/api', { app: 'repo' }, false]]);
    expect(cluster.diagnostics).toEqual([
      { file: 'z.yaml', line: 1, severity: 'warning', message: 'workload prod/Pod/api is defined more than once; this definition replaces the one at ctx.yaml:1' },
    ]);
  });
});

describe('duplicate ids', () => {
  it('warns and keeps the object of the later file in path order, whatever the input order', () => {
    const cluster = load([
      file('z.yaml', docs(pod('api', { labels: { app: 'z' } }), namespace('prod', { from: 'z' }))),
      file('a.yaml', docs(pod('api', { labels: { app: 'a' } }), namespace('prod', { from: 'a' }))),
    ]);
    expect(cluster.workloads.map((w) => [w.id, w.labels, w.location])).toEqual([['prod/Pod/api', { app: 'z' }, { file: 'z.yaml', line: 1 }]]);
    expect(cluster.namespaces.map((n) => n.labels.from)).toEqual(['z']);
    expect(cluster.diagnostics).toEqual([
      { file: 'z.yaml', line: 10, severity: 'warning', message: 'Namespace prod is defined more than once; this definition replaces the one at a.yaml:10' },
      { file: 'z.yaml', line: 1, severity: 'warning', message: 'workload prod/Pod/api is defined more than once; this definition replaces the one at a.yaml:1' },
    ]);
  });

  it('keeps the later NetworkPolicy of a duplicated id, which matrix() then applies', () => {
    const denyAll = policy('db-from-api', '  podSelector: {matchLabels: {app: db}}\n  ingress: []\n');
    const result = matrix({ files: [TRIO, file('b.yaml', denyAll), file('a.yaml', DB_FROM_API)] });
    expect(result.diagnostics).toEqual([
      {
        file: 'b.yaml',
        line: 1,
        severity: 'warning',
        message: 'NetworkPolicy prod/db-from-api is defined more than once; this definition replaces the one at a.yaml:1',
      },
    ]);
    expect(portsOf(result, 'prod/Pod/api', 'prod/Pod/db')).toBeUndefined();
    expect(portsOf(result, 'prod/Pod/api', 'prod/Pod/web')).toEqual(ALL_PORTS);
  });
});
