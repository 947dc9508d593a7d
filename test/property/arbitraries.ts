/**
 * fast-check arbitraries for small random clusters: Namespaces, Pods (and the odd Deployment) and
 * NetworkPolicies, valid per the API's validation, from small vocabularies so that selectors,
 * named ports and ipBlocks actually hit something.
 *
 * Arbitraries produce *specs* (plain data, good for shrinking); `buildCluster` / `buildDiffCase`
 * turn them into the manifests both the engine (serialised) and the oracle (as objects) read.
 */
import fc from 'fast-check';
import { parseCidr } from '../oracle/ip.js';
import type {
  ContainerManifest,
  ContainerPortManifest,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  Manifest,
  NetworkPolicyManifest,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  PodManifest,
  Protocol,
} from '../oracle/manifests.js';

// ---------------------------------------------------------------------------------------------
// Vocabularies

export const NAMESPACE_NAMES = ['default', 'alpha', 'beta', 'gamma'] as const;
export const POD_LABEL_KEYS = ['app', 'tier', 'env'] as const;
export const NS_LABEL_KEYS = ['team', 'env'] as const;
export const LABEL_VALUES = ['a', 'b', 'c'] as const;
/** Keys selectors may use; `zone` is on nothing. */
export const POD_SELECTOR_KEYS = ['app', 'tier', 'env', 'zone'] as const;
export const NS_SELECTOR_KEYS = ['team', 'env', 'kubernetes.io/metadata.name', 'zone'] as const;
export const NS_SELECTOR_VALUES = [...LABEL_VALUES, ...NAMESPACE_NAMES] as const;

export const PORT_NAMES = ['http', 'web', 'dns', 'db'] as const;
/** Names policies refer to: the container port names plus one nothing has. */
const POLICY_PORT_NAMES = [...PORT_NAMES, 'missing'] as const;
export const PORT_NUMBERS = [80, 81, 443, 5432, 53] as const;
export const POLICY_PORT_NUMBERS = [...PORT_NUMBERS, 1, 8080, 65535] as const;
export const PORT_RANGES: readonly (readonly [number, number])[] = [
  [80, 81],
  [80, 443],
  [1, 1024],
  [443, 5432],
  [53, 53],
  [1000, 65535],
  [81, 5432],
];
export const PROTOCOL_ARB: fc.Arbitrary<Protocol> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Protocol>('TCP') },
  { weight: 1, arbitrary: fc.constant<Protocol>('UDP') },
  { weight: 1, arbitrary: fc.constant<Protocol>('SCTP') },
);

/** Pod IPs: prefix (3 octets) + a globally unique last octet. All inside 10.0.0.0/8. */
export const POD_IP_PREFIXES = ['10.0.0', '10.1.2', '10.128.0', '10.200.1'] as const;

export const V4_CIDRS = [
  '0.0.0.0/0',
  '10.0.0.0/7',
  '10.0.0.0/8',
  '10.0.0.0/16',
  '10.1.0.0/16',
  '10.0.0.0/24',
  '10.128.0.0/9',
  '10.0.0.1/32',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '8.8.8.0/24',
  '11.0.0.0/8',
] as const;
export const V6_CIDRS = ['::/0', 'fd00::/8', '2001:db8::/32'] as const;
export const EXCEPT_CANDIDATES = [
  '10.0.0.0/8',
  '10.0.0.0/16',
  '10.1.0.0/16',
  '10.0.0.0/24',
  '10.128.0.0/9',
  '10.200.0.0/16',
  '10.0.0.2/32',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '8.8.8.8/32',
  '11.0.0.0/8',
  '2001:db8:1::/48',
  'fd00::/16',
] as const;

/** For each cidr, the except candidates that are strict subsets of it (as validation demands). */
const EXCEPTS_OF: Record<string, string[]> = Object.fromEntries(
  [...V4_CIDRS, ...V6_CIDRS].map((c) => {
    const outer = parseCidr(c);
    const inner = EXCEPT_CANDIDATES.filter((e) => {
      const x = parseCidr(e);
      return x.family === outer.family && x.prefix > outer.prefix && outer.lo <= x.lo && x.hi <= outer.hi;
    });
    return [c, inner];
  }),
);

