import type { Protocol, Workload } from '../k8s/types.js';
import { type Analysis, type AnalysisHooks, analyse } from './analysis.js';
import { Bitset } from './bitset.js';
import { changedTierPeers } from './compile-cluster-policies.js';
import { type CompiledRule, type CompiledSide, ruleFingerprint } from './compile-policies.js';
import { findAtom } from './ip-atoms.js';
import { type PortSet, formatPorts, isEmpty, portRange, portSetKey, subtract } from './port-set.js';
import { type Allowed, allowed, explainPair, isUncertain } from './reachability.js';
import type {
  AnalysisInput,
  AnalysisOptions,
  ClosedEdge,
  DiffResult,
  Edge,
  ExposureChange,
  ExplainResult,
  MatrixResult,
  OpenedEdge,
  SidedDiagnostic,
  WorkloadInfo,
} from './types.js';

export interface Traffic {
  protocol: Protocol;
  port: number;
}

export type ExplainOutcome =
  | { kind: 'explained'; result: ExplainResult }
  | { kind: 'unknown-endpoint'; id: string; diagnostics: ExplainResult['diagnostics'] };

/** Counts about the computation, for benchmarks and the text output; not part of the JSON contract. */
export interface Stats {
  classes: number;
  workloads: number;
  policies: number;
}

