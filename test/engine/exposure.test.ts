import { describe, expect, it } from 'vitest';
import { diff } from '../../src/index.js';

const pod = (ns: string, name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}
spec: {containers: [{name: c, image: x}]}
`;
const denyEgress = (ns: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: ${ns}}
spec: {podSelector: {}, policyTypes: [Egress]}
`;
const allowToTarget = (ns: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: to-target, namespace: ${ns}}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: t}}}]
`;

const NAMESPACES = ['a', 'b', 't'];
const tree = (withAllow: boolean) => ({
  files: NAMESPACES.map((ns) => ({ path: `${ns}.yaml`, text: [pod(ns, `${ns}1`), denyEgress(ns), ...(withAllow ? [allowToTarget(ns)] : [])].join('---\n') })),
});

describe('exposure changes', () => {
  it('a workload whose own policies did not change is newly reachable from every namespace when the sources open their egress', () => {
    const result = diff(tree(false), tree(true));
    expect(result.opened.map((e) => `${e.from}->${e.to}`)).toEqual(['a/Pod/a1->t/Pod/t1', 'b/Pod/b1->t/Pod/t1', 't/Pod/t1->t/Pod/t1']);
    expect(result.exposure).toEqual([{ workload: 't/Pod/t1', change: 'reachable-from-every-namespace' }]);
  });

  it('the reverse change reports no exposure gained', () => {
    expect(diff(tree(true), tree(false)).exposure).toEqual([]);
  });
});
