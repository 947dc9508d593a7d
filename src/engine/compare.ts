import type { Workload } from '../k8s/types.js';
import { type WorkloadRef, byEndpointId, internetTest, workloadRef } from '../values/endpoint.js';
import { parseCidr } from '../values/ip-address.js';
import { type PortSet, intersect, isEmpty, portRange, subtract, union } from '../values/port-set.js';
import { buildAnalysis } from './internal/analysis.js';
import { isDnsWorkload, withAssumedDns } from './internal/assumed-dns.js';
import { Bitset } from './internal/bitset.js';
import { changedTierPeers } from './internal/compile-cluster-policies.js';
import { type CompiledRule, type CompiledSide, ruleFingerprint } from './internal/compile-policies.js';
import { ExposureCollector, grantedEgress, internetFacts, isolationFacts } from './internal/exposure-facts.js';
import { MayAllow, type SharedVerdicts, allowed, explainPair, isUncertain } from './internal/reachability.js';
import { type RestrictionLevel, denialAt, restriction } from './internal/restriction.js';
import { SideView, TreeModel } from './internal/tree-model.js';
import type { Model } from './model.js';
import type { ClosedPath, ExposureFact, OpenedPath, Path, SidedDiagnostic, Skipped, Verdict } from './types.js';

/** Addresses that are not "the internet" unless told otherwise. */
export const DEFAULT_INTERNAL_CIDRS: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
];

export interface CompareOptions {
  /** Pair workloads removed and added that differ only in name, and compare them as one. */
  renames?: boolean;
  /** Addresses that are not the internet (for exposure). Default DEFAULT_INTERNAL_CIDRS. */
  internalCidrs?: readonly string[];
}

/** What a change opens and closes between two trees, why, and how exposure changed. */
export interface Comparison {
  /** The two sides, as models over one analysis (their external atoms are cut by both sides' ipBlocks). */
  base: Model;
  head: Model;
  opened: OpenedPath[];
  closed: ClosedPath[];
  addedWorkloads: WorkloadRef[];
  removedWorkloads: WorkloadRef[];
  /** Paths of workloads only in head; `removedPaths` of those only in base. */
  addedPaths: Path[];
  removedPaths: Path[];
  /** Workloads compared as one because only their name changed (with `renames`). */
  renamed: { from: WorkloadRef; to: WorkloadRef }[];
  exposures: ExposureFact[];
  diagnostics: SidedDiagnostic[];
  skipped: { base: Skipped; head: Skipped };
  /** Counts about the computation, for benchmarks. */
  stats: { classes: number; workloads: number; policies: number };
}

const DNS_PORTS: PortSet = union(portRange('TCP', 53, 53), portRange('UDP', 53, 53));

