/**
 * A richer cluster generator, on top of arbitraries.ts: every workload kind the engine models
 * (Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController), each
 * valid as the API server requires (a controller's selector selects its template; a Job's selector
 * only with `manualSelector: true`; a ReplicationController's plain-map selector, or none so it is
 * defaulted from the template), names that are DNS subdomains (with dots), controllers' own
 * `metadata.labels` that must NOT reach their pods, policies selecting on the `job-name` labels the
 * API server adds to a Job's pods, a namespace with a random DNS-label name, a random
 * `defaultNamespace` with objects that omit `metadata.namespace`, and per-manifest marks for
 * handing a manifest to the engine as `context` instead of `files`.
 *
 * The random namespace name is spelled EXTRA_NS in specs (namespace names and selector values) and
 * substituted when building, so selectors can name it without chaining arbitraries.
 */
import fc from 'fast-check';
import type { Labels, LabelSelector, Manifest, NetworkPolicyManifest, PodManifest, WorkloadKind } from '../oracle/manifests.js';
import {
  containersOf,
  LABEL_VALUES,
  namespaceManifest,
  NAMESPACE_NAMES,
  NS_SELECTOR_KEYS,
  nsLabelsArb,
  POD_CIDR_CHOICES,
  POD_IP_PREFIXES,
  POD_SELECTOR_KEYS,
  podSpecArb,
  policyArbitraries,
  policyBody,
  type BuiltCluster,
  type FileFormat,
  type IpMode,
  type PodSpec,
  type PolicySpec,
} from './arbitraries.js';

/** Placeholder for the cluster's random namespace name, in specs. */
export const EXTRA_NS = '$extra-ns';

/** Workload names: DNS subdomains (dots, digits first, one character), also used as selector values. */
const NAME_VOCABULARY = ['web', 'db', 'api.v2', 'worker-1', '0', 'a.b-c.d', 'cron', 'x9'] as const;
const randomNameArb = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,5}[a-z0-9])?){0,2}$/);
const nameArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom<string>(...NAME_VOCABULARY) }, { weight: 1, arbitrary: randomNameArb });

/** A DNS label (up to the 63 characters allowed) not among the fixed namespace names. */
const shortLabelArb = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
const extraNamespaceArb = fc
  .oneof(
    { weight: 3, arbitrary: shortLabelArb },
    {
      weight: 1,
      arbitrary: fc.tuple(shortLabelArb, fc.integer({ min: 20, max: 63 })).map(([n, length]) => `${n}-${'z'.repeat(63)}`.slice(0, Math.max(length, n.length)).replace(/-+$/, 'z').slice(0, 63)),
    },
  )
  .map((n) => ((NAMESPACE_NAMES as readonly string[]).includes(n) ? `${n}-x` : n));

const RICH_NAMESPACE_NAMES = ['default', 'alpha', 'beta', EXTRA_NS] as const;

/** Selectors may name the Job labels the API server adds, with workload names as values. */
export const JOB_NAME_KEYS = ['job-name', 'batch.kubernetes.io/job-name'] as const;

/** Selectors on the Job labels: by name, or by their mere presence (which CronJob and other pods lack here). */
const jobSelectorArb: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.record({ matchLabels: fc.record({ key: fc.constantFrom(...JOB_NAME_KEYS), value: fc.constantFrom<string>(...NAME_VOCABULARY) }).map(({ key, value }) => ({ [key]: value })) }),
  fc.record({
    matchExpressions: fc.tuple(fc.constantFrom(...JOB_NAME_KEYS), fc.constantFrom('Exists' as const, 'DoesNotExist' as const)).map(([key, operator]) => [{ key, operator }]),
  }),
  fc.record({
    matchExpressions: fc
      .tuple(fc.constantFrom(...JOB_NAME_KEYS), fc.constantFrom('In' as const, 'NotIn' as const), fc.subarray([...NAME_VOCABULARY], { minLength: 1, maxLength: 3 }))
      .map(([key, operator, values]) => [{ key, operator, values }]),
  }),
);

