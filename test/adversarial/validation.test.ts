/**
 * Validation: an object the API server would reject is left out whole with an error diagnostic; an
 * object it accepts is kept (README "Loading"). References:
 * - kubernetes/kubernetes pkg/apis/networking/validation/validation.go: ValidateNetworkPolicy =
 *   ValidateObjectMeta(&np.ObjectMeta, true, ValidateNetworkPolicyName, …) where
 *   ValidateNetworkPolicyName = NameIsDNSSubdomain; ValidateNetworkPolicyPeer ("must specify a peer",
 *   "may not specify both ipBlock and another peer"); ValidateIPBlock ("must be a strict subset of
 *   `cidr`"); ValidateNetworkPolicyPort (port/endPort ranges, named port + endPort); policyTypes
 *   ("may not specify more than two policyTypes", NotSupported for other values).
 * - ObjectMeta validation: "name or generateName is required" (generateName is accepted on create).
 * - Go encoding/json (used by the API server's decoder): "unmarshalling a JSON null into any other Go
 *   type has no effect on the value and produces no error" — a null list item of a struct list is the
 *   zero struct, so `egress: [null]` is `egress: [{}]` and `ports: [null]` is `ports: [{}]` (then
 *   SetDefaults_NetworkPolicyPort sets protocol TCP; SetDefaults_NetworkPolicy adds Egress because
 *   len(spec.egress) != 0).
 * - apps validation: a Deployment's spec.selector is required and must match its template labels.
 */
import { describe, expect, it } from 'vitest';
import { ALL_PORTS, docs, errors, ingressIsolated, pod, ports, run } from './helpers.js';

const PODS = docs(pod('x', 'a', { pod: 'a' }, '{containerPort: 80, name: http}'), pod('x', 'b', { pod: 'b' }));
const policy = (spec: string, meta = 'name: p, namespace: x', apiVersion = 'networking.k8s.io/v1') =>
  `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: {${meta}}\nspec:\n  podSelector: {matchLabels: {pod: a}}\n  ${spec}\n`;

describe('objects the API server rejects are left out whole, with an error', () => {
  // Each spec would isolate x/Pod/a for ingress if it were applied.
  const rejected: [string, string][] = [
    ['an empty peer', 'ingress: [{from: [{}]}]'],
    ['a peer whose selectors are all null', 'ingress: [{from: [{podSelector: null, namespaceSelector: null}]}]'],
    ['ipBlock with podSelector', 'ingress: [{from: [{ipBlock: {cidr: 1.0.0.0/8}, podSelector: {}}]}]'],
    ['ipBlock with namespaceSelector', 'ingress: [{from: [{ipBlock: {cidr: 1.0.0.0/8}, namespaceSelector: {}}]}]'],
    ['a /33 cidr', 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]'],
    ['a cidr without prefix', 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0}}]}]'],
    ['an empty cidr', 'ingress: [{from: [{ipBlock: {cidr: ""}}]}]'],
    ['an except equal to the cidr', 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]}]'],
    ['an except outside the cidr', 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/16]}}]}]'],
    ['an except of the other family', 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: ["fd00::/64"]}}]}]'],
    ['port 0', 'ingress: [{ports: [{port: 0}]}]'],
    ['port 65536', 'ingress: [{ports: [{port: 65536}]}]'],
    ['a digits-only port name', 'ingress: [{ports: [{port: "80"}]}]'],
    ['endPort without port', 'ingress: [{ports: [{endPort: 90}]}]'],
    ['endPort below port', 'ingress: [{ports: [{port: 90, endPort: 89}]}]'],
    ['endPort 65536', 'ingress: [{ports: [{port: 90, endPort: 65536}]}]'],
    ['endPort with a named port', 'ingress: [{ports: [{port: http, endPort: 90}]}]'],
    ['protocol tcp (lower case)', 'ingress: [{ports: [{protocol: tcp}]}]'],
    ['protocol ICMP', 'ingress: [{ports: [{protocol: ICMP}]}]'],
    ['an unknown policyType', 'policyTypes: [ingress]'],
    ['three policyTypes', 'policyTypes: [Ingress, Egress, Ingress]'],
    ['operator In without values', 'ingress: [{from: [{podSelector: {matchExpressions: [{key: k, operator: In, values: []}]}}]}]'],
  ];
  it.each(rejected)('%s', (_name, spec) => {
    const yaml = docs(PODS, policy(spec));
    const result = run(yaml);
    expect(errors(result).some((m) => m.includes('x/p'))).toBe(true);
    expect(ingressIsolated(yaml, 'x/Pod/b', 'x/Pod/a')).toBe(false);
    expect(ports(result, 'x/Pod/b', 'x/Pod/a')).toEqual(ALL_PORTS);
  });
});

