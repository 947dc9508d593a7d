import type { LabelSelector, Labels, SelectorOperator, SelectorRequirement } from './types.js';
import { Problems, isPlainObject } from './problems.js';

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a label key is invalid (qualified name: optional DNS-subdomain prefix, `/`, name ≤ 63), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `label key ${JSON.stringify(key)} has an invalid prefix`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `label key ${JSON.stringify(key)} is not a valid qualified name`;
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63 || (value.length > 0 && !NAME.test(value))) {
    return `label value ${JSON.stringify(value)} is not valid (≤ 63 characters, alphanumerics, '-', '_', '.')`;
  }
  return undefined;
}

/** Validates a labels map; returns the labels, or undefined after reporting what the API server would reject. */
export function readLabels(value: unknown, problems: Problems, path: (string | number)[]): Labels | undefined {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    problems.error(path, 'must be a map of strings to strings');
    return undefined;
  }
  const labels: Record<string, string> = {};
  let ok = true;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      problems.error([...path, key], `label value must be a string, found ${describeType(v)} (quote it)`);
      ok = false;
      continue;
    }
    const problem = labelKeyProblem(key) ?? labelValueProblem(v);
    if (problem) {
      problems.error([...path, key], problem);
      ok = false;
      continue;
    }
    labels[key] = v;
  }
  return ok ? labels : undefined;
}

export function describeType(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Validates a LabelSelector as the API server does; absent/null = the empty selector (everything). */
export function readSelector(value: unknown, problems: Problems, path: (string | number)[]): LabelSelector | undefined {
  if (value === undefined || value === null) return { requirements: [] };
  if (!isPlainObject(value)) {
    problems.error(path, `a label selector must be a map, found ${describeType(value)}`);
    return undefined;
  }
  const requirements: SelectorRequirement[] = [];
  let ok = true;
  const matchLabels = readLabels(value['matchLabels'], problems, [...path, 'matchLabels']);
  if (!matchLabels) ok = false;
  else for (const [key, v] of Object.entries(matchLabels)) requirements.push({ key, operator: 'In', values: [v] });
  const expressions = value['matchExpressions'];
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) {
      problems.error([...path, 'matchExpressions'], 'must be a list');
      return undefined;
    }
    expressions.forEach((expression, i) => {
      const requirement = readRequirement(expression, problems, [...path, 'matchExpressions', i]);
      if (requirement) requirements.push(requirement);
      else ok = false;
    });
  }
  problems.unknownFields(value, ['matchLabels', 'matchExpressions'], path);
  return ok ? { requirements } : undefined;
}

function readRequirement(value: unknown, problems: Problems, path: (string | number)[]): SelectorRequirement | undefined {
  if (!isPlainObject(value)) {
    problems.error(path, 'a match expression must be a map with key, operator and values');
    return undefined;
  }
  const { key, operator, values } = value;
  if (typeof key !== 'string') {
    problems.error([...path, 'key'], 'key is required and must be a string');
    return undefined;
  }
  const keyProblem = labelKeyProblem(key);
  if (keyProblem) {
    problems.error([...path, 'key'], keyProblem);
    return undefined;
  }
  if (typeof operator !== 'string' || !OPERATORS.includes(operator as SelectorOperator)) {
    problems.error([...path, 'operator'], `unknown operator ${JSON.stringify(operator)}; expected one of ${OPERATORS.join(', ')}`);
    return undefined;
  }
  const op = operator as SelectorOperator;
  if (values !== undefined && values !== null && !Array.isArray(values)) {
    problems.error([...path, 'values'], 'values must be a list of strings');
    return undefined;
  }
  const list = (values ?? []) as unknown[];
  if ((op === 'In' || op === 'NotIn') && list.length === 0) {
    problems.error(path, `operator ${op} requires a non-empty values list`);
    return undefined;
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && list.length > 0) {
    problems.error([...path, 'values'], `operator ${op} must not have values`);
    return undefined;
  }
  const strings: string[] = [];
  for (const [i, v] of list.entries()) {
    if (typeof v !== 'string') {
      problems.error([...path, 'values', i], `values must be strings, found ${describeType(v)}`);
      return undefined;
    }
    const problem = labelValueProblem(v);
    if (problem) {
      problems.error([...path, 'values', i], problem);
      return undefined;
    }
    strings.push(v);
  }
  problems.unknownFields(value, ['key', 'operator', 'values'], path);
  return { key, operator: op, values: strings };
}

export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const r of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(labels[r.key]!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(labels[r.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** A stable text form: equal selectors (whatever their spelling) have equal keys. */
export function selectorKey(selector: LabelSelector): string {
  return selector.requirements
    .map((r) => `${r.key}\u0001${r.operator}\u0001${[...new Set(r.values)].sort().join('\u0002')}`)
    .sort()
    .join('\u0003');
}

/** Human form, as kubectl prints selectors: `app=db,tier in (a,b),!legacy`. Empty = `{}` (everything). */
export function formatSelector(selector: LabelSelector): string {
  if (selector.requirements.length === 0) return '{}';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}