const richPolicyArbs = policyArbitraries({
  podKeys: [...POD_SELECTOR_KEYS, ...JOB_NAME_KEYS],
  podValues: [...LABEL_VALUES, 'web', 'api.v2', 'cron', '0'],
  extraPodSelector: jobSelectorArb,
  nsKeys: NS_SELECTOR_KEYS,
  nsValues: [...LABEL_VALUES, ...RICH_NAMESPACE_NAMES],
});

export interface RichWorkloadSpec {
  pod: PodSpec;
  kind: WorkloadKind;
  name: string;
  /** Which of the template's labels (in key order, as bits) the controller's selector names; none = the first. */
  selectorMask: number;
  /** Job: write `manualSelector: true` and a selector (no job-name labels are then added). */
  manualSelector: boolean;
  /** ReplicationController: write `spec.selector` (else it is defaulted from the template's labels). */
  writeSelector: boolean;
  /** The controller object's own labels (never its pods'). */
  objectLabels: Labels;
  /** Leave metadata.namespace out when the namespace is the default one. */
  omitNamespace: boolean;
  /** Pad the name with dotted segments to the longest name the API server accepts for the kind. */
  longName: boolean;
}

export interface RichNamespaceSpec {
  name: string;
  labels: Labels;
  explicitNameLabel: boolean;
  omitManifest: boolean;
  workloads: RichWorkloadSpec[];
}

export interface RichPolicySpec {
  policy: PolicySpec;
  omitNamespace: boolean;
}

export interface RichClusterSpec {
  extraNamespace: string;
  namespaces: RichNamespaceSpec[];
  /** 'unset': no defaultNamespace option (the engine's `default`); a number: that namespace (modulo). */
  defaultNamespace: 'unset' | number;
  policies: RichPolicySpec[];
  ipMode: IpMode;
  podCidrs: number;
  format: FileFormat;
  /** Per manifest (in build order): hand it over as context. Missing = files. */
  contextMarks: boolean[];
}

const kindArb: fc.Arbitrary<WorkloadKind> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<WorkloadKind>('Pod') },
  {
    weight: 7,
    arbitrary: fc.constantFrom<WorkloadKind>('Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController'),
  },
);

const sparseLabelsArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Labels>({}) },
  { weight: 1, arbitrary: fc.record({ app: fc.constantFrom(...LABEL_VALUES), tier: fc.constantFrom(...LABEL_VALUES) }, { requiredKeys: [] }) },
);

export const richWorkloadArb: fc.Arbitrary<RichWorkloadSpec> = fc.record({
  pod: podSpecArb,
  kind: kindArb,
  name: nameArb,
  selectorMask: fc.nat(7),
  manualSelector: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  writeSelector: fc.boolean(),
  objectLabels: sparseLabelsArb,
  omitNamespace: fc.boolean(),
  longName: fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const richNamespaceArb: fc.Arbitrary<RichNamespaceSpec> = fc.record({
  name: fc.constantFrom<string>(...RICH_NAMESPACE_NAMES),
  labels: nsLabelsArb,
  explicitNameLabel: fc.boolean(),
  omitManifest: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  workloads: fc.array(richWorkloadArb, { minLength: 1, maxLength: 4 }),
});

export const richClusterSpecArb: fc.Arbitrary<RichClusterSpec> = fc.record({
  extraNamespace: extraNamespaceArb,
  namespaces: fc.uniqueArray(richNamespaceArb, { minLength: 1, maxLength: 3, selector: (n) => n.name }),
  defaultNamespace: fc.oneof({ weight: 1, arbitrary: fc.constant<'unset'>('unset') }, { weight: 3, arbitrary: fc.nat(2) }),
  policies: fc.array(fc.record({ policy: richPolicyArbs.policySpec, omitNamespace: fc.boolean() }), { maxLength: 5 }),
  ipMode: fc.oneof(
    { weight: 3, arbitrary: fc.constant<IpMode>('all') },
    { weight: 2, arbitrary: fc.constant<IpMode>('mixed') },
    { weight: 2, arbitrary: fc.constant<IpMode>('none') },
  ),
  podCidrs: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat(POD_CIDR_CHOICES.length - 1) }),
  format: fc.constantFrom<FileFormat>('yaml-multi', 'yaml-each', 'json-each'),
  contextMarks: fc.array(fc.boolean(), { maxLength: 24 }),
});