export const POD_CIDR_CHOICES: readonly (string[] | undefined)[] = [
  undefined,
  ['10.0.0.0/8'],
  ['10.0.0.0/16', '10.1.0.0/16'],
  [],
  ['10.0.0.0/8', 'fd00::/8'],
  ['192.168.0.0/16'],
];

// ---------------------------------------------------------------------------------------------
// Specs

export interface PortSpec {
  name?: string;
  port: number;
  protocol?: Protocol;
}

export interface PodSpec {
  labels: Labels;
  ports: PortSpec[];
  /** Index into POD_IP_PREFIXES; used only when the pod gets an IP. */
  ipPrefix: number;
  /** In 'mixed' IP mode: does this pod have an IP? */
  hasIp: boolean;
  /** Pods without an IP may be written as a Deployment instead. */
  asDeployment: boolean;
  /** Spread the ports over two containers. */
  twoContainers: boolean;
  /** When the pod gets an IP, give it an IPv6 one too (status.podIPs with two entries). */
  dualStack: boolean;
}

export interface NamespaceSpec {
  name: string;
  labels: Labels;
  /** Write the automatic name label explicitly too. */
  explicitNameLabel: boolean;
  /** For `default`: leave metadata.namespace out of its objects. */
  omitNamespaceField: boolean;
  /** Write no Namespace object at all (its labels are then just the automatic name label). */
  omitManifest: boolean;
  pods: PodSpec[];
}

export type PolicyTypesSpec = 'absent' | 'empty' | 'Ingress' | 'Egress' | 'Ingress,Egress' | 'Egress,Ingress';

export interface RuleSpec {
  peers: 'absent' | 'empty' | NetworkPolicyPeer[];
  ports: 'absent' | 'empty' | NetworkPolicyPort[];
}

export interface PolicySpec {
  nsIndex: number;
  podSelector: LabelSelector;
  policyTypes: PolicyTypesSpec;
  ingress: 'absent' | 'empty' | RuleSpec[];
  egress: 'absent' | 'empty' | RuleSpec[];
}

export type IpMode = 'all' | 'mixed' | 'none';
export type FileFormat = 'yaml-multi' | 'yaml-each' | 'json-each';

export interface ClusterSpec {
  namespaces: NamespaceSpec[];
  policies: PolicySpec[];
  ipMode: IpMode;
  podCidrs: number;
  format: FileFormat;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

function labelsArb(keys: readonly string[], values: readonly string[]): fc.Arbitrary<Labels> {
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const k of keys) model[k] = fc.constantFrom(...values);
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Labels>;
}

export const podLabelsArb = labelsArb(POD_LABEL_KEYS, LABEL_VALUES);
export const nsLabelsArb = labelsArb(NS_LABEL_KEYS, LABEL_VALUES);

const portSpecArb: fc.Arbitrary<PortSpec> = fc.record(
  {
    name: fc.constantFrom(...PORT_NAMES),
    port: fc.constantFrom(...PORT_NUMBERS),
    protocol: PROTOCOL_ARB,
  },
  { requiredKeys: ['port'] },
);

/** Container ports, unique by name and by (port, protocol). */
const portsArb: fc.Arbitrary<PortSpec[]> = fc.array(portSpecArb, { maxLength: 3 }).map((list) => {
  const names = new Set<string>();
  const numbers = new Set<string>();
  const out: PortSpec[] = [];
  for (const p of list) {
    const np = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (numbers.has(np) || (p.name !== undefined && names.has(p.name))) continue;
    numbers.add(np);
    if (p.name !== undefined) names.add(p.name);
    out.push(p);
  }
  return out;
});

export const podSpecArb: fc.Arbitrary<PodSpec> = fc.record({
  labels: podLabelsArb,
  ports: portsArb,
  ipPrefix: fc.nat(POD_IP_PREFIXES.length - 1),
  hasIp: fc.boolean(),
  asDeployment: fc.boolean(),
  twoContainers: fc.boolean(),
  dualStack: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const namespaceSpecArb: fc.Arbitrary<NamespaceSpec> = fc.record({
  name: fc.constantFrom(...NAMESPACE_NAMES),
  labels: nsLabelsArb,
  explicitNameLabel: fc.boolean(),
  omitNamespaceField: fc.boolean(),
  omitManifest: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  pods: fc.array(podSpecArb, { minLength: 1, maxLength: 4 }),
});

function requirementArb(keys: readonly string[], values: readonly string[]): fc.Arbitrary<LabelSelectorRequirement> {
  const key = fc.constantFrom(...keys);
  const vals = fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 });
  return fc.oneof(
    fc.record({ key, operator: fc.constant('In' as const), values: vals }),
    fc.record({ key, operator: fc.constant('NotIn' as const), values: vals }),
    fc.record({ key, operator: fc.constant('Exists' as const) }),
    fc.record({ key, operator: fc.constant('DoesNotExist' as const) }),
    fc.record({ key, operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const), values: fc.constant([] as string[]) }),
  );
}

