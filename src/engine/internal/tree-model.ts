import { closest, distance } from 'fastest-levenshtein';
import type { ManifestCache } from '../../k8s/load-cluster.js';
import type { Cluster, ClusterPolicy, Diagnostic, InvalidObject, LabelSelector, Namespace, NetworkPolicy, Workload } from '../../k8s/types.js';
import { type EndpointRef, type ExternalRef, type WorkloadRef, byEndpointId, workloadRef } from '../../values/endpoint.js';
import type { Cidr } from '../../values/ip-address.js';
import { type PortSet, isEmpty } from '../../values/port-set.js';
import type {
  Allowance,
  AnalysisInput,
  AnalysisOptions,
  Direction,
  TrafficExplanation,
  MatrixView,
  Path,
  PolicyRef,
  Resolution,
  Skipped,
} from '../types.js';
import { type Analysis, buildAnalysis, loadTree, parsePodCidrs } from './analysis.js';
import { withAssumedDns } from './assumed-dns.js';
import { Bitset } from './bitset.js';
import type { CompiledPolicy, CompiledSide } from './compile-policies.js';
import { findAtom } from './ip-atoms.js';
import { allowed, explainPair, isUncertain, policyRef } from './reachability.js';
import { type RestrictionLevel, restriction } from './restriction.js';

/** Pods a policy's podSelector, or a rule's pod peers, select; with the selectors in terms a reader knows. */
export interface Selection {
  workloads: WorkloadRef[];
  /** One term per peer (or the policy's podSelector): pods matching `pods` (absent: all) in `namespace` or in namespaces matching `namespaces`. */
  terms: SelectionTerm[];
}

export interface SelectionTerm {
  pods?: LabelSelector;
  namespace?: string;
  namespaces?: LabelSelector;
}

/** What one model is made of before anything is computed: the loaded tree and the options. */
export interface ModelSource {
  cluster: Cluster;
  options: AnalysisOptions;
  podCidrs: readonly Cidr[];
}

export function loadSource(input: AnalysisInput, options: AnalysisOptions, cache: ManifestCache): ModelSource {
  return { cluster: loadTree(input, options, cache), options, podCidrs: parsePodCidrs(options.podCidrs) };
}

/**
 * One side of an analysis as the model's queries see it. Results are endpoints (workloads and external
 * atoms), never classes; assumed endpoints are left out here, and only here.
 */
export class SideView {
  readonly compiled: CompiledSide;
  private readonly refs = new Map<number, EndpointRef[]>();
  private readonly byId = new Map<string, EndpointRef>();
  private readonly policiesById: Map<string, CompiledPolicy>;

  constructor(
    readonly analysis: Analysis,
    readonly side: number,
  ) {
    this.compiled = analysis.compiled[side]!;
    this.policiesById = new Map(this.compiled.policies.map((p) => [p.policy.id, p]));
  }

  get universe() {
    return this.analysis.universe;
  }

  /** The endpoints a class stands for on this side (assumed workloads left out). */
  endpointsOf(c: number): EndpointRef[] {
    let list = this.refs.get(c);
    if (!list) {
      const cls = this.universe.classes[c]!;
      list = cls.atom ? [cls.atom] : cls.members[this.side]!.filter((w) => !w.assumed).map((w) => workloadRef(w));
      this.refs.set(c, list);
      for (const ref of list) this.byId.set(ref.id, ref);
    }
    return list;
  }

  /** Every class that has a workload (assumed ones included) on this side. */
  isPresent(c: number): boolean {
    return c >= this.universe.podClassCount || this.universe.classes[c]!.states[this.side] !== undefined;
  }

  classOf(ref: EndpointRef): number | undefined {
    if (ref.type === 'workload') {
      const c = this.universe.workloadClass.get(ref.id);
      return c !== undefined && this.universe.classes[c]!.members[this.side]!.some((w) => w.id === ref.id) ? c : undefined;
    }
    for (let c = this.universe.podClassCount; c < this.universe.classes.length; c++) if (this.universe.classes[c]!.atom!.id === ref.id) return c;
    return undefined;
  }

  get externals(): ExternalRef[] {
    return this.universe.classes.slice(this.universe.podClassCount).map((c) => c.atom!);
  }

  policiesSelecting(c: number, direction: Direction): CompiledPolicy[] {
    if (c >= this.universe.podClassCount) return [];
    return (direction === 'ingress' ? this.compiled.ingressPolicies : this.compiled.egressPolicies)[c]!;
  }

