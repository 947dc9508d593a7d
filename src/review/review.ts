import { type Comparison, compare } from '../engine/compare.js';
import { type Model, analysePair } from '../engine/model.js';
import type { AnalysisOptions, SidedDiagnostic } from '../engine/types.js';
import { matchesSelector } from '../k8s/label-selector.js';
import { INVALID_OBJECT } from '../k8s/problems.js';
import type { Diagnostic, Labels, Namespace, Workload } from '../k8s/types.js';
import type { RiskLevel, Settings } from '../settings/settings.js';
import { type EndpointRef, internetTest, workloadRef } from '../values/endpoint.js';
import { parseCidr } from '../values/ip-address.js';
import { type Cause, type ClusterPlaces, type LabelChanges, type LabelContext, type RuleSides, type RuleSignatures, closedCause, openedCause, replacedCause } from './causes.js';
import { type Exposure, groupExposures } from './exposure.js';
import { type PathChange, type PathRow, RISK_ORDER, type SelectionNamer, type WorkloadsByNamespace, groupPaths, namespaceMembers } from './group-paths.js';
import { type InvalidatedObject, invalidatedObjects } from './invalidated.js';
import { type PolicyChange, policyChanges } from './policy-changes.js';
import { type PolicyMoveSummary, policyMoves } from './policy-moves.js';
import { labelRelevance } from './label-relevance.js';
import { replacements } from './replacements.js';
import { ruleFields, ruleKey } from './rule-fields.js';

export type { Exposure, ReviewedExposureKind } from './exposure.js';
export type { PolicyChange } from './policy-changes.js';
export type { InvalidatedObject } from './invalidated.js';

export interface ReviewContext {
  /** OWNER/REPO, for links. */
  repository?: string;
  baseSha?: string;
  headSha?: string;
  /** The web server links point at (GitHub Enterprise); default https://github.com. */
  serverUrl?: string;
  /** Where the reader finds the full report, in words (e.g. "the check run", "the job summary", a command line). */
  fullReport?: string;
  /** Files the change adds, edits or deletes: the comment lists their diagnostics even when base had them too. */
  changedFiles?: readonly string[];
}

export interface ReviewResult {
  context: ReviewContext;
  risk: RiskLevel;
  /** Part of the input was not analysed (files not read, templates, invalid objects the PR adds or changes). */
  incomplete: boolean;
  /** The head diagnostics behind `incomplete`: errors the base did not have. */
  unanalysed: SidedDiagnostic[];
  /** Invalid objects (the API server would refuse them) in head that base did not have. */
  newInvalid: SidedDiagnostic[];
  /** Objects valid at the base that the head makes invalid (left out, as if deleted), with what that opens and closes. */
  invalidated: InvalidatedObject[];
  /** Reachability or exposure changed. */
  changed: boolean;
  counts: { opened: number; closed: number; addedWorkloads: number; addedPaths: number; removedWorkloads: number; exposures: number };
  exposures: Exposure[];
  opened: PathRow[];
  closed: PathRow[];
  /** Paths of workloads that exist only in head. */
  added: PathRow[];
  /** Paths lost with workloads that exist only in base. */
  removed: PathRow[];
  renamed: { from: string; to: string }[];
  addedWorkloads: string[];
  removedWorkloads: string[];
  policyChanges: PolicyChange[];
  /** Cluster policies whose tier or priority the change moves. */
  policyMoves: PolicyMoveSummary[];
  /**
   * Rules of cluster policies the change adds or modifies whose `nodes` or `domainNames` peers the
   * analysis does not evaluate (they match no pod and no address it models).
   */
  unevaluatedRules: UnevaluatedRule[];
  /** Settings, both sides and the readers' diagnostics, sorted by file and line. */
  diagnostics: SidedDiagnostic[];
  /** The diagnostics a reviewer of this change needs: new in head, or on a file the change touches; a diagnostic both sides have appears once (head). */
  relevantDiagnostics: SidedDiagnostic[];
  /** The other diagnostics, each once: both sides had them, on files the change does not touch. */
  preexistingDiagnostics: SidedDiagnostic[];
  /** Every external endpoint mentioned, as the internet or a private range (the settings' internalCidrs). */
  externals: Record<string, 'internet' | 'private'>;
  /** Workloads per namespace in head, to name whole namespaces. */
  namespaceSizes: WorkloadsByNamespace;
  /** The comparison the review was made from. */
  comparison: Comparison;
  /** Set (to the budget, in seconds) when the analysis ran out of time: nothing was claimed. */
  budgetExceeded?: number;
}