function selectorArb(keys: readonly string[], values: readonly string[], extra?: fc.Arbitrary<LabelSelector>): fc.Arbitrary<LabelSelector> {
  const matchLabels = fc
    .uniqueArray(fc.tuple(fc.constantFrom(...keys), fc.constantFrom(...values)), { minLength: 1, maxLength: 2, selector: (t) => t[0] })
    .map((pairs) => Object.fromEntries(pairs) as Labels);
  const matchExpressions = fc.array(requirementArb(keys, values), { minLength: 1, maxLength: 2 });
  const shapes = [
    { weight: 3, arbitrary: fc.constant({}) },
    { weight: 3, arbitrary: fc.record({ matchLabels }) },
    { weight: 3, arbitrary: fc.record({ matchExpressions }) },
    { weight: 1, arbitrary: fc.record({ matchLabels, matchExpressions }) },
  ];
  return extra ? fc.oneof(...shapes, { weight: 3, arbitrary: extra }) : fc.oneof(...shapes);
}

const ipBlockArb: fc.Arbitrary<NetworkPolicyPeer> = fc
  .oneof({ weight: 6, arbitrary: fc.constantFrom(...V4_CIDRS) }, { weight: 1, arbitrary: fc.constantFrom(...V6_CIDRS) })
  .chain((cidr) =>
    fc.tuple(
      fc.constant<string>(cidr),
      EXCEPTS_OF[cidr]!.length > 0 ? fc.subarray(EXCEPTS_OF[cidr]!, { maxLength: Math.min(2, EXCEPTS_OF[cidr]!.length) }) : fc.constant<string[]>([]),
    ),
  )
  .chain(([cidr, except]) =>
    except.length > 0
      ? fc.constant<NetworkPolicyPeer>({ ipBlock: { cidr, except } })
      : fc.constantFrom<NetworkPolicyPeer>({ ipBlock: { cidr } }, { ipBlock: { cidr, except: [] } }),
  );

const policyPortArb: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  // every port of a protocol
  fc.record({ protocol: PROTOCOL_ARB }, { requiredKeys: [] }),
  // a number
  {
    weight: 3,
    arbitrary: fc.record({ protocol: PROTOCOL_ARB, port: fc.constantFrom(...POLICY_PORT_NUMBERS) }, { requiredKeys: ['port'] }),
  },
  // a range
  {
    weight: 2,
    arbitrary: fc
      .record({ protocol: PROTOCOL_ARB, range: fc.constantFrom(...PORT_RANGES) }, { requiredKeys: ['range'] })
      .map(({ range, ...rest }) => ({ ...rest, port: range[0], endPort: range[1] })),
  },
  // a name
  {
    weight: 3,
    arbitrary: fc.record({ protocol: PROTOCOL_ARB, port: fc.constantFrom(...POLICY_PORT_NAMES) }, { requiredKeys: ['port'] }),
  },
);

/** What policies' selectors may name: keys and values for pod and for namespace selectors. */
export interface SelectorVocabulary {
  podKeys: readonly string[];
  podValues: readonly string[];
  nsKeys: readonly string[];
  nsValues: readonly string[];
  /** Largest nsIndex a policy spec may carry (taken modulo the number of namespaces). */
  maxNsIndex?: number;
  /** One more shape of pod selector, as likely as a plain matchLabels one. */
  extraPodSelector?: fc.Arbitrary<LabelSelector>;
}

export interface PolicyArbitraries {
  podSelector: fc.Arbitrary<LabelSelector>;
  nsSelector: fc.Arbitrary<LabelSelector>;
  peer: fc.Arbitrary<NetworkPolicyPeer>;
  rule: fc.Arbitrary<RuleSpec>;
  rules: fc.Arbitrary<'absent' | 'empty' | RuleSpec[]>;
  policySpec: fc.Arbitrary<PolicySpec>;
}

