import type { ClusterPolicyKind, ClusterRuleAction, ClusterTier, Diagnostic, LabelSelector, SourceFile, SourceLocation } from '../k8s/types.js';
import type { EndpointRef, ExternalRef, WorkloadRef } from '../values/endpoint.js';
import type { PortSet } from '../values/port-set.js';
import type { ReadAhead } from '../k8s/load-cluster.js';
import type { ParseLimits } from '../k8s/parse-yaml.js';
import type { TimeBudget } from './time-budget.js';

/** The manifests of one tree: the repository's files and, optionally, cluster context that is not in it. */
export interface AnalysisInput {
  files: readonly SourceFile[];
  context?: readonly SourceFile[];
  /** What the reader of the files already found wrong (a file not read, over a limit): merged with the loader's. */
  diagnostics?: readonly Diagnostic[];
}

export interface AnalysisOptions {
  /** Namespace for objects without `metadata.namespace`. Default `default`. */
  defaultNamespace?: string;
  /** CIDRs pod IPs are drawn from. Default: the RFC 1918 ranges. `[]` = ipBlocks never match pods. */
  podCidrs?: readonly string[];
  /**
   * The cluster DNS. When no workload of the tree (or of either tree, in a comparison) matches it, the
   * model carries an assumed one (marked `assumed`) so that DNS egress can be checked; results leave
   * assumed endpoints out.
   */
  dns?: { namespace: string; podSelector: LabelSelector };
  /** Bounds on parsing hostile YAML; default PARSE_LIMITS. */
  parseLimits?: Readonly<ParseLimits>;
  /** Files already parsed and read (`readManifest`, with the same limits and default namespace), by another thread say. */
  readAhead?: ReadAhead;
  /** Checked while loading files and comparing rows and columns: past it, the analysis throws BudgetExceeded. */
  budget?: TimeBudget;
}

export type Direction = 'ingress' | 'egress';
export type Side = 'base' | 'head';

export interface SidedDiagnostic extends Diagnostic {
  side: Side;
}

/** Documents left aside without a diagnostic: not Kubernetes objects, or kinds that do not affect reachability. */
export interface Skipped {
  notKubernetes: number;
  otherKinds: number;
}

export interface PolicyRef {
  /** `namespace/name` */
  policy: string;
  namespace: string;
  name: string;
  file: string;
  line: number;
  context?: true;
}

/** A rule that allows (part of) the traffic asked about. `rule` is 0-based; file and line are the rule's. */
export interface RuleCause extends PolicyRef {
  direction: Direction;
  rule: number;
  /** What this rule allows of the traffic asked about. */
  ports: PortSet;
  /** The rule matches the peer only through an ipBlock that partly overlaps the pod CIDRs. */
  uncertain: boolean;
}

/** A rule of a cluster-wide policy (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy). `rule` is 0-based. */
export interface ClusterRuleCause {
  tier: ClusterTier;
  kind: ClusterPolicyKind;
  /** `Kind/name` */
  policy: string;
  name: string;
  /** Absent for a BaselineAdminNetworkPolicy. */
  priority?: number;
  direction: Direction;
  rule: number;
  ruleName?: string;
  action: ClusterRuleAction;
  file: string;
  line: number;
  /** The ports of the traffic asked about this rule decides (allows, denies or passes on). */
  ports: PortSet;
  /** It may not be this rule that decides them: a partial `networks` match, or a tie in priority. */
  uncertain: boolean;
  context?: true;
}

/** How one side (the source's egress, or the destination's ingress) treats some traffic. */
export interface SideVerdict {
  /** Some policy of this direction selects the endpoint; external endpoints are never isolated. */
  isolated: boolean;
  selectedBy: PolicyRef[];
  /** The rules that allow some of the traffic asked about. */
  allowedBy: RuleCause[];
  /** What this side allows of the traffic asked about. */
  ports: PortSet;
  /**
   * Present when cluster-wide policies select the endpoint: the rules that decided the traffic asked
   * about, in evaluation order (Admin by priority, then Baseline). `allowedBy` then speaks only of the
   * ports the Admin tier left to NetworkPolicies, and `ports` is the verdict through every tier.
   */
  clusterRules?: ClusterRuleCause[];
  /** Cluster rules whose nodes/domainNames peers were not evaluated for this (external or host-networked) peer. */
  notEvaluated?: ClusterRuleCause[];
}

/** Why traffic between two endpoints is allowed or denied, rule by rule. */
export interface Verdict {
  /** The traffic asked about. */
  ports: PortSet;
  /** What of it is allowed: egress AND ingress. */
  allowedPorts: PortSet;
  allowed: boolean;
  /** The allowed ports depend on an uncertain ipBlock match. */
  uncertain: boolean;
  egress: SideVerdict;
  ingress: SideVerdict;
}

export interface TrafficExplanation extends Verdict {
  from: EndpointRef;
  to: EndpointRef;
}

/** Allowed traffic between two endpoints. */
export interface Path {
  from: EndpointRef;
  to: EndpointRef;
  ports: PortSet;
  uncertain: boolean;
}

export interface OpenedPath extends Path {
  /** Head's verdict on the opened ports: the rules that now allow them. */
  because: Verdict;
  /** Base's verdict on the same ports: what denied them before. */
  before: Verdict;
}

export interface ClosedPath extends Path {
  /** Base's verdict on the closed ports: the rules that allowed them. */
  because: Verdict;
  /** Head's verdict on the same ports: what isolates them now. */
  now: Verdict;
}

export interface Allowance {
  ports: PortSet;
  /** Part of `ports` rests on an uncertain ipBlock match. */
  uncertain: boolean;
}

/** What an id names in a model. */
export type Resolution =
  | { kind: 'found'; endpoint: EndpointRef }
  | { kind: 'ambiguous'; id: string; candidates: EndpointRef[] }
  | { kind: 'unknown'; id: string; suggestions: string[] };

export interface MatrixView {
  workloads: WorkloadRef[];
  externals: ExternalRef[];
  /** Sorted by (from, to) id. */
  paths: Path[];
}

export type ExposureKind =
  | 'internet-ingress'
  | 'lost-ingress-isolation'
  | 'reachable-from-every-namespace'
  | 'internet-egress'
  | 'lost-egress-isolation'
  | 'dns-cut'
  | 'unprotected-workload';

/** One change in how exposed one workload is, with where it comes from. */
export interface ExposureFact {
  kind: ExposureKind;
  workload: WorkloadRef;
  /** Ports concerned (empty where the kind has none). */
  ports: PortSet;
  /** External endpoints concerned (internet exposure). */
  externals: ExternalRef[];
  uncertain: boolean;
  /** What to annotate: the rule or policy responsible, or the workload. */
  location: SourceLocation & { side: Side };
}
