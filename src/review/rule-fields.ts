import type { Model } from '../engine/model.js';

/** A rule of a policy: its id, direction and index. */
export interface RuleRef {
  policy: string;
  direction: 'ingress' | 'egress';
  rule: number;
}

/** A rule's identity as a map key. */
export const ruleKey = (r: { policy: string; direction: string; rule: number }) => `${r.policy}#${r.direction}#${r.rule}`;

/** One field of a rule (or of its policy's subject) that differs between base and head, as written. */
export interface FieldChange {
  /** Relative to the rule (`from[1].podSelector.matchLabels.tier`), or `spec.` for the policy's own fields. */
  field: string;
  /** `undefined`: the field is absent on that side. */
  before?: string;
  after?: string;
}

const isScalar = (v: unknown) => v === null || typeof v !== 'object';
const scalarText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function flatten(value: unknown, field: string, out: Map<string, string>): void {
  if (isScalar(value)) {
    out.set(field, scalarText(value));
  } else if (Array.isArray(value)) {
    // A list of scalars (selector values, policy types) is one field: "[api, batch] → [api]" reads better than per index.
    if (value.every(isScalar)) out.set(field, `[${value.map(scalarText).join(', ')}]`);
    else value.forEach((item, i) => flatten(item, `${field}[${i}]`, out));
  } else {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) out.set(field, '{}');
    for (const [key, item] of entries) flatten(item, field ? `${field}.${key}` : key, out);
  }
}

const SUBJECT_FIELDS = { policy: ['podSelector', 'policyTypes'], cluster: ['subject', 'priority', 'tier'] } as const;

function fieldsOf(spec: unknown, subject: readonly string[], direction: 'ingress' | 'egress', index: number): Map<string, string> | undefined {
  if (spec === null || typeof spec !== 'object') return undefined;
  const s = spec as Record<string, unknown>;
  const rules = s[direction];
  if (!Array.isArray(rules) || rules[index] === undefined) return undefined;
  const out = new Map<string, string>();
  for (const key of subject) if (key in s) flatten(s[key], `spec.${key}`, out);
  flatten(rules[index], '', out);
  return out;
}

/** A rule's fields as written, flattened to `field → value`; `undefined` for a rule the side lacks. */
export type RuleFields = (rule: RuleRef) => ReadonlyMap<string, string> | undefined;

/** The written fields of the rules of a model's policies (NetworkPolicies and cluster-wide ones), flattened on demand. */
export function ruleFields(model: Pick<Model, 'policies' | 'clusterPolicies'>): RuleFields {
  const policies = new Map<string, { spec: unknown; subject: readonly string[] }>();
  for (const p of model.policies) policies.set(p.id, { spec: p.spec, subject: SUBJECT_FIELDS.policy });
  for (const p of model.clusterPolicies) policies.set(p.id, { spec: p.spec, subject: SUBJECT_FIELDS.cluster });
  const cache = new Map<string, ReadonlyMap<string, string> | undefined>();
  return (rule) => {
    const key = ruleKey(rule);
    if (cache.has(key)) return cache.get(key);
    const p = policies.get(rule.policy);
    const fields = p ? fieldsOf(p.spec, p.subject, rule.direction, rule.rule) : undefined;
    cache.set(key, fields);
    return fields;
  };
}

/** The fields that differ between two versions of one rule, in field order; empty when either side lacks the rule. */
export function changedFields(before: ReadonlyMap<string, string> | undefined, after: ReadonlyMap<string, string> | undefined): FieldChange[] {
  if (!before || !after) return [];
  const out: FieldChange[] = [];
  for (const field of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(field);
    const a = after.get(field);
    if (b === a) continue;
    const change: FieldChange = { field };
    if (b !== undefined) change.before = b;
    if (a !== undefined) change.after = a;
    out.push(change);
  }
  return out;
}