// ---------------------------------------------------------------------------------------------
// Building

/**
 * The longest name used per kind: every name is a DNS subdomain (≤ 253), but a Job's name becomes
 * its pods' `job-name` label value (≤ 63), a CronJob's must leave room for the 11 characters its
 * Jobs' names add (≤ 52, API server validation), and controllers' pods and revisions are named
 * after them (ReplicaSet `<deployment>-<hash>`, StatefulSet pod-name and revision labels), so those
 * stay well inside what their controllers can create.
 */
const LONG_NAME: Record<WorkloadKind, number> = {
  Pod: 253,
  Deployment: 100,
  ReplicaSet: 100,
  DaemonSet: 100,
  ReplicationController: 100,
  StatefulSet: 52,
  Job: 63,
  CronJob: 52,
};

/** `base` padded with dotted segments to exactly `length` characters (still a DNS subdomain). */
export function padName(base: string, length: number): string {
  let s = base;
  while (s.length < length) {
    const room = length - s.length;
    s += room === 1 ? '9' : `.${'x'.repeat(Math.min(40, room - 1))}`;
  }
  return s;
}

/** Replaces the EXTRA_NS placeholder anywhere in a JSON value. */
function substitute<T>(value: T, extra: string): T {
  return JSON.parse(JSON.stringify(value).split(JSON.stringify(EXTRA_NS)).join(JSON.stringify(extra))) as T;
}

/** The selector a controller writes: the template labels picked by `mask` (at least one). */
function selectorLabels(labels: Labels, mask: number): Labels {
  const keys = Object.keys(labels).sort();
  const picked = keys.filter((_, i) => (mask >> i) & 1);
  const use = picked.length > 0 ? picked : keys.slice(0, 1);
  return Object.fromEntries(use.map((k) => [k, labels[k]!]));
}

function meta(name: string, namespace: string, omit: boolean, labels?: Labels): { name: string; namespace?: string; labels?: Labels } {
  const m: { name: string; namespace?: string; labels?: Labels } = { name };
  if (!omit) m.namespace = namespace;
  if (labels !== undefined && Object.keys(labels).length > 0) m.labels = labels;
  return m;
}

