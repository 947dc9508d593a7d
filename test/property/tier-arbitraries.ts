/**
 * Random small clusters with cluster-wide policies: a few pods in two namespaces (some with IPs, some
 * host-networked), a few NetworkPolicies, and up to five AdminNetworkPolicies, ClusterNetworkPolicies
 * (either tier) and a BaselineAdminNetworkPolicy, with priorities from a small range (so ties happen), every
 * action of each kind, Pass chains, networks that cover, miss or partly overlap the pod CIDRs, fail-closed
 * peers, and every port form. Only valid objects are generated.
 */
import { dump } from 'js-yaml';
import fc from 'fast-check';
import type { AnalysisInput, AnalysisOptions } from '../../src/index.js';
import type { ClusterPeerManifest, ClusterPolicyManifest, ClusterRuleManifest, ClusterSubjectManifest } from '../oracle/cluster-manifests.js';
import type { LabelSelector, Manifest, NetworkPolicyManifest, PodManifest, Protocol } from '../oracle/manifests.js';

export interface TierCase {
  manifests: (Manifest | ClusterPolicyManifest)[];
  podCidrs?: string[];
}

const NAMESPACES = ['alpha', 'beta'] as const;
const VALUES = ['a', 'b'] as const;
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/16', '8.8.8.0/24', '192.168.0.0/16', '::/0'] as const;
const PORT_NUMBERS = [53, 80, 5432, 8080] as const;
const CONTAINER_PORTS = [
  { name: 'http', containerPort: 80, protocol: 'TCP' as Protocol },
  { name: 'dns', containerPort: 53, protocol: 'UDP' as Protocol },
  { name: 'db', containerPort: 5432, protocol: 'TCP' as Protocol },
];

const selectorArb = (key: string): fc.Arbitrary<LabelSelector> =>
  fc.oneof(
    fc.constant({}),
    fc.constantFrom(...VALUES).map((v) => ({ matchLabels: { [key]: v } })),
    fc.constantFrom(...VALUES).map((v) => ({ matchExpressions: [{ key, operator: 'NotIn' as const, values: [v] }] })),
  );
const nsSelectorArb = fc.oneof(selectorArb('env'), fc.constantFrom(...NAMESPACES).map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })));
const podSelectorArb = selectorArb('app');

const podArb = (i: number): fc.Arbitrary<PodManifest> =>
  fc
    .record({
      ns: fc.constantFrom(...NAMESPACES),
      app: fc.constantFrom(...VALUES),
      ports: fc.subarray(CONTAINER_PORTS),
      address: fc.oneof({ weight: 3, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 2, arbitrary: fc.constantFrom('10.0.0.5', '10.1.0.7', '192.168.1.1') }, { weight: 1, arbitrary: fc.constant('host') }),
    })
    .map(({ ns, app, ports, address }) => {
      const pod: PodManifest = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p${i}`, namespace: ns, labels: { app } },
        spec: { containers: [{ name: 'c', image: 'app', ports }] },
      };
      if (address === 'host') pod.spec.hostNetwork = true;
      else if (address) pod.status = { podIPs: [{ ip: address }] };
      return pod;
    });

const npArb = (i: number): fc.Arbitrary<NetworkPolicyManifest> =>
  fc
    .record({
      ns: fc.constantFrom(...NAMESPACES),
      podSelector: podSelectorArb,
      type: fc.constantFrom<('Ingress' | 'Egress')[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
      rules: fc.array(fc.record({ peer: fc.option(nsSelectorArb, { nil: undefined }), port: fc.option(fc.constantFrom(...PORT_NUMBERS), { nil: undefined }) }), { maxLength: 2 }),
    })
    .map(({ ns, podSelector, type, rules }) => {
      const rule = (r: (typeof rules)[number]) => ({ ...(r.port ? { ports: [{ port: r.port }] } : {}) });
      const spec: NetworkPolicyManifest['spec'] = { podSelector, policyTypes: type };
      if (type.includes('Ingress')) spec.ingress = rules.map((r) => ({ ...rule(r), ...(r.peer ? { from: [{ namespaceSelector: r.peer }] } : {}) }));
      if (type.includes('Egress')) spec.egress = rules.map((r) => ({ ...rule(r), ...(r.peer ? { to: [{ namespaceSelector: r.peer }] } : {}) }));
      return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${i}`, namespace: ns }, spec };
    });