/** Policy arbitraries over a selector vocabulary (ipBlocks and ports are the same for all). */
export function policyArbitraries(v: SelectorVocabulary): PolicyArbitraries {
  const podSelectorArb = selectorArb(v.podKeys, v.podValues, v.extraPodSelector);
  const nsSelectorArb = selectorArb(v.nsKeys, v.nsValues);
  const peerArb: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ podSelector: podSelectorArb }) },
    { weight: 2, arbitrary: fc.record({ namespaceSelector: nsSelectorArb }) },
    { weight: 2, arbitrary: fc.record({ podSelector: podSelectorArb, namespaceSelector: nsSelectorArb }) },
    { weight: 3, arbitrary: ipBlockArb },
  );
  const ruleArb: fc.Arbitrary<RuleSpec> = fc.record({
    peers: fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom<'absent' | 'empty'>('absent', 'empty') },
      { weight: 4, arbitrary: fc.array(peerArb, { minLength: 1, maxLength: 3 }) },
    ),
    ports: fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom<'absent' | 'empty'>('absent', 'empty') },
      { weight: 3, arbitrary: fc.array(policyPortArb, { minLength: 1, maxLength: 3 }) },
    ),
  });
  const rulesArb: fc.Arbitrary<'absent' | 'empty' | RuleSpec[]> = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom<'absent' | 'empty'>('absent', 'empty') },
    { weight: 5, arbitrary: fc.array(ruleArb, { minLength: 1, maxLength: 3 }) },
  );
  const policySpec: fc.Arbitrary<PolicySpec> = fc.record({
    nsIndex: fc.nat(v.maxNsIndex ?? 2),
    podSelector: podSelectorArb,
    policyTypes: fc.constantFrom<PolicyTypesSpec>('absent', 'absent', 'empty', 'Ingress', 'Egress', 'Ingress,Egress', 'Egress,Ingress'),
    ingress: rulesArb,
    egress: rulesArb,
  });
  return { podSelector: podSelectorArb, nsSelector: nsSelectorArb, peer: peerArb, rule: ruleArb, rules: rulesArb, policySpec };
}

export const policySpecArb: fc.Arbitrary<PolicySpec> = policyArbitraries({
  podKeys: POD_SELECTOR_KEYS,
  podValues: LABEL_VALUES,
  nsKeys: NS_SELECTOR_KEYS,
  nsValues: NS_SELECTOR_VALUES,
}).policySpec;

export const policiesArb = fc.array(policySpecArb, { maxLength: 5 });

const ipModeArb: fc.Arbitrary<IpMode> = fc.oneof(
  { weight: 7, arbitrary: fc.constant<IpMode>('all') },
  { weight: 2, arbitrary: fc.constant<IpMode>('mixed') },
  { weight: 2, arbitrary: fc.constant<IpMode>('none') },
);

export const clusterSpecArb: fc.Arbitrary<ClusterSpec> = fc.record({
  namespaces: fc.uniqueArray(namespaceSpecArb, { minLength: 1, maxLength: 3, selector: (n) => n.name }),
  policies: policiesArb,
  ipMode: ipModeArb,
  podCidrs: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat(POD_CIDR_CHOICES.length - 1) }),
  format: fc.constantFrom<FileFormat>('yaml-multi', 'yaml-each', 'json-each'),
});

/** Head = a mutation of base: same namespaces, pods mostly the same, policies and labels changed. */
export interface DiffSpec {
  base: ClusterSpec;
  /** Per base policy: keep, drop, or replace with another. Missing entries mean keep. */
  policyPlan: ('keep' | 'drop' | PolicySpec)[];
  addedPolicies: PolicySpec[];
  /** Per pod (flattened order): new labels or null to keep. */
  podRelabel: (Labels | null)[];
  /** Per namespace: new labels or null to keep. */
  nsRelabel: (Labels | null)[];
  /** Per pod (flattened order): remove it from head. */
  removePods: boolean[];
  /** Pods only head has, in the first namespace. */
  addedPods: PodSpec[];
  headFormat: FileFormat;
}

