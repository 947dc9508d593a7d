/**
 * The API server's defaulting, as the engine must apply it before computing reachability.
 * References:
 * - pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy: when len(spec.policyTypes) == 0,
 *   policyTypes = [Ingress], plus Egress when len(spec.egress) != 0. SetDefaults_NetworkPolicyPort:
 *   protocol TCP when absent.
 * - API reference NetworkPolicySpec.policyTypes / ingress / egress, NetworkPolicyIngressRule.from and
 *   .ports ("If this field is empty or missing, this rule matches all sources / all ports").
 * - Concept page "Targeting a Namespace by its name": the control plane sets the immutable label
 *   kubernetes.io/metadata.name on every namespace.
 * - pkg/registry/batch/job/strategy.go generateSelector (run for every Job without
 *   spec.manualSelector: true): "The job-name label is unique … So, we add it as a label" — the pod
 *   template gets `job-name: <Job name>` and `batch.kubernetes.io/job-name: <Job name>` (plus
 *   controller-uid labels), so every pod of the Job carries them.
 */
import { describe, expect, it } from 'vitest';
import { ALL_PORTS, docs, pod, ports, run } from './helpers.js';

const A = 'x/Pod/a';
const B = 'x/Pod/b';
const EXT = 'ip:0.0.0.0/0';
const PODS = docs(pod('x', 'a', { pod: 'a' }), pod('x', 'b', { pod: 'b' }));
const policyOnA = (spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n  podSelector: {matchLabels: {pod: a}}\n  ${spec}\n`;

describe('policyTypes defaulting and empty vs absent rule parts (verified correct)', () => {
  // [case, spec, b→a (a's ingress), a→b (a's egress), ext→a, a→ext]
  const table: [string, string, string[], string[], string[], string[]][] = [
    ['egress: [] adds no Egress type', 'egress: []', [], ALL_PORTS, [], ALL_PORTS],
    ['egress: [{}] adds Egress, allowing all', 'egress: [{}]', [], ALL_PORTS, [], ALL_PORTS],
    ['egress absent', '', [], ALL_PORTS, [], ALL_PORTS],
    ['an egress rule adds Egress (to pods only)', 'egress: [{to: [{podSelector: {}}]}]', [], ALL_PORTS, [], []],
    ['policyTypes: [] is defaulted like absent', 'policyTypes: []\n  egress: [{to: [{podSelector: {}}]}]', [], ALL_PORTS, [], []],
    ['[Egress] ignores ingress rules', 'policyTypes: [Egress]\n  ingress: []\n  egress: [{to: [{podSelector: {matchLabels: {pod: b}}}], ports: [{port: 53, protocol: UDP}]}]', ALL_PORTS, ['UDP/53'], ALL_PORTS, []],
    ['[Ingress] ignores egress rules', 'policyTypes: [Ingress]\n  egress: []', [], ALL_PORTS, [], ALL_PORTS],
    ['ingress: [{}] allows everything in', 'ingress: [{}]', ALL_PORTS, ALL_PORTS, ALL_PORTS, ALL_PORTS],
    ['from: [] is every peer', 'ingress: [{from: []}]', ALL_PORTS, ALL_PORTS, ALL_PORTS, ALL_PORTS],
    ['ports: [] is every port of every protocol', 'ingress: [{ports: []}]', ALL_PORTS, ALL_PORTS, ALL_PORTS, ALL_PORTS],
    ['ports: [{}] is every TCP port', 'ingress: [{ports: [{}]}]', ['TCP/1-65535'], ALL_PORTS, ['TCP/1-65535'], ALL_PORTS],
    ['ports: [{protocol: UDP}] is every UDP port', 'ingress: [{ports: [{protocol: UDP}]}]', ['UDP/1-65535'], ALL_PORTS, ['UDP/1-65535'], ALL_PORTS],
    ['endPort 1-65535 joins adjacent entries', 'ingress: [{ports: [{port: 1, endPort: 100}, {port: 101, endPort: 65535}]}]', ['TCP/1-65535'], ALL_PORTS, ['TCP/1-65535'], ALL_PORTS],
    ['namespaceSelector {} is every pod, no external', 'ingress: [{from: [{namespaceSelector: {}}]}]', ALL_PORTS, ALL_PORTS, [], ALL_PORTS],
  ];
  it.each(table)('%s', (_name, spec, bToA, aToB, extToA, aToExt) => {
    const result = run(docs(PODS, policyOnA(spec)));
    expect(ports(result, B, A)).toEqual(bToA);
    expect(ports(result, A, B)).toEqual(aToB);
    expect(ports(result, EXT, A)).toEqual(extToA);
    expect(ports(result, A, EXT)).toEqual(aToExt);
  });
});

describe('namespace name label and selector operators on missing keys (verified correct)', () => {
  const cluster = docs(
    pod('x', 'a', { pod: 'a' }),
    pod('y', 'c', { pod: 'c' }),
    pod('z', 'd', { pod: 'd', env: 'dev' }),
    // The control plane overwrites a wrong kubernetes.io/metadata.name.
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: z, labels: {kubernetes.io/metadata.name: fake}}\n',
  );
  const table: [string, string, string, boolean][] = [
    ['a namespace without a Namespace object, by name', '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "y"}}}', 'y/Pod/c', true],
    ['an overwritten kubernetes.io/metadata.name', '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: z}}}', 'z/Pod/d', true],
    ['the bogus value is gone', '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: fake}}}', 'z/Pod/d', false],
    ['NotIn matches pods lacking the key', '{namespaceSelector: {}, podSelector: {matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}}', 'y/Pod/c', true],
    ['DoesNotExist matches pods lacking the key', '{namespaceSelector: {}, podSelector: {matchExpressions: [{key: env, operator: DoesNotExist}]}}', 'y/Pod/c', true],
    ['DoesNotExist excludes pods with the key', '{namespaceSelector: {}, podSelector: {matchExpressions: [{key: env, operator: DoesNotExist}]}}', 'z/Pod/d', false],
    ['a podSelector-only peer stays in the policy namespace', '{podSelector: {}}', 'y/Pod/c', false],
  ];
  it.each(table)('%s', (_name, peer, from, allowed) => {
    const result = run(docs(cluster, policyOnA(`ingress: [{from: [${peer}]}]`)));
    expect(ports(result, from, A)).toEqual(allowed ? ALL_PORTS : []);
  });
});

describe('disagreement: the API server labels every Job pod with its Job name', () => {
  const job = `apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: x}
spec:
  template:
    metadata: {labels: {app: migrate}}
    spec: {restartPolicy: Never, containers: [{name: c, image: i}]}
`;
  const denyByLabel = (key: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: x}\nspec:\n  podSelector: {matchLabels: {${key}: migrate}}\n  policyTypes: [Ingress]\n`;
  it.each(['job-name', 'batch.kubernetes.io/job-name'])('a policy selecting %s: <job> isolates the Job', (key) => {
    const result = run(docs(job, pod('x', 'client', { app: 'client' }), denyByLabel(key)));
    expect(result.diagnostics.filter((d) => d.message.includes('selects no workload'))).toEqual([]);
    expect(ports(result, 'x/Pod/client', 'x/Job/migrate')).toEqual([]);
  });

  it('a peer selecting job-name: <job> admits the Job', () => {
    const allowFromJob = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: x}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchLabels: {job-name: migrate}}}]}]\n`;
    const result = run(docs(job, pod('x', 'db', { app: 'db' }), allowFromJob));
    expect(ports(result, 'x/Job/migrate', 'x/Pod/db')).toEqual(ALL_PORTS);
  });
});
