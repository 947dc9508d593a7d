/** The compiled shape of the cluster-wide tiers, shared by the compiler, the walk and the side record. */
import type { ClusterPolicy, ClusterRule, Diagnostic } from '../../k8s/types.js';
import type { PortSet } from '../../values/port-set.js';
import type { Direction } from '../types.js';
import type { Bitset } from './bitset.js';

/** What a matching rule does: Allow and Accept allow, Deny denies, Pass hands the traffic to the next tier. */
export type Effect = 'allow' | 'deny' | 'pass';

export interface CompiledClusterRule {
  policy: ClusterPolicy;
  direction: Direction;
  index: number;
  rule: ClusterRule;
  effect: Effect;
  /** Classes (pods and atoms) the rule matches as peers, including uncertain ones. */
  peers: Bitset;
  /** Pod classes matched only through `networks` that partly overlap the pod CIDRs (or host-networked pods). */
  uncertain: Bitset | undefined;
  numeric: PortSet;
  /** Named container ports, of whatever protocol the destination declares them with. */
  named: readonly string[];
  resolved: Map<number, PortSet>;
  /** Peer kinds the analysis cannot evaluate (no node IPs or DNS answers in manifests). */
  unevaluated: readonly ('nodes' | 'domainNames')[];
}

export interface CompiledClusterPolicy {
  policy: ClusterPolicy;
  targets: Bitset;
  ingress: CompiledClusterRule[];
  egress: CompiledClusterRule[];
}

/** The policies of one tier with one priority that select a class; several = an order the API leaves undefined. */
export interface PriorityGroup {
  priority: number;
  policies: CompiledClusterPolicy[];
}

/** Per class (index) and direction, the priority groups of each tier, by ascending priority. */
export interface ClusterTiers {
  policies: CompiledClusterPolicy[];
  Admin: Record<Direction, PriorityGroup[][]>;
  Baseline: Record<Direction, PriorityGroup[][]>;
  diagnostics: Diagnostic[];
}