export const diffSpecArb: fc.Arbitrary<DiffSpec> = fc.record({
  base: clusterSpecArb,
  policyPlan: fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant<'keep'>('keep') },
      { weight: 1, arbitrary: fc.constant<'drop'>('drop') },
      { weight: 2, arbitrary: policySpecArb },
    ),
    { maxLength: 5 },
  ),
  addedPolicies: fc.array(policySpecArb, { maxLength: 2 }),
  podRelabel: fc.array(fc.option(podLabelsArb, { freq: 3, nil: null }), { maxLength: 12 }),
  nsRelabel: fc.array(fc.option(nsLabelsArb, { freq: 3, nil: null }), { maxLength: 3 }),
  removePods: fc.oneof(
    { weight: 4, arbitrary: fc.constant([] as boolean[]) },
    { weight: 1, arbitrary: fc.array(fc.boolean(), { maxLength: 12 }) },
  ),
  addedPods: fc.oneof(
    { weight: 4, arbitrary: fc.constant([] as PodSpec[]) },
    { weight: 1, arbitrary: fc.array(podSpecArb, { minLength: 1, maxLength: 2 }) },
  ),
  headFormat: fc.constantFrom<FileFormat>('yaml-multi', 'yaml-each', 'json-each'),
});

// ---------------------------------------------------------------------------------------------
// Building manifests

function withNamespace(meta: { name: string; labels?: Labels }, ns: NamespaceSpec): { name: string; namespace?: string; labels?: Labels } {
  const out: { name: string; namespace?: string; labels?: Labels } = { name: meta.name };
  if (!(ns.name === 'default' && ns.omitNamespaceField)) out.namespace = ns.name;
  if (meta.labels !== undefined) out.labels = meta.labels;
  return out;
}

export function containersOf(spec: PodSpec): ContainerManifest[] {
  const ports: ContainerPortManifest[] = spec.ports.map((p) => {
    const cp: ContainerPortManifest = { containerPort: p.port };
    if (p.name !== undefined) cp.name = p.name;
    if (p.protocol !== undefined) cp.protocol = p.protocol;
    return cp;
  });
  const container = (name: string, ps: ContainerPortManifest[]): ContainerManifest =>
    ps.length > 0 ? { name, image: 'registry.example/app:1', ports: ps } : { name, image: 'registry.example/app:1' };
  if (spec.twoContainers && ports.length > 1) {
    return [container('main', ports.slice(0, 1)), container('side', ports.slice(1))];
  }
  return [container('main', ports)];
}

/** A pod spec as a manifest. `ipIndex` is globally unique (the IP's last octet is ipIndex+1). */
function workloadManifest(spec: PodSpec, ns: NamespaceSpec, name: string, ipMode: IpMode, ipIndex: number): Manifest {
  const hasIp = ipMode === 'all' || (ipMode === 'mixed' && spec.hasIp);
  if (!hasIp && spec.asDeployment) {
    const labels: Labels = { ...spec.labels, run: name };
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: withNamespace({ name }, ns),
      spec: {
        replicas: 2,
        selector: { matchLabels: { run: name } },
        template: { metadata: { labels }, spec: { containers: containersOf(spec) } },
      },
    };
  }
  const pod: PodManifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: withNamespace({ name, labels: spec.labels }, ns),
    spec: { containers: containersOf(spec) },
  };
  if (hasIp) {
    const ip = `${POD_IP_PREFIXES[spec.ipPrefix]}.${ipIndex + 1}`;
    pod.status = spec.dualStack
      ? { podIP: ip, podIPs: [{ ip }, { ip: `fd00::${(ipIndex + 1).toString(16)}` }] }
      : { podIP: ip, podIPs: [{ ip }] };
  }
  return pod;
}

export function namespaceManifest(ns: { name: string; explicitNameLabel: boolean }, labels: Labels): Manifest {
  const l: Labels = { ...labels };
  if (ns.explicitNameLabel) l['kubernetes.io/metadata.name'] = ns.name;
  return Object.keys(l).length > 0
    ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: l } }
    : { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name } };
}