function workloadInfo(w: Workload): WorkloadInfo {
  const info: WorkloadInfo = { id: w.id, namespace: w.namespace, kind: w.kind, name: w.name };
  if (w.context) info.context = true;
  return info;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byFromTo = (a: Edge, b: Edge) => (a.from !== b.from ? (a.from < b.from ? -1 : 1) : a.to < b.to ? -1 : a.to > b.to ? 1 : 0);

/** Endpoint ids of a class on one side: its workloads, or its atom. */
function idsOf(analysis: Analysis, c: number, side: number): string[] {
  const cls = analysis.universe.classes[c]!;
  return cls.atom ? [cls.atom.id] : cls.members[side]!.map((w) => w.id);
}

/** Formats port sets once per distinct set. */
class PortFormatter {
  private readonly cache = new Map<string, string[]>();
  format(ports: PortSet): string[] {
    const key = portSetKey(ports);
    let text = this.cache.get(key);
    if (!text) this.cache.set(key, (text = formatPorts(ports)));
    return text;
  }
}

/** Expands a class pair's result into one edge per workload pair. */
function expand<E extends Edge>(analysis: Analysis, side: number, from: number, to: number, make: (fromId: string, toId: string) => E, out: E[]) {
  const toIds = idsOf(analysis, to, side);
  for (const f of idsOf(analysis, from, side)) for (const t of toIds) out.push(make(f, t));
}

function edge(from: string, to: string, ports: string[], uncertain: boolean): Edge {
  return uncertain ? { from, to, ports, uncertain: true } : { from, to, ports };
}

function stats(analysis: Analysis): Stats {
  return {
    classes: analysis.universe.classes.length,
    workloads: analysis.universe.workloadClass.size,
    policies: analysis.clusters.reduce((n, c) => n + c.policies.length, 0),
  };
}

/** Who can reach whom, on which ports, in one tree. */
export function matrix(input: AnalysisInput, options: AnalysisOptions = {}): MatrixResult & { stats: Stats } {
  const analysis = analyse([input], options);
  const compiled = analysis.compiled[0]!;
  const n = analysis.universe.classes.length;
  const formatter = new PortFormatter();
  const edges: Edge[] = [];
  for (let from = 0; from < n; from++) {
    for (let to = 0; to < n; to++) {
      const result = allowed(compiled, from, to);
      if (isEmpty(result.maybe)) continue;
      const ports = formatter.format(result.maybe);
      const uncertain = isUncertain(result, result.maybe);
      expand(analysis, 0, from, to, (f, t) => edge(f, t, ports, uncertain), edges);
    }
  }
  return {
    workloads: analysis.clusters[0]!.workloads.map(workloadInfo).sort(byId),
    externals: analysis.universe.classes.filter((c) => c.atom).map((c) => ({ id: c.atom!.id })).sort(byId),
    edges: edges.sort(byFromTo),
    diagnostics: analysis.diagnostics[0]!,
    skipped: analysis.clusters[0]!.skipped,
    stats: stats(analysis),
  };
}

/** The rules of each class's direction, as a text equal on both sides exactly when the class is treated the same. */
function profileDiffers(
  base: CompiledSide,
  head: CompiledSide,
  mask: Bitset,
  c: number,
  direction: 'ingress' | 'egress',
  fingerprints: Map<object, string>,
): boolean {
  const profile = (side: CompiledSide) => {
    const policies = direction === 'ingress' ? side.ingressPolicies[c]! : side.egressPolicies[c]!;
    if (policies.length === 0) return 'not isolated';
    const rules = direction === 'ingress' ? side.ingressRules[c]! : side.egressRules[c]!;
    return rules
      .map((r: CompiledRule) => {
        let f = fingerprints.get(r);
        if (f === undefined) fingerprints.set(r, (f = ruleFingerprint(r, mask)));
        return f;
      })
      .sort()
      .join('\n');
  };
  return profile(base) !== profile(head);
}

/** What a change opens and closes between two trees, and why. */
export function diff(base: AnalysisInput, head: AnalysisInput, options: AnalysisOptions = {}): DiffResult & { stats: Stats } {
  return compareTrees(base, head, options).result;
}

/** Whether, on one side, some workload of every namespace (surely, or maybe) can reach class `to`. */
function reachableFromEveryNamespace(analysis: Analysis, side: number, to: number): 'yes' | 'maybe' | 'no' {
  const { universe } = analysis;
  let namespaces = 0;
  let verdict: 'yes' | 'maybe' = 'yes';
  for (const classes of universe.byNamespace.values()) {
    const present = classes.filter((c) => universe.classes[c]!.states[side]);
    if (present.length === 0) continue;
    namespaces++;
    const results = present.map((from) => allowed(analysis.compiled[side]!, from, to));
    if (results.some((r) => !isEmpty(r.sure))) continue;
    if (!results.some((r) => !isEmpty(r.maybe))) return 'no';
    verdict = 'maybe';
  }
  return namespaces > 1 ? verdict : 'no';
}

function exposureChanges(analysis: Analysis, rows: Bitset, cols: Bitset, openedTo: Bitset): ExposureChange[] {
  const { universe } = analysis;
  const [b, h] = analysis.compiled as [CompiledSide, CompiledSide];
  const out: ExposureChange[] = [];
  const both = (c: number) => universe.classes[c]!.states[0] && universe.classes[c]!.states[1];
  const add = (c: number, change: ExposureChange['change'], uncertain = false) => {
    for (const w of universe.classes[c]!.members[1]!) out.push(uncertain ? { workload: w.id, change, uncertain: true } : { workload: w.id, change });
  };
  const candidates = cols.clone();
  candidates.orWith(openedTo);
  candidates.forEach((c) => {
    if (!both(c)) return;
    if (b.ingressPolicies[c]!.length > 0 && h.ingressPolicies[c]!.length === 0) add(c, 'lost-ingress-isolation');
    const now = reachableFromEveryNamespace(analysis, 1, c);
    const before = now === 'no' ? 'no' : reachableFromEveryNamespace(analysis, 0, c);
    if (now !== 'no' && before !== 'yes' && (now === 'yes' || before === 'no')) add(c, 'reachable-from-every-namespace', now === 'maybe' || before === 'maybe');
  });
  rows.forEach((c) => {
    if (both(c) && b.egressPolicies[c]!.length > 0 && h.egressPolicies[c]!.length === 0) add(c, 'lost-egress-isolation');
  });
  return out.sort((x, y) => (x.workload !== y.workload ? (x.workload < y.workload ? -1 : 1) : x.change < y.change ? -1 : 1));
}

/** The diff with what produced it, for the review. */
export function compareTrees(
  base: AnalysisInput,
  head: AnalysisInput,
  options: AnalysisOptions = {},
  hooks: AnalysisHooks = {},
): { result: DiffResult & { stats: Stats }; analysis: Analysis } {
  const analysis = analyse([base, head], options, hooks);
  const { universe } = analysis;
  const [b, h] = analysis.compiled as [CompiledSide, CompiledSide];
  const n = universe.classes.length;
  const rows = universe.changed.clone();
  const cols = universe.changed.clone();
  const fingerprints = new Map<object, string>();
  /** Classes whose NetworkPolicies are alike but whose cluster tiers may treat some peers differently: those peers. */
  const tierRows = new Map<number, Bitset | undefined>();
  const tierCols = new Map<number, Bitset | undefined>();
  for (let c = 0; c < universe.podClassCount; c++) {
    if (universe.changed.has(c)) continue;
    if (profileDiffers(b, h, universe.changed, c, 'egress', fingerprints)) rows.add(c);
    else tierRows.set(c, changedTierPeers(b.tiers, h.tiers, c, 'egress', universe.changed, fingerprints));
    if (profileDiffers(b, h, universe.changed, c, 'ingress', fingerprints)) cols.add(c);
    else tierCols.set(c, changedTierPeers(b.tiers, h.tiers, c, 'ingress', universe.changed, fingerprints));
  }
  /** Destinations of opened paths: their exposure may have changed even when their own policies did not. */
  const openedTo = new Bitset(n);
  const present = (c: number, side: number) => c >= universe.podClassCount || universe.classes[c]!.states[side] !== undefined;
  const formatter = new PortFormatter();
  const opened: OpenedEdge[] = [];
  const closed: ClosedEdge[] = [];
  const addedPaths: Edge[] = [];
  const removedPaths: Edge[] = [];
  const oneSided = (side: number, result: Allowed, from: number, to: number, out: Edge[]) => {
    if (isEmpty(result.maybe)) return;
    const ports = formatter.format(result.maybe);
    const uncertain = isUncertain(result, result.maybe);
    expand(analysis, side, from, to, (f, t) => edge(f, t, ports, uncertain), out);
  };
  const visit = (from: number, to: number) => {
    const inBase = present(from, 0) && present(to, 0);
    const inHead = present(from, 1) && present(to, 1);
    if (inBase && inHead) {
      const before = allowed(b, from, to);
      const after = allowed(h, from, to);
      const gained = subtract(after.maybe, before.maybe);
      const lost = subtract(before.maybe, after.maybe);
      if (!isEmpty(gained)) {
        openedTo.add(to);
        const ports = formatter.format(gained);
        const uncertain = isUncertain(after, gained);
        const because = explainPair(h, from, to, '', '', gained);
        const was = explainPair(b, from, to, '', '', gained);
        expand(analysis, 1, from, to, (f, t) => ({ ...edge(f, t, ports, uncertain), because: { ...because, from: f, to: t }, before: { ...was, from: f, to: t } }), opened);
      }
      if (!isEmpty(lost)) {
        const ports = formatter.format(lost);
        const uncertain = isUncertain(before, lost);
        const because = explainPair(b, from, to, '', '', lost);
        const now = explainPair(h, from, to, '', '', lost);
        expand(analysis, 0, from, to, (f, t) => ({ ...edge(f, t, ports, uncertain), because: { ...because, from: f, to: t }, now: { ...now, from: f, to: t } }), closed);
      }
    } else if (inHead) oneSided(1, allowed(h, from, to), from, to, addedPaths);
    else if (inBase) oneSided(0, allowed(b, from, to), from, to, removedPaths);
  };
  rows.forEach((from) => {
    for (let to = 0; to < n; to++) visit(from, to);
  });
  cols.forEach((to) => {
    for (let from = 0; from < n; from++) if (!rows.has(from)) visit(from, to);
  });
  tierRows.forEach((tos, from) => tos?.forEach((to) => !cols.has(to) && visit(from, to)));
  tierCols.forEach((froms, to) => froms?.forEach((from) => !rows.has(from) && !tierRows.get(from)?.has(to) && visit(from, to)));
  const renamedFrom = new Set(analysis.renames.values());
  const workloadIds = (side: number) =>
    new Set(analysis.clusters[side]!.workloads.map((w) => w.id).filter((id) => !(side === 0 ? renamedFrom.has(id) : analysis.renames.has(id))));
  const baseIds = workloadIds(0);
  const headIds = workloadIds(1);
  const sided = (side: 'base' | 'head', list: typeof analysis.diagnostics[number]): SidedDiagnostic[] => list.map((d) => ({ ...d, side }));
  const result: DiffResult & { stats: Stats } = {
    opened: opened.sort(byFromTo),
    closed: closed.sort(byFromTo),
    addedWorkloads: [...headIds].filter((id) => !baseIds.has(id)).sort(),
    removedWorkloads: [...baseIds].filter((id) => !headIds.has(id)).sort(),
    addedPaths: addedPaths.sort(byFromTo),
    removedPaths: removedPaths.sort(byFromTo),
    diagnostics: [...sided('base', analysis.diagnostics[0]!), ...sided('head', analysis.diagnostics[1]!)].sort((x, y) =>
      x.file !== y.file ? (x.file < y.file ? -1 : 1) : x.line !== y.line ? x.line - y.line : x.side < y.side ? -1 : x.side > y.side ? 1 : 0,
    ),
    exposure: exposureChanges(analysis, rows, cols, openedTo),
    skipped: { base: analysis.clusters[0]!.skipped, head: analysis.clusters[1]!.skipped },
    stats: stats(analysis),
  };
  if (hooks.detectRenames) {
    result.renamed = [...analysis.renames].map(([to, from]) => ({ from, to })).sort((x, y) => (x.to < y.to ? -1 : 1));
  }
  return { result, analysis };
}

/** Why traffic from one endpoint to another on one port is allowed or denied. */
export function explain(input: AnalysisInput, from: string, to: string, traffic: Traffic, options: AnalysisOptions = {}): ExplainOutcome {
  const analysis = analyse([input], options);
  const diagnostics = analysis.diagnostics[0]!;
  const atoms = analysis.universe.classes.filter((c) => c.atom);
  /** A workload id, or an external atom's id (an address or CIDR inside one atom names it too). */
  const resolve = (id: string): { index: number; id: string } | undefined => {
    const workload = analysis.universe.workloadClass.get(id);
    if (workload !== undefined) return { index: workload, id };
    const atom = findAtom(atoms.map((c) => c.atom!), id);
    const cls = atoms.find((c) => c.atom === atom);
    return cls && { index: cls.index, id: atom!.id };
  };
  const source = resolve(from);
  if (!source) return { kind: 'unknown-endpoint', id: from, diagnostics };
  const destination = resolve(to);
  if (!destination) return { kind: 'unknown-endpoint', id: to, diagnostics };
  const asked = portRange(traffic.protocol, traffic.port, traffic.port);
  const explanation = explainPair(analysis.compiled[0]!, source.index, destination.index, source.id, destination.id, asked);
  return { kind: 'explained', result: { ...explanation, diagnostics } };
}
