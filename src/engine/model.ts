import { ManifestCache } from '../k8s/load-cluster.js';
import type { ClusterPolicy, Diagnostic, InvalidObject, Namespace, NetworkPolicy, Workload } from '../k8s/types.js';
import type { EndpointRef, ExternalRef } from '../values/endpoint.js';
import type { PortSet } from '../values/port-set.js';
import type { RestrictionLevel } from './internal/restriction.js';
import { type Selection, TreeModel, loadSource } from './internal/tree-model.js';
import type { Allowance, AnalysisInput, AnalysisOptions, Direction, TrafficExplanation, MatrixView, Path, PolicyRef, Resolution, Skipped } from './types.js';

export type { Selection, SelectionTerm } from './internal/tree-model.js';
export type { RestrictionLevel } from './internal/restriction.js';

/**
 * One tree, loaded and compiled once, then asked. Every query answers from the compiled classes: a row
 * or column is one class's rule peers, never the whole matrix.
 */
export interface Model {
  readonly workloads: readonly Workload[];
  readonly namespaces: readonly Namespace[];
  readonly policies: readonly NetworkPolicy[];
  /** AdminNetworkPolicies, BaselineAdminNetworkPolicies and ClusterNetworkPolicies. */
  readonly clusterPolicies: readonly ClusterPolicy[];
  /** Loading and compiling diagnostics, sorted by file and line. */
  readonly diagnostics: readonly Diagnostic[];
  /** Objects left out as invalid (the API server would refuse them). */
  readonly invalid: readonly InvalidObject[];
  readonly skipped: Skipped;
  /** The external atoms the IP space is cut into. */
  readonly externals: readonly ExternalRef[];
  workload(id: string): Workload | undefined;
  /** An id as the CLI writes it, `ns/name` or a name when unambiguous, or `ip:<address|cidr>` inside one atom. */
  resolve(id: string): Resolution;
  allowed(from: EndpointRef, to: EndpointRef): Allowance;
  explain(from: EndpointRef, to: EndpointRef, traffic: PortSet): TrafficExplanation;
  /** Every path into `to`. */
  reachers(to: EndpointRef): Path[];
  /** Every path out of `from`. */
  reachable(from: EndpointRef): Path[];
  /** Every allowed path, or those from or to one namespace's workloads. */
  matrix(filter?: { namespace: string }): MatrixView;
  /** The policies of a direction that select an endpoint; none = not isolated. */
  isolated(endpoint: EndpointRef, direction: Direction): PolicyRef[];
  /**
   * Whether the policies of every tier deny a workload anything of a direction, from (ingress) or to (egress)
   * some endpoint of the tree: `yes`, `maybe` (only through an uncertain match) or `no` (everything allowed).
   */
  restricted(endpoint: EndpointRef, direction: Direction): RestrictionLevel;
  /** What a policy's podSelector (`targets`), or one rule's pod peers, select. */
  selection(policy: string, what: 'targets' | { direction: Direction; rule: number }): Selection | undefined;
}

/** Loads one tree. Compilation happens on the first question. Throws on a malformed pod CIDR option. */
export function analyse(input: AnalysisInput, options: AnalysisOptions = {}): Model {
  return new TreeModel(loadSource(input, options, new ManifestCache(options.parseLimits, options.readAhead)));
}

/** Loads a PR's two trees, reading byte-identical files once for both. */
export function analysePair(base: AnalysisInput, head: AnalysisInput, options: AnalysisOptions = {}): { base: Model; head: Model } {
  const cache = new ManifestCache(options.parseLimits, options.readAhead);
  return { base: new TreeModel(loadSource(base, options, cache)), head: new TreeModel(loadSource(head, options, cache)) };
}
