import type { Comparison } from '../engine/compare.js';
import type { ExposureFact, Path } from '../engine/types.js';
import type { Workload } from '../k8s/types.js';
import { uniquePairs, workloadFingerprint } from '../k8s/workload-pairs.js';
import type { EndpointRef, WorkloadRef } from '../values/endpoint.js';
import { isEmpty, subtract } from '../values/port-set.js';

/**
 * Added workloads that replace a removed one: same namespace, kind and ports, one-to-one, but with other
 * labels (a rename with identical labels is already compared as one workload). What such a workload can
 * reach, and be reached from, as its predecessor could is carried over, not new.
 */
export interface Replacements {
  /** An added path that its replaced endpoints already had, on at least these ports: the predecessor path's source and destination. */
  carried(path: Path): { from: EndpointRef; to: EndpointRef } | undefined;
  /** A removed path whose successor path exists with at least its ports. */
  replaced(path: Path): boolean;
  /** An exposure of an added workload that its predecessor had the same way. */
  carriedExposure(fact: ExposureFact): boolean;
}

const pathKey = (from: EndpointRef, to: EndpointRef) => `${from.id}\u0000${to.id}`;

export function replacements(comparison: Comparison): Replacements {
  const only = (refs: readonly WorkloadRef[], workloads: readonly Workload[]) => {
    const ids = new Set(refs.map((r) => r.id));
    return workloads.filter((w) => ids.has(w.id));
  };
  const pairs = uniquePairs(only(comparison.removedWorkloads, comparison.base.workloads), only(comparison.addedWorkloads, comparison.head.workloads), (w) => workloadFingerprint(w, false));
  const refs = new Map([...comparison.removedWorkloads, ...comparison.addedWorkloads].map((r) => [r.id, r]));
  const predecessor = new Map<string, WorkloadRef>();
  const successor = new Map<string, WorkloadRef>();
  for (const [added, removed] of pairs) {
    predecessor.set(added, refs.get(removed.id)!);
    successor.set(removed.id, refs.get(added)!);
  }
  const removedPorts = new Map(comparison.removedPaths.map((p) => [pathKey(p.from, p.to), p.ports]));
  const addedPorts = new Map(comparison.addedPaths.map((p) => [pathKey(p.from, p.to), p.ports]));
  const back = (e: EndpointRef) => (e.type === 'workload' ? (predecessor.get(e.id) ?? e) : e);
  const forth = (e: EndpointRef) => (e.type === 'workload' ? (successor.get(e.id) ?? e) : e);

  const carried = (path: Path) => {
    const from = back(path.from);
    const to = back(path.to);
    if (from === path.from && to === path.to) return undefined;
    const before = removedPorts.get(pathKey(from, to));
    return before && isEmpty(subtract(path.ports, before)) ? { from, to } : undefined;
  };
  const externalPaths = new Map<string, Path[]>();
  for (const p of comparison.addedPaths) {
    for (const [end, other, direction] of [
      [p.to, p.from, 'ingress'],
      [p.from, p.to, 'egress'],
    ] as const) {
      if (end.type !== 'workload' || other.type !== 'external' || !predecessor.has(end.id)) continue;
      const key = `${end.id}\u0000${direction}`;
      const list = externalPaths.get(key);
      if (list) list.push(p);
      else externalPaths.set(key, [p]);
    }
  }
  const allCarried = (id: string, direction: 'ingress' | 'egress') => (externalPaths.get(`${id}\u0000${direction}`) ?? []).every((p) => carried(p) !== undefined);

  return {
    carried,
    replaced: (path) => {
      const from = forth(path.from);
      const to = forth(path.to);
      if (from === path.from && to === path.to) return false;
      const after = addedPorts.get(pathKey(from, to));
      return after !== undefined && isEmpty(subtract(path.ports, after));
    },
    carriedExposure: (fact) => {
      const before = predecessor.get(fact.workload.id);
      if (!before) return false;
      switch (fact.kind) {
        case 'unprotected-workload':
          return comparison.base.restricted(before, 'ingress') === 'no' && allCarried(fact.workload.id, 'ingress');
        case 'internet-ingress':
          return allCarried(fact.workload.id, 'ingress');
        case 'internet-egress':
          return allCarried(fact.workload.id, 'egress');
        default:
          return false;
      }
    },
  };
}
