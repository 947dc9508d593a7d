import { compareTrees } from '../engine/api.js';
import type { AnalysisInput, DiffResult, Edge, SidedDiagnostic } from '../engine/types.js';
import { NAMESPACE_NAME_LABEL } from '../k8s/load-cluster.js';
import { formatSelector, matchesSelector } from '../k8s/label-selector.js';
import type { Cluster, Labels, Workload } from '../k8s/types.js';
import { type Cause, type ClusterPlaces, type LabelChanges, type RuleSignatures, closedCause, openedCause, ruleKey } from './causes.js';
import type { ReviewConfig } from './config.js';
import { type Exposure, dnsTest, findExposures, internetTest } from './exposure.js';
import {
  type PathChange,
  type PathRow,
  type RiskLevel,
  RISK_ORDER,
  type Selection,
  type SelectionNamer,
  type WorkloadsByNamespace,
  groupPaths,
} from './group-paths.js';
import { type PolicyChange, policyChanges } from './policy-changes.js';
import { type PolicyMoveSummary, policyMoves } from './policy-moves.js';

export type { Exposure, ExposureKind } from './exposure.js';
export type { PolicyChange } from './policy-changes.js';
export type { PolicyMoveSummary } from './policy-moves.js';

export interface ReviewContext {
  /** OWNER/REPO, for links. */
  repository?: string;
  baseSha?: string;
  headSha?: string;
  /** How to get the full report, e.g. the command line that reproduces it. */
  fullReport?: string;
}

export interface ReviewResult {
  context: ReviewContext;
  risk: RiskLevel;
  counts: { opened: number; closed: number; addedWorkloads: number; addedPaths: number; removedWorkloads: number; exposures: number };
  exposures: Exposure[];
  opened: PathRow[];
  closed: PathRow[];
  /** Paths of workloads that exist only in head. */
  added: PathRow[];
  renamed: { from: string; to: string }[];
  addedWorkloads: string[];
  removedWorkloads: string[];
  policyChanges: PolicyChange[];
  /** Cluster policies whose tier or priority the change moves. */
  policyMoves: PolicyMoveSummary[];
  diagnostics: SidedDiagnostic[];
  /** Every external endpoint mentioned, as the internet or a private range (config's internalCidrs). */
  externals: Record<string, 'internet' | 'private'>;
  /** Workloads per namespace in head, to name whole namespaces. */
  namespaceSizes: WorkloadsByNamespace;
  /** The engine's diff, whole. */
  diff: DiffResult;
}

const ASSUMED_DNS = 'assumed-cluster-dns';

/** Adds the standard cluster DNS (without which the DNS check has nothing to probe) when no side has one. */
function assumeDns(config: ReviewConfig) {
  return (clusters: Cluster[]): Cluster[] => {
    const isDns = (w: Workload) => w.namespace === config.dns.namespace && matchesSelector(config.dns.podSelector, w.labels);
    if (clusters.some((c) => c.workloads.some(isDns))) return clusters;
    const labels: Record<string, string> = {};
    for (const r of config.dns.podSelector.requirements) if (r.operator === 'In' || r.operator === 'NotIn') labels[r.key] = r.operator === 'In' ? r.values[0]! : `not-${r.values[0]}`;
    for (const r of config.dns.podSelector.requirements) if (r.operator === 'Exists') labels[r.key] = 'true';
    const dns: Workload = {
      id: `${config.dns.namespace}/Pod/${ASSUMED_DNS}`,
      namespace: config.dns.namespace,
      kind: 'Pod',
      name: ASSUMED_DNS,
      labels,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'metrics', port: 9153, protocol: 'TCP' },
      ],
      location: { file: '(assumed)', line: 0 },
      context: true,
    };
    return clusters.map((c) => ({
      ...c,
      workloads: [...c.workloads, dns],
      namespaces: c.namespaces.some((n) => n.name === dns.namespace)
        ? c.namespaces
        : [...c.namespaces, { name: dns.namespace, labels: { [NAMESPACE_NAME_LABEL]: dns.namespace }, context: true }],
    }));
  };
}