/** A cluster policy rule with peers the analysis cannot evaluate. */
export interface UnevaluatedRule {
  policy: string;
  direction: 'ingress' | 'egress';
  /** 0-based, as in causes. */
  rule: number;
  name?: string;
  peers: ('nodes' | 'domainNames')[];
  file: string;
  line: number;
}

function unevaluatedRules(head: Model, changes: readonly PolicyChange[]): UnevaluatedRule[] {
  const changed = new Set(changes.filter((c) => c.change !== 'removed').map((c) => c.policy));
  const out: UnevaluatedRule[] = [];
  for (const p of head.clusterPolicies) {
    if (!changed.has(p.id)) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      p[direction].forEach((r, rule) => {
        const peers = [...new Set(r.peers.flatMap((peer) => (peer.kind === 'nodes' || peer.kind === 'domainNames' ? [peer.kind] : [])))].sort();
        if (peers.length === 0) return;
        const item: UnevaluatedRule = { policy: p.id, direction, rule, peers, file: r.location.file, line: r.location.line };
        if (r.name) item.name = r.name;
        out.push(item);
      });
    }
  }
  return out;
}

/** The analysis options the settings imply (what the models must be built with). */
export function analysisOptions(settings: Settings): AnalysisOptions {
  const { timeBudgetSeconds: _, ...parseLimits } = settings.limits;
  const options: AnalysisOptions = { dns: settings.dns, parseLimits };
  if (settings.podCidrs) options.podCidrs = settings.podCidrs;
  if (settings.defaultNamespace) options.defaultNamespace = settings.defaultNamespace;
  return options;
}

function labelsEqual(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function labelChanges(base: Model, head: Model, renames: ReadonlyMap<string, string>): LabelChanges {
  const out: LabelChanges = new Map();
  const baseWorkloads = new Map(base.workloads.map((w) => [w.id, w]));
  for (const w of head.workloads) {
    const before = baseWorkloads.get(renames.get(w.id) ?? w.id);
    if (before && !labelsEqual(before.labels, w.labels)) out.set(before.id, { before: before.labels, after: w.labels });
  }
  const baseNamespaces = new Map(base.namespaces.map((n: Namespace) => [n.name, n]));
  for (const n of head.namespaces) {
    const before = baseNamespaces.get(n.name);
    if (before && !labelsEqual(before.labels, n.labels)) out.set(`Namespace/${n.name}`, { before: before.labels, after: n.labels });
  }
  return out;
}

/** Each rule's signature, computed when a cause asks for it (a review asks for few of the rules). */
function ruleSignatures(model: Model): RuleSignatures {
  const policies = new Map<string, (direction: 'ingress' | 'egress', i: number) => string | undefined>();
  for (const p of model.policies) {
    policies.set(p.id, (direction, i) => {
      const r = p[direction][i];
      return r && JSON.stringify([p.podSelector, p.policyTypes, r.peers, r.ports]);
    });
  }
  for (const p of model.clusterPolicies) {
    policies.set(p.id, (direction, i) => {
      const r = p[direction][i];
      return r && JSON.stringify([p.subject, r.action, r.peers, r.ports]);
    });
  }
  const cache = new Map<string, string | undefined>();
  return (rule) => {
    const key = ruleKey(rule);
    if (!cache.has(key)) cache.set(key, policies.get(rule.policy)?.(rule.direction, rule.rule));
    return cache.get(key);
  };
}

function clusterPlaces(model: Model): ClusterPlaces['base'] {
  return new Map(model.clusterPolicies.map((p) => [p.id, p.priority === undefined ? { tier: p.tier } : { tier: p.tier, priority: p.priority }]));
}

/** Workloads per namespace, as `namespaceSizes` and the reach answers count them. */
export function workloadsByNamespace(workloads: readonly Workload[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of workloads) out[w.namespace] = (out[w.namespace] ?? 0) + 1;
  return out;
}

const maxRisk = (levels: Iterable<RiskLevel>): RiskLevel => {
  let best: RiskLevel = 'none';
  for (const l of levels) if (RISK_ORDER.indexOf(l) < RISK_ORDER.indexOf(best)) best = l;
  return best;
};

const byFileLine = (a: Diagnostic, b: Diagnostic) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line);

/**
 * The one orchestrator: compares the two models and turns the comparison into what a reviewer needs.
 * `settingsDiagnostics` (from reading the settings) join the result's diagnostics.
 */
