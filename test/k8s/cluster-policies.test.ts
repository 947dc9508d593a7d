/**
 * Reading AdminNetworkPolicy, BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) and
 * ClusterNetworkPolicy (v1alpha2): what the CRDs accept is read, what they reject is left out whole with an
 * error at the field's line (values from the CRDs' kubebuilder markers and CEL rules).
 */
import { describe, expect, it } from 'vitest';
import type { ClusterPolicy } from '../../src/k8s/types.js';
import { file, load } from './manifests.js';

const V1 = 'policy.networking.k8s.io/v1alpha1';
const V2 = 'policy.networking.k8s.io/v1alpha2';

/** A cluster policy document: lines 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 spec, 6… the spec's lines. */
const doc = (apiVersion: string, kind: string, name: string, spec: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec.replace(/^\n/, '').replace(/\s+$/, '')}\n`;
const anp = (spec: string, name = 'p') => doc(V1, 'AdminNetworkPolicy', name, spec);
const banp = (spec: string, name = 'default') => doc(V1, 'BaselineAdminNetworkPolicy', name, spec);
const cnp = (spec: string, name = 'p') => doc(V2, 'ClusterNetworkPolicy', name, spec);

const read = (...texts: string[]) => load(texts.map((t, i) => file(`f${i}.yaml`, t)));

const ALL_NS = '  subject:\n    namespaces: {}';
const rules = (n: number, direction: 'ingress' | 'egress' = 'ingress') =>
  `  ${direction}:\n${Array.from({ length: n }, () => `  - action: Deny\n    ${direction === 'ingress' ? 'from' : 'to'}: [{namespaces: {}}]`).join('\n')}`;

describe('valid policies', () => {
  it('an AdminNetworkPolicy with every port form and peer kind', () => {
    const cluster = read(
      anp(`
  priority: 20
  subject:
    pods:
      namespaceSelector: {matchLabels: {env: prod}}
      podSelector: {matchLabels: {app: db}}
  ingress:
  - name: from-dev
    action: Allow
    from:
    - namespaces: {matchLabels: {env: dev}}
    ports:
    - portNumber: {port: 5432}
    - portRange: {protocol: UDP, start: 100, end: 200}
    - namedPort: metrics
  egress:
  - action: Pass
    to:
    - networks: [10.0.0.0/8, "fd00::/8"]
    - nodes: {}
    - domainNames: ["*.example.com"]
`),
    );
    expect(cluster.diagnostics).toEqual([]);
    const [p] = cluster.clusterPolicies as ClusterPolicy[];
    expect(p).toMatchObject({
      id: 'AdminNetworkPolicy/p',
      kind: 'AdminNetworkPolicy',
      tier: 'Admin',
      priority: 20,
      subject: { namespaceSelector: { requirements: [{ key: 'env', operator: 'In', values: ['prod'] }] }, podSelector: { requirements: [{ key: 'app', operator: 'In', values: ['db'] }] } },
      location: { file: 'f0.yaml', line: 1 },
    });
    expect(p!.ingress).toEqual([
      {
        name: 'from-dev',
        action: 'Allow',
        peers: [{ kind: 'pods', namespaceSelector: { requirements: [{ key: 'env', operator: 'In', values: ['dev'] }] } }],
        ports: [{ protocol: 'TCP', from: 5432, to: 5432 }, { protocol: 'UDP', from: 100, to: 200 }, { name: 'metrics' }],
        location: { file: 'f0.yaml', line: 12 },
      },
    ]);
    expect(p!.egress[0]!.peers.map((x) => x.kind)).toEqual(['networks', 'nodes', 'domainNames']);
  });

  it('a ClusterNetworkPolicy: tier, protocols, pods without namespaceSelector', () => {
    const cluster = read(
      cnp(`
  tier: Baseline
  priority: 0
  subject:
    pods:
      podSelector: {}
  egress:
  - action: Accept
    to: [{pods: {podSelector: {matchLabels: {app: dns}}}}]
    protocols:
    - udp: {destinationPort: {number: 53}}
    - tcp: {destinationPort: {range: {start: 8000, end: 8080}}}
    - sctp: {destinationPort: {number: 9}}
    - destinationNamedPort: dns-tcp