/** The rules of a class's direction, as a text equal on both sides exactly when the class is treated the same. */
function profileDiffers(base: CompiledSide, head: CompiledSide, mask: Bitset, c: number, direction: 'ingress' | 'egress', fingerprints: Map<object, string>): boolean {
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

function treeModel(model: Model): TreeModel {
  if (!(model instanceof TreeModel)) throw new TypeError('compare() takes models made by analyse()');
  return model;
}

const byFromTo = (a: Path, b: Path) => byEndpointId(a.from, b.from) || byEndpointId(a.to, b.to);

/**
 * Compares two models: one analysis of both trees (the tree loaded for each model is reused), in which
 * only the rows and columns of classes whose state or effective rules changed are recomputed.
 */
export function compare(baseModel: Model, headModel: Model, options: CompareOptions = {}): Comparison {
  const baseTree = treeModel(baseModel);
  const headTree = treeModel(headModel);
  const dns = headTree.source.options.dns;
  const clusters = withAssumedDns([baseTree.source.cluster, headTree.source.cluster], dns);
  const analysis = buildAnalysis(clusters, headTree.source.podCidrs, { detectRenames: options.renames === true, dnsCheck: dns !== undefined });
  const views = [new SideView(analysis, 0), new SideView(analysis, 1)] as const;
  const [bv, hv] = views;
  const base = new TreeModel(baseTree.source, bv);
  const head = new TreeModel(headTree.source, hv);
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
  const dnsClasses = new Bitset(n);
  if (dns) for (let c = 0; c < universe.podClassCount; c++) if (universe.classes[c]!.members.some((side) => side.some((w) => isDnsWorkload(dns, w)))) dnsClasses.add(c);

  const bySide = clusters.map((c) => new Map(c.workloads.map((w) => [w.id, w] as const)));
  const locate = (ref: WorkloadRef, side: 'base' | 'head'): Workload | undefined => bySide[side === 'base' ? 0 : 1]!.get(ref.id);
  const facts = new ExposureCollector(locate);
  /** Destinations of opened paths: their exposure may have changed even when their own policies did not. */
  const openedTo = new Bitset(n);
  const opened: OpenedPath[] = [];
  const closed: ClosedPath[] = [];
  const addedPaths: Path[] = [];
  const removedPaths: Path[] = [];
  /**
   * Whether `from`'s egress towards `to` is treated the same on both sides, as for the pairs not
   * visited: its own egress rules are alike, the tiers treat `to` alike, and `to` did not change;
   * and the same of `to`'s ingress from `from`.
   */
  const sameEgress = (from: number, to: number) => !rows.has(from) && !universe.changed.has(to) && !tierRows.get(from)?.has(to);
  const sameIngress = (from: number, to: number) => !cols.has(to) && !universe.changed.has(from) && !tierCols.get(to)?.has(from);
  const visit = (from: number, to: number) => {
    const inBase = bv.isPresent(from) && bv.isPresent(to);
    const inHead = hv.isPresent(from) && hv.isPresent(to);
    if (inBase && inHead) {
      const shared: SharedVerdicts = { egress: sameEgress(from, to), ingress: sameIngress(from, to) };
      const before = allowed(b, from, to, shared);
      const after = allowed(h, from, to, shared);
      const gained = subtract(after.maybe, before.maybe);
      const lost = subtract(before.maybe, after.maybe);
      if (!isEmpty(gained)) {
        openedTo.add(to);
        const uncertain = isUncertain(after, gained);
        const because = explainPair(h, from, to, gained);
        const was = explainPair(b, from, to, gained);
        const paths: Path[] = [];
        hv.expand(from, to, gained, uncertain, paths);
        for (const p of paths) opened.push({ ...p, because, before: was });
      }
      if (!isEmpty(lost)) {
        const uncertain = isUncertain(before, lost);
        const because = explainPair(b, from, to, lost);
        const now = explainPair(h, from, to, lost);
        const paths: Path[] = [];
        bv.expand(from, to, lost, uncertain, paths);
        for (const p of paths) closed.push({ ...p, because, now });
        const dnsLost = dnsClasses.has(to) ? intersect(lost, DNS_PORTS) : [];
        if (!isEmpty(dnsLost)) dnsCut(from, dnsLost, now);
      }
    } else if (inHead) hv.pathsBetween(from, to, addedPaths);
    else if (inBase) bv.pathsBetween(from, to, removedPaths);
  };
  const dnsCut = (from: number, ports: PortSet, now: Verdict) => {
    const at = denialAt(now.egress);
    const where = at && { ...at, side: 'head' as const };
    for (const w of hv.endpointsOf(from)) if (w.type === 'workload') facts.add('dns-cut', w, where, false, ports);
  };
  const budget = headTree.source.options.budget;
  // A pair whose one direction is treated alike on both sides and allows nothing on the base allows
  // nothing on either: it is not visited (each row or column asks once which subjects may allow).
  const presentOnBoth = (c: number) => bv.isPresent(c) && hv.isPresent(c);
  const ingressMayAllow = new MayAllow(b, 'ingress');
  const egressMayAllow = new MayAllow(b, 'egress');
  rows.forEach((from) => {
    budget?.check();
    const destinations = ingressMayAllow.subjects(from);
    const fromPresent = presentOnBoth(from);
    for (let to = 0; to < n; to++) if (destinations.has(to) || !(fromPresent && presentOnBoth(to) && sameIngress(from, to))) visit(from, to);
  });
  cols.forEach((to) => {
    budget?.check();
    const sources = egressMayAllow.subjects(to);
    const toPresent = presentOnBoth(to);
    for (let from = 0; from < n; from++) if (!rows.has(from) && (sources.has(from) || !(toPresent && presentOnBoth(from) && sameEgress(from, to)))) visit(from, to);
  });
  tierRows.forEach((tos, from) => tos?.forEach((to) => !cols.has(to) && visit(from, to)));
  tierCols.forEach((froms, to) => froms?.forEach((from) => !rows.has(from) && !tierRows.get(from)?.has(to) && visit(from, to)));

  const renamedFrom = new Set(analysis.renames.values());
  const workloadsOf = (side: number) =>
    new Map(
      clusters[side]!.workloads.filter((w) => !w.assumed && !(side === 0 ? renamedFrom.has(w.id) : analysis.renames.has(w.id))).map((w) => [w.id, w] as const),
    );
  const baseIds = workloadsOf(0);
  const headIds = workloadsOf(1);
  const addedWorkloads = [...headIds.values()].filter((w) => !baseIds.has(w.id)).map((w) => workloadRef(w)).sort(byEndpointId);
  const removedWorkloads = [...baseIds.values()].filter((w) => !headIds.has(w.id)).map((w) => workloadRef(w)).sort(byEndpointId);

  const internal = (options.internalCidrs ?? DEFAULT_INTERNAL_CIDRS).map((t) => parseCidr(t)!);
  const isInternet = internetTest(internal);
  const reached = unionOf(cols, openedTo);
  isolationFacts(bv, hv, { ingress: withTierChanges(reached, tierCols), egress: withTierChanges(rows, tierRows), reached }, facts);
  const ingressLevels = new Map<number, RestrictionLevel>();
  const restricted = (ref: WorkloadRef) => {
    const c = hv.classOf(ref)!;
    let level = ingressLevels.get(c);
    if (level === undefined) ingressLevels.set(c, (level = restriction(h, c, 'ingress').level));
    return level;
  };
  internetFacts(opened, addedPaths, { ids: new Set(addedWorkloads.map((w) => w.id)), ingress: restricted, grantedEgress: (p) => grantedEgress(hv, p) }, isInternet, facts);
  for (const w of addedWorkloads) {
    const level = restricted(w);
    if (level !== 'yes' && !facts.has('unprotected-workload', w)) facts.add('unprotected-workload', w, undefined, level === 'maybe');
  }

  const sided = (side: 'base' | 'head', index: number): SidedDiagnostic[] => analysis.diagnostics[index]!.map((d) => ({ ...d, side }));
  return {
    base,
    head,
    opened: opened.sort(byFromTo),
    closed: closed.sort(byFromTo),
    addedWorkloads,
    removedWorkloads,
    addedPaths: addedPaths.sort(byFromTo),
    removedPaths: removedPaths.sort(byFromTo),
    renamed: [...analysis.renames]
      .map(([to, from]) => ({ from: workloadRef(clusters[0]!.workloads.find((w) => w.id === from)!), to: workloadRef(clusters[1]!.workloads.find((w) => w.id === to)!) }))
      .sort((x, y) => byEndpointId(x.to, y.to)),
    exposures: facts.list(),
    diagnostics: [...sided('base', 0), ...sided('head', 1)].sort((x, y) =>
      x.file !== y.file ? (x.file < y.file ? -1 : 1) : x.line !== y.line ? x.line - y.line : x.side < y.side ? -1 : x.side > y.side ? 1 : 0,
    ),
    skipped: { base: baseTree.source.cluster.skipped, head: headTree.source.cluster.skipped },
    stats: { classes: n, workloads: universe.workloadClass.size, policies: clusters.reduce((k, c) => k + c.policies.length, 0) },
  };
}

function unionOf(a: Bitset, b: Bitset): Bitset {
  const out = a.clone();
  out.orWith(b);
  return out;
}

/** `classes` and the classes whose cluster tiers changed for some peers. */
function withTierChanges(classes: Bitset, tierChanges: ReadonlyMap<number, Bitset | undefined>): Bitset {
  const out = classes.clone();
  tierChanges.forEach((peers, c) => peers && out.add(c));
  return out;
}