  /** Classes that may reach class `c` (ingress) or that `c` may reach (egress): the rules' peers when only NetworkPolicies isolate it, else every class. */
  candidates(c: number, direction: Direction): number[] {
    const n = this.universe.classes.length;
    // A cluster policy may admit peers the NetworkPolicies' rules do not name (an Admin Allow, a Pass to the baseline).
    const tiered = c < this.universe.podClassCount && (this.compiled.tiers?.Admin[direction][c]?.length || this.compiled.tiers?.Baseline[direction][c]?.length);
    if (tiered || this.policiesSelecting(c, direction).length === 0) return Array.from({ length: n }, (_, i) => i);
    const union = new Bitset(n);
    for (const rule of (direction === 'ingress' ? this.compiled.ingressRules : this.compiled.egressRules)[c]!) union.orWith(rule.peers);
    const list: number[] = [];
    union.forEach((i) => list.push(i));
    return list;
  }

  /** Appends the paths between every endpoint of class `from` and of class `to`. */
  expand(from: number, to: number, ports: PortSet, uncertain: boolean, out: Path[], only?: { from?: EndpointRef; to?: EndpointRef }): void {
    const targets = only?.to ? [only.to] : this.endpointsOf(to);
    for (const f of only?.from ? [only.from] : this.endpointsOf(from)) for (const t of targets) out.push({ from: f, to: t, ports, uncertain });
  }

  /** Allowed traffic from class `from` to class `to`, as paths. */
  pathsBetween(from: number, to: number, out: Path[], only?: { from?: EndpointRef; to?: EndpointRef }): void {
    const result = allowed(this.compiled, from, to);
    if (isEmpty(result.maybe)) return;
    this.expand(from, to, result.maybe, isUncertain(result, result.maybe), out, only);
  }

  policy(id: string): CompiledPolicy | undefined {
    return this.policiesById.get(id);
  }

  workloadsOf(bits: Bitset): WorkloadRef[] {
    const out: WorkloadRef[] = [];
    bits.forEach((c) => {
      if (c < this.universe.podClassCount) for (const e of this.endpointsOf(c)) out.push(e as WorkloadRef);
    });
    return out.sort(byEndpointId);
  }
}

const byFromTo = (a: Path, b: Path) => byEndpointId(a.from, b.from) || byEndpointId(a.to, b.to);

/**
 * A model of one tree: loaded once, compiled on the first question (or handed the side of a
 * comparison's analysis), then asked as often as needed.
 */
export class TreeModel {
  private lazy: SideView | undefined;
  private readonly selections = new Map<string, Selection | undefined>();

  constructor(
    readonly source: ModelSource,
    view?: SideView,
  ) {
    this.lazy = view;
  }

  get view(): SideView {
    if (!this.lazy) {
      const clusters = withAssumedDns([this.source.cluster], this.source.options.dns);
      this.lazy = new SideView(buildAnalysis(clusters, this.source.podCidrs, { dnsCheck: this.source.options.dns !== undefined }), 0);
    }
    return this.lazy;
  }

  get workloads(): readonly Workload[] {
    return this.source.cluster.workloads;
  }

  get namespaces(): readonly Namespace[] {
    return this.source.cluster.namespaces;
  }

  get policies(): readonly NetworkPolicy[] {
    return this.source.cluster.policies;
  }

  get clusterPolicies(): readonly ClusterPolicy[] {
    return this.source.cluster.clusterPolicies;
  }

  get skipped(): Skipped {
    return this.source.cluster.skipped;
  }

  get invalid(): readonly InvalidObject[] {
    return this.source.cluster.invalid;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.view.analysis.diagnostics[this.view.side]!;
  }

  get externals(): readonly ExternalRef[] {
    return this.view.externals;
  }

  workload(id: string): Workload | undefined {
    return this.source.cluster.workloads.find((w) => w.id === id);
  }

  resolve(id: string): Resolution {
    const view = this.view;
    const known = this.source.cluster.workloads;
    const exact = known.find((w) => w.id === id);
    if (exact) return { kind: 'found', endpoint: workloadRef(exact) };
    if (id.startsWith('ip:')) {
      const atom = findAtom(view.externals, id);
      if (atom) return { kind: 'found', endpoint: atom };
    }
    const parts = id.split('/');
    const short = parts.length === 2 ? known.filter((w) => w.namespace === parts[0] && w.name === parts[1]) : parts.length === 1 ? known.filter((w) => w.name === id) : [];
    if (short.length === 1) return { kind: 'found', endpoint: workloadRef(short[0]!) };
    if (short.length > 1) return { kind: 'ambiguous', id, candidates: short.map((w) => workloadRef(w)).sort(byEndpointId) };
    // Closest by the whole id, by `ns/name`, or by the name alone (one more when the namespace differs).
    const last = parts[parts.length - 1]!;
    const scored = known.map((w) => ({
      k: w.id,
      d: Math.min(distance(id, w.id), distance(id, `${w.namespace}/${w.name}`), distance(last, w.name) + (parts.length > 1 && parts[0] !== w.namespace ? 1 : 0)),
    }));
    scored.sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    const suggestions = scored.filter((s) => s.d <= Math.max(3, Math.floor(id.length / 2))).slice(0, 3).map((s) => s.k);
    if (suggestions.length === 0 && known.length > 0) suggestions.push(closest(id, known.map((w) => w.id)));
    return { kind: 'unknown', id, suggestions };
  }