function richWorkloadManifest(w: RichWorkloadSpec, namespace: string, omit: boolean, ipMode: IpMode, ipIndex: number): Manifest {
  const containers = containersOf(w.pod);
  if (w.kind === 'Pod') {
    const hasIp = ipMode === 'all' || (ipMode === 'mixed' && w.pod.hasIp);
    const pod: PodManifest = { apiVersion: 'v1', kind: 'Pod', metadata: meta(w.name, namespace, omit, w.pod.labels), spec: { containers } };
    if (Object.keys(w.pod.labels).length === 0) pod.metadata.labels = {};
    if (hasIp) {
      const ip = `${POD_IP_PREFIXES[w.pod.ipPrefix]}.${ipIndex + 1}`;
      pod.status = w.pod.dualStack ? { podIP: ip, podIPs: [{ ip }, { ip: `fd00::${(ipIndex + 1).toString(16)}` }] } : { podIP: ip, podIPs: [{ ip }] };
    }
    return pod;
  }
  const labels: Labels = { ...w.pod.labels };
  const needsSelector = w.kind !== 'Job' && w.kind !== 'CronJob' ? true : w.kind === 'Job' && w.manualSelector;
  // A selector must be non-empty and select the template; a ReplicationController's selector is
  // defaulted from the template's labels, which then must not be empty either.
  if (needsSelector && Object.keys(labels).length === 0) labels['run'] = w.name.length <= 63 ? w.name : 'long-name';
  const template = { metadata: { labels }, spec: { containers } };
  const m = meta(w.name, namespace, omit, w.objectLabels);
  const selector: LabelSelector = { matchLabels: selectorLabels(labels, w.selectorMask) };
  switch (w.kind) {
    case 'Deployment':
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: m, spec: { replicas: 2, selector, template } };
    case 'ReplicaSet':
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind: w.kind, metadata: m, spec: { selector, template } };
    case 'StatefulSet':
      return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: m, spec: { replicas: 3, serviceName: w.name.split('.')[0]!, selector, template } };
    case 'Job': {
      const jobTemplate = { metadata: { labels }, spec: { containers, restartPolicy: 'Never' as const } };
      return w.manualSelector
        ? { apiVersion: 'batch/v1', kind: 'Job', metadata: m, spec: { manualSelector: true, selector, template: jobTemplate } }
        : { apiVersion: 'batch/v1', kind: 'Job', metadata: m, spec: { template: jobTemplate } };
    }
    case 'CronJob': {
      const podTemplate = { metadata: { labels }, spec: { containers, restartPolicy: 'OnFailure' as const } };
      // The Job's own labels (jobTemplate.metadata) are not its pods' labels.
      const jobMeta = Object.keys(w.objectLabels).length > 0 ? { labels: w.objectLabels } : {};
      return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta(w.name, namespace, omit), spec: { schedule: '*/5 * * * *', jobTemplate: { metadata: jobMeta, spec: { template: podTemplate } } } };
    }
    case 'ReplicationController':
      return w.writeSelector
        ? { apiVersion: 'v1', kind: 'ReplicationController', metadata: m, spec: { replicas: 1, selector: selectorLabels(labels, w.selectorMask), template } }
        : { apiVersion: 'v1', kind: 'ReplicationController', metadata: m, spec: { replicas: 1, template } };
  }
}

export function buildRichCluster(raw: RichClusterSpec): BuiltCluster {
  const spec = substitute(raw, raw.extraNamespace);
  const defaultNamespace = spec.defaultNamespace === 'unset' ? undefined : spec.namespaces[spec.defaultNamespace % spec.namespaces.length]!.name;
  const effectiveDefault = defaultNamespace ?? 'default';
  const manifests: Manifest[] = [];
  for (const ns of spec.namespaces) if (!ns.omitManifest) manifests.push(namespaceManifest(ns, ns.labels));
  const ids = new Set<string>();
  let ipIndex = 0;
  for (const ns of spec.namespaces) {
    for (const w of ns.workloads) {
      let name = w.name;
      for (let k = 1; ids.has(`${ns.name}/${w.kind}/${name}`); k++) name = `${w.name}-${k}`;
      if (w.longName && !ids.has(`${ns.name}/${w.kind}/${padName(name, LONG_NAME[w.kind])}`)) name = padName(name, LONG_NAME[w.kind]);
      ids.add(`${ns.name}/${w.kind}/${name}`);
      const omit = ns.name === effectiveDefault && w.omitNamespace;
      manifests.push(richWorkloadManifest({ ...w, name }, ns.name, omit, spec.ipMode, ipIndex++));
    }
  }
  spec.policies.forEach((p, i) => {
    const ns = spec.namespaces[p.policy.nsIndex % spec.namespaces.length]!;
    const policy: NetworkPolicyManifest = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(`np-${i}`, ns.name, ns.name === effectiveDefault && p.omitNamespace),
      spec: policyBody(p.policy),
    };
    manifests.push(policy);
  });
  const built: BuiltCluster = {
    manifests,
    podCidrs: POD_CIDR_CHOICES[spec.podCidrs],
    format: spec.format,
    inContext: manifests.map((_, i) => spec.contextMarks[i] ?? false),
  };
  if (defaultNamespace !== undefined) built.defaultNamespace = defaultNamespace;
  return built;
}