type Kind = 'anp' | 'cnp-admin' | 'cnp-baseline' | 'banp';

const subjectArb = (v2: boolean): fc.Arbitrary<ClusterSubjectManifest> =>
  fc.oneof(
    nsSelectorArb.map((namespaces) => ({ namespaces })),
    fc.record({ ns: fc.option(nsSelectorArb, { nil: undefined }), pod: podSelectorArb }).map(({ ns, pod }) => ({ pods: v2 && ns === undefined ? { podSelector: pod } : { namespaceSelector: ns ?? {}, podSelector: pod } })),
  );

const peerArb = (egress: boolean, v2: boolean): fc.Arbitrary<ClusterPeerManifest> => {
  const selectors: fc.Arbitrary<ClusterPeerManifest>[] = [
    nsSelectorArb.map((namespaces) => ({ namespaces })),
    fc.record({ ns: nsSelectorArb, pod: podSelectorArb }).map(({ ns, pod }) => ({ pods: v2 ? { podSelector: pod, namespaceSelector: ns } : { namespaceSelector: ns, podSelector: pod } })),
  ];
  const all: fc.WeightedArbitrary<ClusterPeerManifest>[] = selectors.map((arbitrary) => ({ weight: 4, arbitrary }));
  all.push({ weight: 1, arbitrary: fc.constant({ cidrGroups: {} }) });
  if (egress) {
    all.push({ weight: 3, arbitrary: fc.uniqueArray(fc.constantFrom(...CIDRS), { minLength: 1, maxLength: 2 }).map((networks) => ({ networks })) });
    all.push({ weight: 1, arbitrary: fc.constant({ domainNames: ['*.example.com'] }) });
  }
  return fc.oneof(...all);
};

type PortForm = { kind: 'number'; protocol: Protocol; port: number } | { kind: 'range'; protocol: Protocol; start: number; end: number } | { kind: 'named'; name: string };
const protocolArb = fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP');
const portFormArb: fc.Arbitrary<PortForm> = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), protocol: protocolArb, port: fc.constantFrom(...PORT_NUMBERS) }),
  fc.record({ kind: fc.constant('range' as const), protocol: protocolArb, start: fc.constantFrom(50, 80), end: fc.constantFrom(100, 6000) }),
  fc.record({ kind: fc.constant('named' as const), name: fc.constantFrom('http', 'dns', 'db') }),
);

function writePorts(forms: readonly PortForm[], v2: boolean): Pick<ClusterRuleManifest, 'ports' | 'protocols'> {
  if (v2) {
    return {
      protocols: forms.map((f) => {
        if (f.kind === 'named') return { destinationNamedPort: f.name };
        const destinationPort = f.kind === 'number' ? { number: f.port } : { range: { start: f.start, end: f.end } };
        return { [f.protocol.toLowerCase()]: { destinationPort } };
      }),
    };
  }
  return {
    ports: forms.map((f) => (f.kind === 'named' ? { namedPort: f.name } : f.kind === 'number' ? { portNumber: { protocol: f.protocol, port: f.port } } : { portRange: { protocol: f.protocol, start: f.start, end: f.end } })),
  };
}