export function review(base: Model, head: Model, settings: Settings, context: ReviewContext = {}, settingsDiagnostics: readonly Diagnostic[] = []): ReviewResult {
  const comparison = compare(base, head, { renames: true, internalCidrs: settings.internalCidrs });
  const b = comparison.base;
  const h = comparison.head;
  const internal = settings.internalCidrs.map((t) => parseCidr(t)!);
  const internet = internetTest(internal);
  const isInternet = (e: EndpointRef) => e.type === 'external' && internet(e);
  const sensitive = sensitiveTest(settings, h);
  const renames = new Map(comparison.renamed.map((r) => [r.to.id, r.from.id]));
  const baseIdOf = (id: string) => renames.get(id) ?? id;
  const labels: LabelContext = { changes: labelChanges(b, h, renames), relevant: labelRelevance(b, h, baseIdOf) };
  const rules: RuleSides = { base: ruleSignatures(b), head: ruleSignatures(h), fields: { base: ruleFields(b), head: ruleFields(h) } };
  const places: ClusterPlaces = { base: clusterPlaces(b), head: clusterPlaces(h) };

  const riskOfOpened = (from: EndpointRef, to: EndpointRef): RiskLevel => {
    if (isInternet(from) || isInternet(to)) return 'high';
    const ns = (e: EndpointRef) => (e.type === 'workload' ? e.namespace : undefined);
    if (ns(from) !== ns(to) || sensitive(to)) return 'medium';
    return 'low';
  };
  const opened: PathChange[] = comparison.opened.map((e) => ({ from: e.from, to: e.to, ports: e.ports, uncertain: e.uncertain, cause: openedCause(e, labels, rules, baseIdOf, places), risk: riskOfOpened(e.from, e.to) }));
  // A closed path between two workloads may break traffic; into a sensitive workload, it may break what matters most.
  const riskOfClosed = (from: EndpointRef, to: EndpointRef): RiskLevel => (from.type === 'external' || to.type === 'external' ? 'none' : sensitive(to) ? 'medium' : 'low');
  const closed: PathChange[] = comparison.closed.map((e) => ({ from: e.from, to: e.to, ports: e.ports, uncertain: e.uncertain, cause: closedCause(e, labels, rules, baseIdOf, places), risk: riskOfClosed(e.from, e.to) }));
  const newWorkload: Cause = { items: [], key: 'new' };
  // An added workload that replaces a removed one keeps its predecessor's paths: those are not new, nor lost.
  const replaced = replacements(comparison);
  const added: PathChange[] = comparison.addedPaths.map((e) => {
    const before = replaced.carried(e);
    return { from: e.from, to: e.to, ports: e.ports, uncertain: e.uncertain, ...(before ? { cause: replacedCause(e, before), risk: 'none' as const } : { cause: newWorkload, risk: riskOfOpened(e.from, e.to) }) };
  });
  const removedWorkload: Cause = { items: [], key: 'removed' };
  const removed: PathChange[] = comparison.removedPaths
    .filter((e) => !replaced.replaced(e))
    .map((e) => ({ from: e.from, to: e.to, ports: e.ports, uncertain: e.uncertain, cause: removedWorkload, risk: 'none' }));

  const changedPolicies = policyChanges(b, h);
  const grouping = workloadsByNamespace(h.workloads);
  const baseGrouping = workloadsByNamespace(b.workloads);
  const headMembers = namespaceMembers(h.workloads.map(workloadRef));
  const baseMembers = namespaceMembers(b.workloads.map(workloadRef));
  const exposures = groupExposures(
    comparison.exposures.filter((f) => !replaced.carriedExposure(f)),
    grouping,
  );
  const namer = selectionNamer(comparison);
  const diagnostics = [...settingsDiagnostics.map((d) => ({ ...d, side: 'head' as const })), ...comparison.diagnostics].sort(byFileLine);
  const touched = new Set(context.changedFiles ?? []);
  const sameKey = (d: Diagnostic) => `${d.file}\u0000${d.line}\u0000${d.severity}\u0000${d.message}`;
  const inBase = new Set(comparison.diagnostics.filter((d) => d.side === 'base').map(sameKey));
  const inHead = new Set(comparison.diagnostics.filter((d) => d.side === 'head').map(sameKey));
  const baseErrors = new Set(comparison.diagnostics.filter((d) => d.side === 'base' && d.severity === 'error').map((d) => `${d.file}\u0000${d.message}`));
  const unanalysed = comparison.diagnostics.filter((d) => d.side === 'head' && d.severity === 'error' && !baseErrors.has(`${d.file}\u0000${d.message}`));
  const once = diagnostics.filter((d) => d.side === 'head' || !inHead.has(sameKey(d)));
  const isRelevant = (d: SidedDiagnostic) => touched.has(d.file) || d.side === 'base' || !inBase.has(sameKey(d));
  const relevantDiagnostics = once.filter(isRelevant);
  const preexistingDiagnostics = once.filter((d) => !isRelevant(d));
  const risks = [...opened, ...closed, ...added].map((c) => c.risk).concat(exposures.map((e) => e.risk));
  const counts = {
    opened: opened.length,
    closed: closed.length,
    addedWorkloads: comparison.addedWorkloads.length,
    addedPaths: added.length,
    removedWorkloads: comparison.removedWorkloads.length,
    exposures: exposures.length,
  };
  return {
    context,
    risk: maxRisk(risks),
    incomplete: unanalysed.length > 0,
    unanalysed,
    newInvalid: unanalysed.filter((d) => d.message.includes(INVALID_OBJECT)),
    invalidated: invalidatedObjects(b, h, { opened, closed, lost: removed }),
    changed: Object.values(counts).some((n) => n > 0),
    counts,
    exposures,
    opened: groupPaths(opened, grouping, namer, headMembers),
    closed: groupPaths(closed, baseGrouping, namer, baseMembers),
    added: groupPaths(added, grouping, undefined, headMembers),
    removed: groupPaths(removed, baseGrouping, undefined, baseMembers),
    renamed: comparison.renamed.map((r) => ({ from: r.from.id, to: r.to.id })),
    addedWorkloads: comparison.addedWorkloads.map((w) => w.id),
    removedWorkloads: comparison.removedWorkloads.map((w) => w.id),
    policyChanges: changedPolicies,
    policyMoves: policyMoves(places, opened, closed),
    unevaluatedRules: unevaluatedRules(h, changedPolicies),
    diagnostics,
    relevantDiagnostics,
    preexistingDiagnostics,
    externals: Object.fromEntries(
      [...new Map([...opened, ...closed, ...added].flatMap((c) => [c.from, c.to]).concat(exposures.flatMap((e) => e.externals)).map((e) => [e.id, e] as const)).values()]
        .filter((e) => e.type === 'external')
        .sort((x, y) => (x.id < y.id ? -1 : 1))
        .map((e) => [e.id, isInternet(e) ? 'internet' : 'private']),
    ),
    namespaceSizes: grouping,
    comparison,
  };
}