function rulesOf<K extends 'from' | 'to'>(rules: 'absent' | 'empty' | RuleSpec[], peerKey: K): Record<string, unknown>[] | undefined {
  if (rules === 'absent') return undefined;
  if (rules === 'empty') return [];
  return rules.map((r) => {
    const out: Record<string, unknown> = {};
    if (r.peers !== 'absent') out[peerKey] = r.peers === 'empty' ? [] : r.peers;
    if (r.ports !== 'absent') out['ports'] = r.ports === 'empty' ? [] : r.ports;
    return out;
  });
}

/** A policy spec's `spec` as written in a manifest. */
export function policyBody(p: PolicySpec): NetworkPolicyManifest['spec'] {
  const spec: NetworkPolicyManifest['spec'] = { podSelector: p.podSelector };
  switch (p.policyTypes) {
    case 'absent':
      break;
    case 'empty':
      spec.policyTypes = [];
      break;
    default:
      spec.policyTypes = p.policyTypes.split(',') as ('Ingress' | 'Egress')[];
  }
  const ingress = rulesOf(p.ingress, 'from');
  const egress = rulesOf(p.egress, 'to');
  if (ingress !== undefined) spec.ingress = ingress;
  if (egress !== undefined) spec.egress = egress;
  return spec;
}

function policyManifest(p: PolicySpec, namespaces: NamespaceSpec[], name: string): NetworkPolicyManifest {
  const ns = namespaces[p.nsIndex % namespaces.length]!;
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: withNamespace({ name }, ns), spec: policyBody(p) };
}

export interface BuiltCluster {
  manifests: Manifest[];
  podCidrs: string[] | undefined;
  format: FileFormat;
  /** The `defaultNamespace` option to analyse with; undefined = not passed (the engine's `default`). */
  defaultNamespace?: string;
  /** Per manifest: true to hand it to the engine as `context` instead of `files` (see serialize.ts). */
  inContext?: boolean[];
}

interface BuildOverrides {
  nsLabels?: (Labels | null)[];
  podLabels?: (Labels | null)[];
  removePods?: boolean[];
  addedPods?: PodSpec[];
  policies?: { spec: PolicySpec; name: string }[];
  format?: FileFormat;
}

function build(spec: ClusterSpec, o: BuildOverrides = {}): BuiltCluster {
  const manifests: Manifest[] = [];
  spec.namespaces.forEach((ns, i) => {
    if (!ns.omitManifest) manifests.push(namespaceManifest(ns, o.nsLabels?.[i] ?? ns.labels));
  });
  let podIndex = 0;
  spec.namespaces.forEach((ns, nsIndex) => {
    ns.pods.forEach((pod, i) => {
      const flat = podIndex++;
      if (o.removePods?.[flat]) return;
      const relabel = o.podLabels?.[flat];
      const p = relabel ? { ...pod, labels: relabel } : pod;
      manifests.push(workloadManifest(p, ns, `pod-${nsIndex}-${i}`, spec.ipMode, flat));
    });
  });
  (o.addedPods ?? []).forEach((pod, i) => {
    const ns = spec.namespaces[0]!;
    manifests.push(workloadManifest(pod, ns, `new-${i}`, spec.ipMode, 100 + i));
  });
  const policies = o.policies ?? spec.policies.map((p, i) => ({ spec: p, name: `np-${i}` }));
  for (const p of policies) manifests.push(policyManifest(p.spec, spec.namespaces, p.name));
  return { manifests, podCidrs: POD_CIDR_CHOICES[spec.podCidrs], format: o.format ?? spec.format };
}

export function buildCluster(spec: ClusterSpec): BuiltCluster {
  return build(spec);
}

export function buildDiffCase(d: DiffSpec): { base: BuiltCluster; head: BuiltCluster } {
  const base = build(d.base);
  const policies: { spec: PolicySpec; name: string }[] = [];
  d.base.policies.forEach((p, i) => {
    const plan = d.policyPlan[i] ?? 'keep';
    if (plan === 'keep') policies.push({ spec: p, name: `np-${i}` });
    else if (plan !== 'drop') policies.push({ spec: plan, name: `np-${i}` });
  });
  d.addedPolicies.forEach((p, i) => policies.push({ spec: p, name: `added-${i}` }));
  const head = build(d.base, {
    nsLabels: d.nsRelabel,
    podLabels: d.podRelabel,
    removePods: d.removePods,
    addedPods: d.addedPods,
    policies,
    format: d.headFormat,
  });
  return { base, head };
}