const ruleArb = (kind: Kind, egress: boolean): fc.Arbitrary<ClusterRuleManifest> => {
  const v2 = kind.startsWith('cnp');
  const actions = kind === 'anp' ? (['Allow', 'Deny', 'Pass'] as const) : kind === 'banp' ? (['Allow', 'Deny'] as const) : (['Accept', 'Deny', 'Pass'] as const);
  return fc
    .record({
      action: fc.constantFrom(...actions),
      peers: fc.array(peerArb(egress, v2), { minLength: 1, maxLength: 2 }),
      ports: fc.option(fc.array(portFormArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    })
    .map(({ action, peers, ports }) => {
      const addressed = peers.some((p) => p.networks || p.nodes || p.domainNames);
      const forms = ports?.filter((f) => !(addressed && f.kind === 'named'));
      const rule: ClusterRuleManifest = { action, [egress ? 'to' : 'from']: peers };
      return forms && forms.length > 0 ? { ...rule, ...writePorts(forms, v2) } : rule;
    });
};

const clusterPolicyArb = (kind: Kind, i: number): fc.Arbitrary<ClusterPolicyManifest> =>
  fc
    .record({
      priority: fc.integer({ min: 0, max: 3 }),
      subject: subjectArb(kind.startsWith('cnp')),
      ingress: fc.array(ruleArb(kind, false), { maxLength: 3 }),
      egress: fc.array(ruleArb(kind, true), { maxLength: 3 }),
    })
    .map(({ priority, subject, ingress, egress }): ClusterPolicyManifest => {
      const rules = { ...(ingress.length > 0 ? { ingress } : {}), ...(egress.length > 0 ? { egress } : {}) };
      if (kind === 'anp') return { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: `anp${i}` }, spec: { priority, subject, ...rules } };
      if (kind === 'banp') return { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec: { subject, ...rules } };
      return { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name: `cnp${i}` }, spec: { tier: kind === 'cnp-admin' ? 'Admin' : 'Baseline', priority, subject, ...rules } };
    });

const kindsArb = fc
  .array(fc.constantFrom<Kind>('anp', 'anp', 'cnp-admin', 'cnp-baseline', 'banp'), { minLength: 1, maxLength: 5 })
  .map((kinds) => kinds.filter((k, i) => k !== 'banp' || kinds.indexOf('banp') === i));

export const tierCaseArb: fc.Arbitrary<TierCase> = fc
  .record({
    envs: fc.tuple(fc.constantFrom(...VALUES), fc.constantFrom(...VALUES)),
    pods: fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => podArb(i)))),
    nps: fc.integer({ min: 0, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => npArb(i)))),
    cluster: kindsArb.chain((kinds) => fc.tuple(...kinds.map((k, i) => clusterPolicyArb(k, i)))),
    podCidrs: fc.constantFrom<string[] | undefined>(undefined, ['10.0.0.0/16']),
  })
  .map(({ envs, pods, nps, cluster, podCidrs }) => {
    const namespaces: Manifest[] = NAMESPACES.map((name, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { env: envs[i]! } } }));
    const c: TierCase = { manifests: [...namespaces, ...pods, ...nps, ...cluster] };
    if (podCidrs) c.podCidrs = podCidrs;
    return c;
  });

/** A change a PR might make to one cluster policy: a priority, an action, a rule moved first, the policy removed. */
export const tierEditArb = (c: TierCase): fc.Arbitrary<TierCase> => {
  const indexes = c.manifests.map((m, i) => (m.apiVersion.startsWith('policy.networking.k8s.io/') ? i : -1)).filter((i) => i >= 0);
  return fc.record({ at: fc.constantFrom(...indexes), edit: fc.constantFrom('priority', 'action', 'reorder', 'remove'), priority: fc.integer({ min: 0, max: 3 }) }).map(({ at, edit, priority }) => {
    const manifests = structuredClone(c.manifests);
    const policy = manifests[at] as ClusterPolicyManifest;
    if (edit === 'remove') manifests.splice(at, 1);
    else if (edit === 'priority' && policy.kind !== 'BaselineAdminNetworkPolicy') policy.spec.priority = priority;
    else {
      const rules = policy.spec.ingress ?? policy.spec.egress ?? [];
      if (edit === 'reorder') rules.reverse();
      else if (rules[0]) rules[0].action = rules[0].action === 'Deny' ? (policy.kind === 'ClusterNetworkPolicy' ? 'Accept' : 'Allow') : 'Deny';
    }
    return { ...c, manifests };
  });
};

export function tierInput(c: TierCase): AnalysisInput {
  return { files: [{ path: 'cluster.yaml', text: c.manifests.map((m) => dump(m, { noRefs: true })).join('---\n') }] };
}

export function tierOptions(c: TierCase): AnalysisOptions {
  return c.podCidrs ? { podCidrs: c.podCidrs } : {};
}

export const describeTierCase = (c: TierCase): string => `options: ${JSON.stringify(tierOptions(c))}\n${tierInput(c).files[0]!.text}`;