/**
 * The review of a pull request whose analysis ran past its time budget: it claims no path, is
 * incomplete, and says why in its one head diagnostic.
 */
export function budgetExceededReview(seconds: number, settings: Settings, context: ReviewContext = {}, settingsDiagnostics: readonly Diagnostic[] = []): ReviewResult {
  const message = `incomplete: the review exceeded its time budget of ${seconds} s; nothing was analysed (raise limits.timeBudgetSeconds or narrow paths)`;
  const models = analysePair({ files: [] }, { files: [], diagnostics: [{ file: '', line: 1, severity: 'error', message }] }, analysisOptions(settings));
  return { ...review(models.base, models.head, settings, context, settingsDiagnostics), budgetExceeded: seconds };
}

/**
 * Names groups of workloads by the selector behind a rule of their cause: a policy's podSelector (its
 * targets) or the rule's peers, when those select exactly the group on that side.
 */
function selectionNamer(comparison: Comparison): SelectionNamer {
  return (endpoints, change, end) => {
    for (const item of change.cause.items) {
      if (item.kind !== 'rule') continue;
      const r = item.rule;
      const targets = (end === 'to') === (r.direction === 'ingress');
      const model = item.side === 'base' ? comparison.base : comparison.head;
      const found = model.selection(r.policy, targets ? 'targets' : { direction: r.direction, rule: r.rule });
      if (!found || found.workloads.length !== endpoints.length) continue;
      const ids = new Set(found.workloads.map((w) => w.id));
      if (endpoints.every((e) => ids.has(e.id))) return { kind: 'selection', terms: found.terms, count: endpoints.length };
    }
    return undefined;
  };
}

function sensitiveTest(settings: Settings, head: Model): (e: EndpointRef) => boolean {
  const labelsOf = new Map(head.workloads.map((w) => [w.id, w.labels]));
  return (e) => {
    if (e.type === 'external') return false;
    if (settings.sensitive.namespaces.includes(e.namespace)) return true;
    const labels = labelsOf.get(e.id);
    return labels !== undefined && settings.sensitive.podSelectors.some((s) => matchesSelector(s, labels));
  };
}