describe('objects the API server accepts are kept', () => {
  const kept: [string, string][] = [
    ['endPort equal to port', 'ingress: [{ports: [{port: 90, endPort: 90}]}]'],
    ['a cidr with host bits set (legacy CIDR validation masks them)', 'ingress: [{from: [{ipBlock: {cidr: 10.1.2.3/8}}]}]'],
    ['an except /32 inside a /31', 'ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/31, except: [10.0.0.1/32]}}]}]'],
    ['a duplicated policyType', 'policyTypes: [Ingress, Ingress]'],
    ['namespaceSelector and podSelector in one peer', 'ingress: [{from: [{namespaceSelector: {}, podSelector: {}}]}]'],
    ['Exists with an empty values list', 'ingress: [{from: [{podSelector: {matchExpressions: [{key: k, operator: Exists, values: []}]}}]}]'],
  ];
  it.each(kept)('%s', (_name, spec) => {
    const yaml = docs(PODS, policy(spec));
    expect(errors(run(yaml))).toEqual([]);
    expect(ingressIsolated(yaml, 'x/Pod/b', 'x/Pod/a')).toBe(true);
  });
});

describe('disagreements: metadata and API version', () => {
  // NameIsDNSSubdomain: lower-case alphanumerics, '-' and '.', starting and ending alphanumeric.
  it.each(['Deny_All', 'deny all', '-deny'])('a NetworkPolicy named %j is rejected by the API server, so it must not isolate anything', (name) => {
    const yaml = docs(PODS, policy('ingress: []', `name: "${name}", namespace: x`));
    const result = run(yaml);
    expect(errors(result).length).toBeGreaterThan(0);
    expect(ports(result, 'x/Pod/b', 'x/Pod/a')).toEqual(ALL_PORTS);
  });

  it('a NetworkPolicy in an invalid namespace name (namespaces are DNS labels) is rejected', () => {
    const yaml = docs(pod('x', 'b', { pod: 'b' }), policy('ingress: []', 'name: p, namespace: "X_Y"'));
    expect(errors(run(yaml)).length).toBeGreaterThan(0);
  });

  it('networking.k8s.io/v1beta1 has never served NetworkPolicy: such a document is not applied', () => {
    const result = run(docs(PODS, policy('ingress: []', 'name: p, namespace: x', 'networking.k8s.io/v1beta1')));
    expect(ports(result, 'x/Pod/b', 'x/Pod/a')).toEqual(ALL_PORTS);
  });

  it('metadata.generateName instead of name is accepted on create, and the policy applies', () => {
    const result = run(docs(PODS, policy('ingress: []', 'generateName: deny-, namespace: x')));
    expect(errors(result)).toEqual([]);
    expect(ports(result, 'x/Pod/b', 'x/Pod/a')).toEqual([]);
  });
});

describe('disagreements: null list items decode as zero-valued structs', () => {
  it('egress: [null] is egress: [{}] → policyTypes Ingress+Egress, ingress denied, egress open', () => {
    const result = run(docs(PODS, policy('egress:\n  -')));
    expect(errors(result)).toEqual([]);
    expect(ports(result, 'x/Pod/b', 'x/Pod/a')).toEqual([]);
    expect(ports(result, 'ip:0.0.0.0/0', 'x/Pod/a')).toEqual([]);
    expect(ports(result, 'x/Pod/a', 'ip:0.0.0.0/0')).toEqual(ALL_PORTS);
  });

  it('ports: [null] is ports: [{}] → every TCP port (protocol defaulted), nothing else', () => {
    const result = run(docs(PODS, policy('ingress:\n  - ports:\n    -')));
    expect(errors(result)).toEqual([]);
    expect(ports(result, 'x/Pod/b', 'x/Pod/a')).toEqual(['TCP/1-65535']);
  });
});

describe('disagreement: workloads the API server rejects', () => {
  const deployment = (selector: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: x}
spec:
${selector}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: i}]}
`;
  it.each([
    ['without spec.selector', ''],
    ['whose selector does not match its template labels', '  selector: {matchLabels: {app: other}}'],
  ])('a Deployment %s is left out with an error', (_name, selector) => {
    const result = run(docs(pod('x', 'b', { pod: 'b' }), deployment(selector)));
    expect(errors(result).length).toBeGreaterThan(0);
    expect(result.workloads.map((w) => w.id)).toEqual(['x/Pod/b']);
  });
});

describe('disagreement: the error for an empty (implicitly null) list item is placed at line 1', () => {
  // README "Loading": an object the API server would reject "is left out whole with an error at its line".
  // `from: [null]` is an empty peer ("must specify a peer"), rightly rejected; the diagnostic must point
  // into the NetworkPolicy (lines 6-13 here), not at line 1 (the Pod).
  it('points at the item (line 13), not line 1', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {}
  ingress:
  - from:
    -
    - podSelector: {}
`;
    const lines = run(yaml).diagnostics.filter((d) => d.severity === 'error').map((d) => d.line);
    expect(lines).toEqual([13]);
  });
});