function labelsEqual(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function labelChanges(base: Cluster, head: Cluster, renames: Map<string, string>): LabelChanges {
  const out: LabelChanges = new Map();
  const baseWorkloads = new Map(base.workloads.map((w) => [w.id, w]));
  for (const w of head.workloads) {
    const before = baseWorkloads.get(renames.get(w.id) ?? w.id);
    if (before && !labelsEqual(before.labels, w.labels)) out.set(before.id, { before: before.labels, after: w.labels });
  }
  const baseNamespaces = new Map(base.namespaces.map((n) => [n.name, n]));
  for (const n of head.namespaces) {
    const before = baseNamespaces.get(n.name);
    if (before && !labelsEqual(before.labels, n.labels)) out.set(`Namespace/${n.name}`, { before: before.labels, after: n.labels });
  }
  return out;
}

function ruleSignatures(cluster: Cluster): RuleSignatures {
  const out: RuleSignatures = new Map();
  for (const p of cluster.policies) {
    for (const direction of ['ingress', 'egress'] as const) {
      p[direction].forEach((rule, i) => out.set(ruleKey({ policy: p.id, direction, rule: i }), JSON.stringify([p.podSelector, p.policyTypes, rule.peers, rule.ports])));
    }
  }
  for (const p of cluster.clusterPolicies) {
    for (const direction of ['ingress', 'egress'] as const) {
      p[direction].forEach((rule, i) => out.set(ruleKey({ policy: p.id, direction, rule: i }), JSON.stringify([p.subject, rule.action, rule.peers, rule.ports])));
    }
  }
  return out;
}

function clusterPlaces(cluster: Cluster): ClusterPlaces['base'] {
  return new Map(cluster.clusterPolicies.map((p) => [p.id, p.priority === undefined ? { tier: p.tier } : { tier: p.tier, priority: p.priority }]));
}

function byNamespace(workloads: readonly Workload[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of workloads) out[w.namespace] = (out[w.namespace] ?? 0) + 1;
  return out;
}

const maxRisk = (levels: Iterable<RiskLevel>): RiskLevel => {
  let best: RiskLevel = 'none';
  for (const l of levels) if (RISK_ORDER.indexOf(l) < RISK_ORDER.indexOf(best)) best = l;
  return best;
};

/** The one orchestrator: loads both trees, diffs them, and turns the diff into what a reviewer needs. */
export function review(base: AnalysisInput, head: AnalysisInput, config: ReviewConfig, context: ReviewContext = {}): ReviewResult {
  const options = { ...(config.podCidrs ? { podCidrs: config.podCidrs } : {}), ...(config.defaultNamespace ? { defaultNamespace: config.defaultNamespace } : {}) };
  const { result, analysis } = compareTrees(base, head, options, { augment: assumeDns(config), detectRenames: true });
  const assumedDns = `${config.dns.namespace}/Pod/${ASSUMED_DNS}`;
  const real = (e: { from: string; to: string }) => e.from !== assumedDns && e.to !== assumedDns;
  const [baseCluster, headCluster] = analysis.clusters as [Cluster, Cluster];
  const isInternet = internetTest(config);
  const headWorkloads = headCluster.workloads.filter((w) => w.id !== assumedDns);
  const sensitive = sensitiveTest(config, headCluster);
  const renamedTo = new Map(analysis.renames);
  const baseIdOf = (id: string) => renamedTo.get(id) ?? id;
  const labels = labelChanges(baseCluster, headCluster, analysis.renames);
  const rules = { base: ruleSignatures(baseCluster), head: ruleSignatures(headCluster) };
  const places: ClusterPlaces = { base: clusterPlaces(baseCluster), head: clusterPlaces(headCluster) };

  const riskOfOpened = (e: Edge): RiskLevel => {
    if (isInternet(e.from) || isInternet(e.to)) return 'high';
    const ns = (id: string) => (id.startsWith('ip:') ? undefined : id.slice(0, id.indexOf('/')));
    if (ns(e.from) !== ns(e.to) || sensitive(e.to)) return 'medium';
    return 'low';
  };
  const opened: PathChange[] = result.opened.filter(real).map((e) => ({
    from: e.from,
    to: e.to,
    ports: e.ports,
    uncertain: e.uncertain === true,
    cause: openedCause(e, labels, rules, baseIdOf, places),
    risk: riskOfOpened(e),
  }));
  const closed: PathChange[] = result.closed.filter(real).map((e) => ({
    from: e.from,
    to: e.to,
    ports: e.ports,
    uncertain: e.uncertain === true,
    cause: closedCause(e, labels, rules, baseIdOf, places),
    risk: 'none',
  }));
  const newWorkload: Cause = { items: [], key: 'new' };
  const added: PathChange[] = result.addedPaths.filter(real).map((e) => ({
    from: e.from,
    to: e.to,
    ports: e.ports,
    uncertain: e.uncertain === true,
    cause: newWorkload,
    risk: riskOfOpened(e),
  }));

  const grouping = byNamespace(headWorkloads);
  const exposures = findExposures(result, analysis, grouping, { isInternet, assumedDns, isDns: dnsTest(config, headCluster, baseCluster) });
  const namer = selectionNamer({ base: baseCluster, head: headCluster });
  const baseGrouping = byNamespace(baseCluster.workloads.filter((w) => w.id !== assumedDns));
  const diagnostics = result.diagnostics;
  const risks = [...opened, ...added].map((c) => c.risk).concat(exposures.map((e) => e.risk));
  return {
    context,
    risk: maxRisk(risks),
    counts: {
      opened: opened.length,
      closed: closed.length,
      addedWorkloads: result.addedWorkloads.length,
      addedPaths: added.length,
      removedWorkloads: result.removedWorkloads.length,
      exposures: exposures.length,
    },
    exposures,
    opened: groupPaths(opened, grouping, namer),
    closed: groupPaths(closed, baseGrouping, namer),
    added: groupPaths(added, grouping),
    renamed: result.renamed ?? [],
    addedWorkloads: result.addedWorkloads,
    removedWorkloads: result.removedWorkloads,
    policyChanges: policyChanges(baseCluster, headCluster),
    policyMoves: policyMoves(places, opened, closed),
    diagnostics,
    externals: Object.fromEntries(
      [...new Set([...opened, ...closed, ...added].flatMap((c) => [c.from, c.to]).concat(exposures.flatMap((e) => e.externals)))]
        .filter((id) => id.startsWith('ip:'))
        .sort()
        .map((id) => [id, isInternet(id) ? 'internet' : 'private']),
    ),
    namespaceSizes: grouping,
    diff: {
      ...result,
      opened: result.opened.filter(real),
      closed: result.closed.filter(real),
      addedPaths: result.addedPaths.filter(real),
      removedPaths: result.removedPaths.filter(real),
      exposure: result.exposure.filter((x) => x.workload !== assumedDns),
    },
  };
}

/**
 * Names groups of workloads by the selector behind a rule of their cause: a policy's podSelector (its
 * targets) or the rule's peers, when those select exactly the group on that side.
 */
function selectionNamer(clusters: { base: Cluster; head: Cluster }): SelectionNamer {
  const cache = new Map<string, { ids: Set<string>; selectors: Selection[] } | undefined>();
  const selection = (side: 'base' | 'head', policyId: string, direction: 'ingress' | 'egress', index: number, targets: boolean) => {
    const key = JSON.stringify([side, policyId, direction, index, targets]);
    if (cache.has(key)) return cache.get(key);
    const cluster = clusters[side];
    const policy = cluster.policies.find((p) => p.id === policyId);
    const namespaces = new Map(cluster.namespaces.map((n) => [n.name, n.labels]));
    let result: { ids: Set<string>; selectors: Selection[] } | undefined;
    if (policy && targets) {
      const ids = cluster.workloads.filter((w) => w.namespace === policy.namespace && matchesSelector(policy.podSelector, w.labels)).map((w) => w.id);
      result = { ids: new Set(ids), selectors: [{ pods: formatSelector(policy.podSelector), namespace: policy.namespace }] };
    } else if (policy) {
      const peers = policy[direction][index]?.peers;
      if (peers && peers.every((p) => p.kind === 'pods')) {
        const matches = (w: Workload) =>
          peers.some((p) => {
            if (p.kind !== 'pods') return false;
            const inNamespace = p.namespaceSelector ? matchesSelector(p.namespaceSelector, namespaces.get(w.namespace) ?? {}) : w.namespace === policy.namespace;
            return inNamespace && (!p.podSelector || matchesSelector(p.podSelector, w.labels));
          });
        const ids = cluster.workloads.filter(matches).map((w) => w.id);
        const selectors = peers.map((p): Selection => {
          if (p.kind !== 'pods') return {};
          const named = p.namespaceSelector?.requirements.length === 1 ? p.namespaceSelector.requirements[0]! : undefined;
          const byName = named?.key === NAMESPACE_NAME_LABEL && named.operator === 'In' && named.values.length === 1 ? named.values[0] : undefined;
          const s: Selection = byName ? { namespace: byName } : p.namespaceSelector ? { namespaces: formatSelector(p.namespaceSelector) } : { namespace: policy.namespace };
          if (p.podSelector) s.pods = formatSelector(p.podSelector);
          return s;
        });
        result = { ids: new Set(ids), selectors };
      }
    }
    cache.set(key, result);
    return result;
  };
  return (ids, change, end) => {
    for (const item of change.cause.items) {
      if (item.kind !== 'rule') continue;
      const r = item.rule;
      const targets = (end === 'to') === (r.direction === 'ingress');
      const found = selection(item.side, r.policy, r.direction, r.rule, targets);
      if (found && found.ids.size === ids.length && ids.every((id) => found.ids.has(id))) return { kind: 'selection', selectors: found.selectors, count: ids.length };
    }
    return undefined;
  };
}

function sensitiveTest(config: ReviewConfig, head: Cluster): (id: string) => boolean {
  const labelsOf = new Map(head.workloads.map((w) => [w.id, w.labels]));
  return (id) => {
    if (id.startsWith('ip:')) return false;
    if (config.sensitive.namespaces.includes(id.slice(0, id.indexOf('/')))) return true;
    const labels = labelsOf.get(id);
    return labels !== undefined && config.sensitive.podSelectors.some((s) => matchesSelector(s, labels));
  };
}

