import type { ClosedPath, ClusterRuleCause, OpenedPath, PolicyRef, RuleCause, SideVerdict } from '../engine/types.js';
import type { Labels } from '../k8s/types.js';
import type { EndpointRef } from '../values/endpoint.js';
import { type PortSet, isEmpty, subtract } from '../values/port-set.js';
import type { LabelRelevance } from './label-relevance.js';
import { type FieldChange, type RuleFields, type RuleRef, changedFields, ruleKey } from './rule-fields.js';

/** One reason a path changed, in words a reviewer can check against the manifests. */
export type CauseItem =
  /** `fields`: what changed in a rule both sides have, as written (absent when the rule is new or removed). */
  | { kind: 'rule'; side: 'base' | 'head'; rule: RuleCause; changed: boolean; fields?: FieldChange[] }
  | { kind: 'isolation-lifted'; direction: 'ingress' | 'egress'; endpoint: EndpointRef; was: PolicyRef[] }
  | { kind: 'isolated'; direction: 'ingress' | 'egress'; endpoint: EndpointRef; by: PolicyRef[] }
  | { kind: 'labels'; object: string; before: Labels; after: Labels }
  /** A path of an added workload that the removed workload it replaces had (see replacements.ts). */
  | { kind: 'replaces'; workload: EndpointRef }
  /**
   * A cluster-wide policy rule that decides the path: on `head` what allows (or passes on) an opened path or
   * denies a closed one; on `base` what denied an opened path or allowed a closed one. `moved`: its
   * policy's tier or priority changed between base and head; `fields` as for `rule`.
   */
  | { kind: 'cluster-rule'; side: 'base' | 'head'; rule: ClusterRuleCause; changed: boolean; moved?: PolicyMove; fields?: FieldChange[] };

/** A cluster policy's place before and after the change (a policy on one side only is added or removed, not moved). */
export interface PolicyMove {
  before: { tier: string; priority?: number };
  after: { tier: string; priority?: number };
}

/** Tier and priority of every cluster policy, per side, by id. */
export type ClusterPlaces = { base: Map<string, { tier: string; priority?: number }>; head: Map<string, { tier: string; priority?: number }> };

export interface Cause {
  items: CauseItem[];
  /** Equal for causes that read the same. */
  key: string;
}

/** Labels that changed between base and head, per workload id and per namespace (`Namespace/<name>`). */
export type LabelChanges = Map<string, { before: Labels; after: Labels }>;

/** The label changes, and which of them can matter to a path. */
export interface LabelContext {
  changes: LabelChanges;
  relevant: LabelRelevance;
}

/** A rule's content (undefined where the side lacks the rule), to tell a rule that changed from one that only matches other endpoints now. */
export type RuleSignatures = (rule: RuleRef) => string | undefined;

/** Both sides' rules: signatures to tell what changed, written fields to say how. */
export interface RuleSides {
  base: RuleSignatures;
  head: RuleSignatures;
  fields: { base: RuleFields; head: RuleFields };
}

/** Whether a rule differs between the sides, and if both have it, which of its written fields do. */
function change(rule: RuleRef, rules: RuleSides): { changed: boolean; fields?: FieldChange[] } {
  if (rules.base(rule) === rules.head(rule)) return { changed: false };
  const fields = changedFields(rules.fields.base(rule), rules.fields.head(rule));
  return fields.length > 0 ? { changed: true, fields } : { changed: true };
}

/** Whether one side does not allow all of `ports`. */
function blocks(side: SideVerdict, ports: PortSet): boolean {
  return !isEmpty(subtract(ports, side.ports));
}

/**
 * The label changes of a path's endpoints and their namespaces that can matter to it; all of them when none
 * can and nothing else explains the path (better too much than no reason at all).
 */
function labelItems(edge: { from: EndpointRef; to: EndpointRef }, labels: LabelContext, baseIdOf: (id: string) => string, explained: boolean): CauseItem[] {
  const items: Extract<CauseItem, { kind: 'labels' }>[] = [];
  const seen = new Set<string>();
  for (const end of [edge.from, edge.to]) {
    if (end.type === 'external') continue;
    for (const key of [baseIdOf(end.id), `Namespace/${end.namespace}`]) {
      const change = labels.changes.get(key);
      if (change && !seen.has(key)) {
        seen.add(key);
        items.push({ kind: 'labels', object: key, ...change });
      }
    }
  }
  const relevant = items.filter((i) => labels.relevant(i, edge));
  return relevant.length > 0 || explained ? relevant : items;
}

function keyOf(items: CauseItem[]): string {
  return JSON.stringify(
    items.map((i) => {
      switch (i.kind) {
        case 'rule':
          return [i.kind, i.side, ruleKey(i.rule), i.changed];
        case 'labels':
          return [i.kind, i.object];
        case 'replaces':
          return [i.kind, i.workload.id];
        case 'cluster-rule':
          return [i.kind, i.side, ruleKey(i.rule), i.changed];
        case 'isolated':
          return [i.kind, i.direction, i.endpoint.type === 'external' ? '' : 'w', i.by.map((p) => p.policy)];
        case 'isolation-lifted':
          return [i.kind, i.direction, i.endpoint.type === 'external' ? '' : 'w', i.was.map((p) => p.policy)];
      }
    }),
  );
}

