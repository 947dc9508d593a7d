import type { Model } from '../engine/model.js';
import { INVALID_OBJECT } from '../k8s/problems.js';
import type { InvalidObject, SourceLocation } from '../k8s/types.js';
import type { CauseItem } from './causes.js';
import type { PathChange } from './group-paths.js';

/**
 * An object valid at the base that the change makes invalid: the API server refuses the new version,
 * so the analysis leaves it out, as if deleted; `opened` and `closed` count the paths that leaving it
 * out opens and closes (paths lost with a workload count as closed).
 */
export interface InvalidatedObject extends InvalidObject {
  /** What is wrong, without the object's name in front. */
  reason: string;
  /** Where the valid base object is written. */
  was: SourceLocation;
  opened: number;
  closed: number;
}

/** The base's valid objects by `kind\0id`, with where each is written. */
function validObjects(model: Model): Map<string, SourceLocation> {
  const out = new Map<string, SourceLocation>();
  for (const p of model.policies) out.set(`NetworkPolicy\u0000${p.id}`, p.location);
  for (const p of model.clusterPolicies) out.set(`${p.kind}\u0000${p.id}`, p.location);
  for (const w of model.workloads) if (!w.assumed) out.set(`${w.kind}\u0000${w.id}`, w.location);
  for (const n of model.namespaces) if (n.location) out.set(`Namespace\u0000${n.name}`, n.location);
  return out;
}

/** Whether a cause names the object (its base side: what the object did before the change). */
function names(item: CauseItem, object: InvalidObject): boolean {
  switch (item.kind) {
    case 'isolation-lifted':
      return item.was.some((p) => p.policy === object.id);
    case 'rule':
    case 'cluster-rule':
      return item.side === 'base' && item.rule.policy === object.id;
    case 'labels':
      return item.object === (object.kind === 'Namespace' ? `Namespace/${object.id}` : object.id);
    case 'isolated':
    case 'replaces':
      return false;
  }
}

const pairs = (rows: readonly PathChange[], test: (row: PathChange) => boolean) => rows.filter(test).length;

/** The objects the head makes invalid that the base has valid (and the head has no valid copy of), with the paths that opens and closes. */
export function invalidatedObjects(base: Model, head: Model, rows: { opened: readonly PathChange[]; closed: readonly PathChange[]; lost: readonly PathChange[] }): InvalidatedObject[] {
  if (head.invalid.length === 0) return [];
  const before = validObjects(base);
  const after = validObjects(head);
  const out: InvalidatedObject[] = [];
  const seen = new Set<string>();
  for (const object of head.invalid) {
    const key = `${object.kind}\u0000${object.id}`;
    const was = before.get(key);
    if (!was || after.has(key) || seen.has(key)) continue;
    seen.add(key);
    const cited = (row: PathChange) => row.cause.items.some((i) => names(i, object));
    const ends = (row: PathChange) => row.from.id === object.id || row.to.id === object.id;
    const marker = `${INVALID_OBJECT}: `;
    const at = object.problem.indexOf(marker);
    out.push({
      ...object,
      reason: at < 0 ? object.problem : object.problem.slice(at + marker.length),
      was,
      opened: pairs(rows.opened, cited),
      closed: pairs(rows.closed, cited) + pairs(rows.lost, ends),
    });
  }
  return out.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line));
}