`),
    );
    expect(cluster.diagnostics).toEqual([]);
    const [p] = cluster.clusterPolicies;
    expect(p).toMatchObject({ kind: 'ClusterNetworkPolicy', tier: 'Baseline', priority: 0, subject: { namespaceSelector: { requirements: [] }, podSelector: { requirements: [] } } });
    expect(p!.egress[0]!.ports).toEqual([{ protocol: 'UDP', from: 53, to: 53 }, { protocol: 'TCP', from: 8000, to: 8080 }, { protocol: 'SCTP', from: 9, to: 9 }, { name: 'dns-tcp' }]);
  });

  it('a BaselineAdminNetworkPolicy named default, cluster-scoped (metadata.namespace is not used)', () => {
    const text = banp(`${ALL_NS}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]`).replace('  name: default', '  name: default\n  namespace: "not a namespace"');
    const cluster = read(text);
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.clusterPolicies.map((p) => [p.id, p.tier, p.priority])).toEqual([['BaselineAdminNetworkPolicy/default', 'Baseline', undefined]]);
    expect(cluster.namespaces).toEqual([]);
  });

  it('a peer of no known kind is kept and fails closed, with a warning', () => {
    const cluster = read(anp(`  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Deny\n    from:\n    - networks: [10.0.0.0/8]`));
    expect(cluster.clusterPolicies).toHaveLength(1);
    expect(cluster.clusterPolicies[0]!.ingress[0]!.peers).toEqual([{ kind: 'unrecognised', fields: ['networks'] }]);
    expect(cluster.diagnostics.map((d) => [d.severity, d.line])).toEqual([
      ['warning', 12],
      ['warning', 12],
    ]);
    expect(cluster.diagnostics[1]!.message).toBe(
      'AdminNetworkPolicy p: spec.ingress[0].from[0]: peer sets none of namespaces, pods (only networks): the policy fails closed (an Allow or Accept rule matches nothing, a Deny or Pass rule denies all)',
    );
  });
});

interface InvalidCase {
  name: string;
  text: string;
  line: number;
  message: string;
}

const CASES: InvalidCase[] = [
  { name: 'priority above 1000', text: anp(`  priority: 1001\n${ALL_NS}`), line: 6, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.priority: priority 1001 is out of range: must be 0-1000' },
  { name: 'negative priority (CNP)', text: cnp(`  tier: Admin\n  priority: -1\n${ALL_NS}`), line: 7, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.priority: priority -1 is out of range: must be 0-1000' },
  { name: 'priority missing', text: anp(ALL_NS), line: 6, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec: spec.priority is required' },
  { name: 'a CNP without tier', text: cnp(`  priority: 3\n${ALL_NS}`), line: 6, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec: spec.tier is required (Admin or Baseline)' },
  { name: 'an unknown tier', text: cnp(`  tier: NetworkPolicy\n  priority: 3\n${ALL_NS}`), line: 6, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.tier: invalid tier "NetworkPolicy"; expected Admin or Baseline' },
  { name: 'Accept in an ANP', text: anp(`  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Accept\n    from: [{namespaces: {}}]`), line: 10, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0].action: invalid action "Accept"; expected Allow, Deny, Pass' },
  { name: 'Pass in a BANP', text: banp(`${ALL_NS}\n  egress:\n  - action: Pass\n    to: [{namespaces: {}}]`), line: 9, message: 'BaselineAdminNetworkPolicy default is invalid and left out of the analysis: spec.egress[0].action: invalid action "Pass"; expected Allow, Deny' },
  { name: 'Allow in a CNP', text: cnp(`  tier: Admin\n  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Allow\n    from: [{namespaces: {}}]`), line: 11, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0].action: invalid action "Allow"; expected Accept, Deny, Pass' },
  { name: 'a BANP not named default', text: banp(ALL_NS, 'strict'), line: 4, message: 'BaselineAdminNetworkPolicy strict is invalid and left out of the analysis: metadata.name: a BaselineAdminNetworkPolicy must be named "default" (only one can exist in a cluster), found "strict"' },
  { name: '101 ingress rules in an ANP', text: anp(`  priority: 1\n${ALL_NS}\n${rules(101)}`), line: 10, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.ingress: ingress may have at most 100 items (the CRD\'s limit), found 101' },
  { name: '26 egress rules in a CNP', text: cnp(`  tier: Admin\n  priority: 1\n${ALL_NS}\n${rules(26, 'egress')}`), line: 11, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.egress: egress may have at most 25 items (the CRD\'s limit), found 26' },
  { name: '26 networks in one peer', text: anp(`  priority: 1\n${ALL_NS}\n  egress:\n  - action: Deny\n    to:\n    - networks: [${Array.from({ length: 26 }, (_, i) => `10.${i}.0.0/16`).join(', ')}]`), line: 12, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.egress[0].to[0].networks: networks may have at most 25 items (the CRD\'s limit), found 26' },
  { name: '26 peers in a CNP rule', text: cnp(`  tier: Admin\n  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Deny\n    from: [${Array.from({ length: 26 }, () => '{namespaces: {}}').join(', ')}]`), line: 12, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0].from: from may have at most 25 items (the CRD\'s limit), found 26' },
  { name: '101 ports in an ANP rule', text: anp(`  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n    ports: [${Array.from({ length: 101 }, (_, i) => `{portNumber: {protocol: TCP, port: ${i + 1}}}`).join(', ')}]`), line: 12, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0].ports: ports may have at most 100 items (the CRD\'s limit), found 101' },
  { name: '26 protocols in a CNP rule', text: cnp(`  tier: Admin\n  priority: 1\n${ALL_NS}\n  egress:\n  - action: Deny\n    to: [{namespaces: {}}]\n    protocols: [${Array.from({ length: 26 }, (_, i) => `{tcp: {destinationPort: {number: ${i + 1}}}}`).join(', ')}]`), line: 13, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.egress[0].protocols: protocols may have at most 25 items (the CRD\'s limit), found 26' },
  { name: '26 domainNames in one peer', text: cnp(`  tier: Admin\n  priority: 1\n${ALL_NS}\n  egress:\n  - action: Deny\n    to:\n    - domainNames: [${Array.from({ length: 26 }, (_, i) => `d${i}.example.com`).join(', ')}]`), line: 13, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.egress[0].to[0].domainNames: domainNames may have at most 25 items (the CRD\'s limit), found 26' },
  { name: 'a rule without from', text: anp(`  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Deny`), line: 10, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0]: from is required' },
  { name: 'an empty from', text: anp(`  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Deny\n    from: []`), line: 11, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0].from: from must have at least 1 item' },
  { name: 'an empty peer', text: anp(`  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Deny\n    from: [{}]`), line: 11, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0].from[0]: a peer must set exactly one of namespaces, pods (an empty peer is rejected)' },
  { name: 'two peer kinds in one peer', text: anp(`  priority: 1\n${ALL_NS}\n  egress:\n  - action: Deny\n    to:\n    - {namespaces: {}, networks: [10.0.0.0/8]}`), line: 12, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.egress[0].to[0]: a peer must set exactly one of namespaces, pods, nodes, networks, domainNames, found namespaces and networks' },
  { name: 'a subject with both fields', text: anp(`  priority: 1\n  subject:\n    namespaces: {}\n    pods: {namespaceSelector: {}, podSelector: {}}`), line: 8, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.subject: subject must set exactly one of namespaces and pods, found both' },
  { name: 'no subject', text: anp('  priority: 1'), line: 6, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.subject: spec.subject is required' },
  { name: 'v1alpha1 pods without namespaceSelector', text: anp(`  priority: 1\n  subject:\n    pods: {podSelector: {}}`), line: 8, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.subject.pods: pods.namespaceSelector is required' },
  { name: 'named port beside networks (CEL)', text: anp(`  priority: 1\n${ALL_NS}\n  egress:\n  - action: Allow\n    to: [{networks: [10.0.0.0/8]}]\n    ports: [{namedPort: http}]`), line: 10, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.egress[0]: named ports cannot be used beside networks peers: they have no named ports' },
  { name: 'destinationNamedPort beside nodes (CNP CEL)', text: cnp(`  tier: Admin\n  priority: 1\n${ALL_NS}\n  egress:\n  - action: Accept\n    to: [{nodes: {}}]\n    protocols: [{destinationNamedPort: http}]`), line: 11, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.egress[0]: named ports cannot be used beside nodes peers: they have no named ports' },
  { name: 'an invalid CIDR', text: anp(`  priority: 1\n${ALL_NS}\n  egress:\n  - action: Deny\n    to:\n    - networks: [10.0.0.0/33]`), line: 12, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.egress[0].to[0].networks[0]: "10.0.0.0/33" is not a valid CIDR' },
  { name: 'tcp without destinationPort', text: cnp(`  tier: Admin\n  priority: 1\n${ALL_NS}\n  egress:\n  - action: Deny\n    to: [{namespaces: {}}]\n    protocols: [{tcp: {}}]`), line: 13, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.egress[0].protocols[0].tcp: tcp must set destinationPort' },
  { name: 'a CNP range whose start is not below its end', text: cnp(`  tier: Admin\n  priority: 1\n${ALL_NS}\n  egress:\n  - action: Deny\n    to: [{namespaces: {}}]\n    protocols: [{udp: {destinationPort: {range: {start: 90, end: 90}}}}]`), line: 13, message: 'ClusterNetworkPolicy p is invalid and left out of the analysis: spec.egress[0].protocols[0].udp.destinationPort.range: start port 90 must be less than end port 90' },
  { name: 'a port entry with two forms', text: anp(`  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n    ports: [{portNumber: {port: 80}, namedPort: http}]`), line: 12, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0].ports[0]: a port entry must set exactly one of portNumber, portRange, namedPort' },
  { name: 'port out of range', text: anp(`  priority: 1\n${ALL_NS}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n    ports: [{portNumber: {port: 70000}}]`), line: 12, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0].ports[0].portNumber.port: port 70000 is out of range: must be 1-65535' },
  { name: 'a rule name over 100 characters', text: anp(`  priority: 1\n${ALL_NS}\n  ingress:\n  - name: ${'n'.repeat(101)}\n    action: Deny\n    from: [{namespaces: {}}]`), line: 10, message: 'AdminNetworkPolicy p is invalid and left out of the analysis: spec.ingress[0].name: a rule name may have at most 100 characters' },
  { name: 'a ClusterNetworkPolicy in v1alpha1', text: doc(V1, 'ClusterNetworkPolicy', 'p', `  tier: Admin\n  priority: 1\n${ALL_NS}`), line: 1, message: 'ClusterNetworkPolicy policy.networking.k8s.io/v1alpha1 is left out of the analysis: the API server does not serve that version (use policy.networking.k8s.io/v1alpha2)' },
];

describe('invalid policies are left out whole, with an error at the field', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const cluster = read(c.text);
    expect(cluster.clusterPolicies).toEqual([]);
    const errors = cluster.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([{ file: 'f0.yaml', line: c.line, severity: 'error', message: c.message }]);
  });
});

describe('tree-level diagnostics', () => {
  it('two BaselineAdminNetworkPolicies: the later file wins, with a warning', () => {
    const one = banp(`${ALL_NS}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]`);
    const cluster = read(one, one.replace('Deny', 'Allow'));
    expect(cluster.clusterPolicies.map((p) => p.ingress[0]!.action)).toEqual(['Allow']);
    expect(cluster.diagnostics).toEqual([
      { file: 'f1.yaml', line: 1, severity: 'warning', message: 'cluster policy BaselineAdminNetworkPolicy/default is defined more than once; this definition replaces the one at f0.yaml:1' },
    ]);
  });

  it('v1alpha1 and v1alpha2 kinds mixed: a warning stating the order used', () => {
    const cluster = read(anp(`  priority: 1\n${ALL_NS}`, 'a'), cnp(`  tier: Admin\n  priority: 1\n${ALL_NS}`, 'b'));
    expect(cluster.clusterPolicies).toHaveLength(2);
    expect(cluster.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([['f1.yaml', 1, 'warning']]);
    expect(cluster.diagnostics[0]!.message).toContain('AdminNetworkPolicies and tier Admin ClusterNetworkPolicies together by priority, equal priorities as ties');
  });

  it('a policy of one kind and one of another may share a name', () => {
    const cluster = read(anp(`  priority: 1\n${ALL_NS}`, 'x'), cnp(`  tier: Admin\n  priority: 2\n${ALL_NS}`, 'x'), banp(ALL_NS));
    expect(cluster.clusterPolicies.map((p) => p.id).sort()).toEqual(['AdminNetworkPolicy/x', 'BaselineAdminNetworkPolicy/default', 'ClusterNetworkPolicy/x']);
  });
});