function sideCause(
  direction: 'ingress' | 'egress',
  endpoint: EndpointRef,
  now: SideVerdict,
  then: SideVerdict,
  side: 'base' | 'head',
  rules: RuleSides,
): CauseItem[] {
  if (!now.isolated) return [{ kind: 'isolation-lifted', direction, endpoint, was: then.selectedBy }];
  return ruleItems(now.allowedBy, side, rules);
}

function ruleItems(allowedBy: readonly RuleCause[], side: 'base' | 'head', rules: RuleSides): CauseItem[] {
  return allowedBy.map((rule) => ({ kind: 'rule' as const, side, rule, ...change(rule, rules) }));
}

const ALLOWS = new Set(['Allow', 'Accept', 'Pass']);

function moveOf(policy: string, places: ClusterPlaces): PolicyMove | undefined {
  const before = places.base.get(policy);
  const after = places.head.get(policy);
  if (!before || !after || (before.tier === after.tier && before.priority === after.priority)) return undefined;
  return { before, after };
}

/** Cluster rules of one side's verdict that allow (or pass on), or that deny, as cause items. */
function clusterItems(side: SideVerdict, which: 'base' | 'head', allows: boolean, rules: RuleSides, places: ClusterPlaces): CauseItem[] {
  return (side.clusterRules ?? [])
    .filter((r) => ALLOWS.has(r.action) === allows)
    .map((rule) => {
      const item: CauseItem = { kind: 'cluster-rule', side: which, rule, ...change(rule, rules) };
      const moved = moveOf(rule.policy, places);
      if (moved) item.moved = moved;
      return item;
    });
}

/** Why an added workload's path is not new: the removed workloads it replaces, at either end, had it. */
export function replacedCause(path: { from: EndpointRef; to: EndpointRef }, before: { from: EndpointRef; to: EndpointRef }): Cause {
  const replaced = new Map<string, EndpointRef>();
  if (before.from.id !== path.from.id) replaced.set(before.from.id, before.from);
  if (before.to.id !== path.to.id) replaced.set(before.to.id, before.to);
  const items: CauseItem[] = [...replaced.values()].map((workload) => ({ kind: 'replaces', workload }));
  return { items, key: keyOf(items) };
}

/** Why an opened path opened: the head rules (or lifted isolation) on each side that used to block it, and label changes. */
export function openedCause(
  edge: OpenedPath,
  labels: LabelContext,
  rules: RuleSides,
  baseIdOf: (id: string) => string,
  places: ClusterPlaces,
): Cause {
  const items: CauseItem[] = [];
  const sides: ['egress' | 'ingress', EndpointRef][] = [
    ['egress', edge.from],
    ['ingress', edge.to],
  ];
  for (const [direction, endpoint] of sides) {
    const now = edge.because[direction];
    const then = edge.before[direction];
    if (!blocks(then, edge.ports)) continue;
    const winners = clusterItems(now, 'head', true, rules, places);
    items.push(...winners, ...clusterItems(then, 'base', false, rules, places));
    const decidedByCluster = winners.some((i) => i.kind === 'cluster-rule' && i.rule.action !== 'Pass');
    if (!decidedByCluster && (now.isolated || then.isolated)) items.push(...sideCause(direction, endpoint, now, then, 'head', rules));
  }
  const withLabels = [...items, ...labelItems(edge, labels, baseIdOf, items.length > 0)];
  return { items: withLabels, key: keyOf(withLabels) };
}

/** Why a closed path closed: what isolates it now on each side that used to allow it, and label changes. */
export function closedCause(
  edge: ClosedPath,
  labels: LabelContext,
  rules: RuleSides,
  baseIdOf: (id: string) => string,
  places: ClusterPlaces,
): Cause {
  const items: CauseItem[] = [];
  const sides: ['egress' | 'ingress', EndpointRef][] = [
    ['egress', edge.from],
    ['ingress', edge.to],
  ];
  for (const [direction, endpoint] of sides) {
    const now = edge.now[direction];
    const then = edge.because[direction];
    if (!blocks(now, edge.ports)) continue;
    const deniers = clusterItems(now, 'head', false, rules, places);
    items.push(...deniers, ...clusterItems(then, 'base', true, rules, places));
    if (deniers.length > 0) continue;
    if (now.isolated && !then.isolated) items.push({ kind: 'isolated', direction, endpoint, by: now.selectedBy });
    else items.push(...ruleItems(then.allowedBy, 'base', rules));
  }
  const withLabels = [...items, ...labelItems(edge, labels, baseIdOf, items.length > 0)];
  return { items: withLabels, key: keyOf(withLabels) };
}
