import type { Diagnostic } from '../k8s/types.js';
import type { PolicyRef, SidedDiagnostic, Skipped } from '../engine/types.js';

/**
 * The CLI's JSON contract: what `matrix`, `diff` and `explain --format json` print. Stable: fields are
 * only ever added. Ports are in the CLI notation (`TCP/80`, `UDP/1-65535`), endpoints by id.
 */

export interface WorkloadInfo {
  id: string;
  namespace: string;
  kind: string;
  name: string;
  context?: true;
}

export interface ExternalInfo {
  id: string;
}

/** Allowed traffic between two endpoints: ports in the CLI notation (`TCP/80`, `UDP/1-65535`). */
export interface Edge {
  from: string;
  to: string;
  ports: string[];
  uncertain?: true;
}

export interface MatrixResult {
  workloads: WorkloadInfo[];
  externals: ExternalInfo[];
  edges: Edge[];
  diagnostics: Diagnostic[];
  skipped: Skipped;
}

/** A rule that allows (part of) the traffic asked about. `rule` is 0-based. */
export interface RuleRef extends PolicyRef {
  direction: 'ingress' | 'egress';
  rule: number;
  /** What this rule allows of the traffic asked about. */
  ports: string[];
  /** The rule matches the peer only through an ipBlock that partly overlaps the pod CIDRs. */
  uncertain?: true;
}

/** How one side (the source's egress, or the destination's ingress) treats the traffic. */
export interface SideExplanation {
  /** True when some policy of this direction selects the endpoint; external endpoints are never isolated. */
  isolated: boolean;
  /** The policies of this direction that select the endpoint. */
  selectedBy: PolicyRef[];
  /** The rules that allow some of the traffic asked about. */
  allowedBy: RuleRef[];
  /** What this side allows of the traffic asked about. */
  ports: string[];
}

export interface Explanation {
  from: string;
  to: string;
  /** The traffic asked about. */
  ports: string[];
  /** What of it is allowed: egress AND ingress. */
  allowedPorts: string[];
  allowed: boolean;
  uncertain?: true;
  egress: SideExplanation;
  ingress: SideExplanation;
}

export interface ExplainResult extends Explanation {
  diagnostics: Diagnostic[];
}

export interface OpenedEdge extends Edge {
  /** Head's explanation of the opened ports: the rules that now allow them. */
  because: Explanation;
  /** Base's explanation of the same ports: what denied them before. */
  before: Explanation;
}

export interface ClosedEdge extends Edge {
  /** Base's explanation of the closed ports: the rules that allowed them. */
  because: Explanation;
  /** Head's explanation of the same ports: what isolates them now. */
  now: Explanation;
}

/** A change in how exposed a workload (present on both sides) is. */
export interface ExposureChange {
  workload: string;
  change: 'lost-ingress-isolation' | 'lost-egress-isolation' | 'reachable-from-every-namespace';
  /** The change rests on uncertain ipBlock matches. */
  uncertain?: true;
}

export interface DiffResult {
  opened: OpenedEdge[];
  closed: ClosedEdge[];
  addedWorkloads: string[];
  removedWorkloads: string[];
  addedPaths: Edge[];
  removedPaths: Edge[];
  diagnostics: SidedDiagnostic[];
  /** Workloads compared as one because only their name changed (only when rename detection is asked for). */
  renamed?: { from: string; to: string }[];
  exposure: ExposureChange[];
  skipped: { base: Skipped; head: Skipped };
}