  private classOrThrow(ref: EndpointRef): number {
    const c = this.view.classOf(ref);
    if (c === undefined) throw new Error(`${ref.id} is not an endpoint of this model`);
    return c;
  }

  allowed(from: EndpointRef, to: EndpointRef): Allowance {
    const result = allowed(this.view.compiled, this.classOrThrow(from), this.classOrThrow(to));
    return { ports: result.maybe, uncertain: !isEmpty(result.maybe) && isUncertain(result, result.maybe) };
  }

  explain(from: EndpointRef, to: EndpointRef, traffic: PortSet): TrafficExplanation {
    return { ...explainPair(this.view.compiled, this.classOrThrow(from), this.classOrThrow(to), traffic), from, to };
  }

  reachers(to: EndpointRef): Path[] {
    return this.pathsAt(to, 'ingress');
  }

  reachable(from: EndpointRef): Path[] {
    return this.pathsAt(from, 'egress');
  }

  /** The paths into (`ingress`) or out of (`egress`) one endpoint: its class's column or row. */
  private pathsAt(endpoint: EndpointRef, direction: Direction): Path[] {
    const view = this.view;
    const c = this.classOrThrow(endpoint);
    const out: Path[] = [];
    for (const other of view.candidates(c, direction)) {
      if (direction === 'ingress') view.pathsBetween(other, c, out, { to: endpoint });
      else view.pathsBetween(c, other, out, { from: endpoint });
    }
    return out.sort(byFromTo);
  }

  matrix(filter?: { namespace: string }): MatrixView {
    const view = this.view;
    const u = view.universe;
    const n = u.classes.length;
    const out: Path[] = [];
    const inScope = (c: number) => !filter || (c < u.podClassCount && u.classes[c]!.states.find((s) => s)?.namespace === filter.namespace);
    for (let f = 0; f < n; f++) {
      if (!view.isPresent(f)) continue;
      if (inScope(f)) {
        for (const t of view.candidates(f, 'egress')) view.pathsBetween(f, t, out);
      } else if (filter) {
        for (const t of u.byNamespace.get(filter.namespace) ?? []) view.pathsBetween(f, t, out);
      }
    }
    const workloads = this.source.cluster.workloads.filter((w) => !filter || w.namespace === filter.namespace).map((w) => workloadRef(w));
    return { workloads: workloads.sort(byEndpointId), externals: [...view.externals].sort(byEndpointId), paths: out.sort(byFromTo) };
  }

  /** The policies of `direction` that select a workload (none: not isolated; external endpoints never are). */
  isolated(endpoint: EndpointRef, direction: Direction): PolicyRef[] {
    const c = this.view.classOf(endpoint);
    return c === undefined ? [] : this.view.policiesSelecting(c, direction).map((p) => policyRef(p.policy));
  }

  /** Whether the policies deny a workload anything of a direction (see RestrictionLevel); external endpoints are never restricted. */
  restricted(endpoint: EndpointRef, direction: Direction): RestrictionLevel {
    const c = this.view.classOf(endpoint);
    return c === undefined ? 'no' : restriction(this.view.compiled, c, direction).level;
  }

  /** What a policy's podSelector (`targets`) or one rule's pod peers select, when the rule has only pod peers. */
  selection(policy: string, what: 'targets' | { direction: Direction; rule: number }): Selection | undefined {
    const key = what === 'targets' ? `${policy}\u0000targets` : `${policy}\u0000${what.direction}\u0000${what.rule}`;
    if (!this.selections.has(key)) this.selections.set(key, this.computeSelection(policy, what));
    return this.selections.get(key);
  }

  private computeSelection(policy: string, what: 'targets' | { direction: Direction; rule: number }): Selection | undefined {
    const compiled = this.view.policy(policy);
    if (!compiled) return undefined;
    const p = compiled.policy;
    if (what === 'targets') return { workloads: this.view.workloadsOf(compiled.targets), terms: [{ pods: p.podSelector, namespace: p.namespace }] };
    const rule = compiled[what.direction][what.rule];
    const peers = rule?.rule.peers;
    if (!rule || !peers || !peers.every((peer) => peer.kind === 'pods')) return undefined;
    const terms = peers.map((peer): SelectionTerm => {
      if (peer.kind !== 'pods') return {};
      const term: SelectionTerm = peer.namespaceSelector ? { namespaces: peer.namespaceSelector } : { namespace: p.namespace };
      if (peer.podSelector) term.pods = peer.podSelector;
      return term;
    });
    return { workloads: this.view.workloadsOf(rule.peers), terms };
  }
}
