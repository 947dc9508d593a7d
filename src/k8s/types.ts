/** A manifest file handed to the core: a path (relative to what the user named) and its text. */
export interface SourceFile {
  path: string;
  text: string;
  /**
   * For rendered output (`kustomize build`): where each document was written, by its index among the
   * file's documents. A document with an origin is placed there (diagnostics, causes); one without
   * keeps this file's lines.
   */
  origins?: readonly (DocumentOrigin | undefined)[];
}

/** The source of a rendered document. */
export interface DocumentOrigin {
  file: string;
  /** Line where the document starts in `file`; every location of the document when `text` is absent. */
  line: number;
  /** The text of `file`: fields are placed at their own lines in its document starting at `line`. */
  text?: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  file: string;
  line: number;
  severity: Severity;
  message: string;
}

/** Where an object (or a part of it) was written. Lines are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
}

export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
}

/** A validated label selector: every requirement must hold (matchLabels become `In` requirements). */
export interface LabelSelector {
  requirements: readonly SelectorRequirement[];
}

export { PROTOCOLS, type Protocol } from '../values/port-set.js';
import type { Protocol } from '../values/port-set.js';

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

export interface Namespace {
  name: string;
  labels: Labels;
  location?: SourceLocation;
  context: boolean;
}

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface Workload {
  /** `namespace/Kind/name` */
  id: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
  /** Labels of the pods it runs (the pod template's, or the Pod's own). */
  labels: Labels;
  ports: readonly ContainerPort[];
  /** Pod IPs when a cluster dump records them (`status.podIPs`); absent when unknown. */
  podIPs?: readonly string[];
  /** `hostNetwork: true`: cluster-wide policies never select these pods. */
  hostNetwork?: true;
  location: SourceLocation;
  context: boolean;
  /** Not in any manifest: assumed by the analysis (the standard cluster DNS when none is loaded). */
  assumed?: true;
}

export type PolicyType = 'Ingress' | 'Egress';

/** One port entry of a rule. `port` absent = every port of the protocol. */
export interface PolicyPort {
  protocol: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface IpBlock {
  cidr: string;
  except: readonly string[];
}

/** One peer of a rule; exactly one of the shapes the API allows. */
export type PolicyPeer =
  | { kind: 'pods'; podSelector?: LabelSelector; namespaceSelector?: LabelSelector }
  | { kind: 'ipBlock'; ipBlock: IpBlock };

export interface PolicyRule {
  /** Absent/empty in the manifest = every peer; represented as `undefined`. */
  peers?: readonly PolicyPeer[];
  /** Absent/empty = every port of every protocol; represented as `undefined`. */
  ports?: readonly PolicyPort[];
  location: SourceLocation;
}

export interface NetworkPolicy {
  /** `namespace/name` */
  id: string;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  /** After the API server's defaulting. */
  policyTypes: readonly PolicyType[];
  ingress: readonly PolicyRule[];
  egress: readonly PolicyRule[];
  location: SourceLocation;
  context: boolean;
  /** The spec as written, for diffs of policies in reports. */
  spec: unknown;
}

/** An object the tree writes that the API server would refuse, so the analysis leaves it out. */
export interface InvalidObject {
  kind: string;
  /** As the valid object's id would be: `namespace/name` (NetworkPolicy), `Kind/name` (cluster policy), `namespace/Kind/name` (workload), `name` (Namespace). */
  id: string;
  /** The first error's place and message. */
  file: string;
  line: number;
  problem: string;
}

/** Everything loaded from one tree (plus its context). */
export interface Cluster {
  namespaces: readonly Namespace[];
  workloads: readonly Workload[];
  policies: readonly NetworkPolicy[];
  /** AdminNetworkPolicies, BaselineAdminNetworkPolicies and ClusterNetworkPolicies. */
  clusterPolicies: readonly ClusterPolicy[];
  diagnostics: readonly Diagnostic[];
  /** Objects left out because they are invalid (each also has its error diagnostics). */
  invalid: readonly InvalidObject[];
  /** Documents skipped because they are not Kubernetes objects or are of kinds not modelled. */
  skipped: { notKubernetes: number; otherKinds: number };
}

export const CLUSTER_POLICY_KINDS = ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'] as const;
export type ClusterPolicyKind = (typeof CLUSTER_POLICY_KINDS)[number];
export type ClusterTier = 'Admin' | 'Baseline';
/** As written: ANP Allow|Deny|Pass, BANP Allow|Deny, CNP Accept|Deny|Pass. */
export type ClusterRuleAction = 'Allow' | 'Accept' | 'Deny' | 'Pass';

/** Pods in namespaces matching `namespaceSelector` (and `podSelector` when set); host-networked pods never. */
export interface ClusterPodSelection {
  namespaceSelector: LabelSelector;
  podSelector?: LabelSelector;
}

/** One peer of a cluster policy rule. `unrecognised`: no field this reader knows (the policy fails closed). */
export type ClusterPeer =
  | ({ kind: 'pods' } & ClusterPodSelection)
  | { kind: 'networks'; cidrs: readonly string[] }
  | { kind: 'nodes'; selector: LabelSelector }
  | { kind: 'domainNames'; names: readonly string[] }
  | { kind: 'unrecognised'; fields: readonly string[] };

/** A port entry: a numbered range of one protocol, or a named container port (of any protocol) on the destination. */
export type ClusterPort = { protocol: Protocol; from: number; to: number } | { name: string };

export interface ClusterRule {
  name?: string;
  action: ClusterRuleAction;
  peers: readonly ClusterPeer[];
  /** Absent = every port of every protocol. */
  ports?: readonly ClusterPort[];
  location: SourceLocation;
}

export interface ClusterPolicy {
  /** `Kind/name` (cluster-scoped: one name space per kind). */
  id: string;
  kind: ClusterPolicyKind;
  apiVersion: string;
  name: string;
  tier: ClusterTier;
  /** 0-1000, lower first; absent for a BaselineAdminNetworkPolicy. */
  priority?: number;
  subject: ClusterPodSelection;
  ingress: readonly ClusterRule[];
  egress: readonly ClusterRule[];
  location: SourceLocation;
  context: boolean;
  spec: unknown;
}
