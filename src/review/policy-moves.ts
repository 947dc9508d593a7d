import type { CauseItem, ClusterPlaces, PolicyMove } from './causes.js';
import type { PathChange } from './group-paths.js';

/** A cluster policy whose tier or priority the change moves, and what that does to paths. */
export interface PolicyMoveSummary {
  /** `Kind/name` */
  policy: string;
  move: PolicyMove;
  /** Paths (one source, one destination) opened and closed whose cause names this policy. */
  opened: number;
  closed: number;
  /** Other cluster policies that now decide the opened paths, with their priority. */
  nowWinning: { policy: string; priority?: number }[];
}

const clusterItems = (p: PathChange) => p.cause.items.filter((i): i is Extract<CauseItem, { kind: 'cluster-rule' }> => i.kind === 'cluster-rule');

/** Cluster policies present on both sides whose tier or priority changed, with the paths their move explains. */
export function policyMoves(places: ClusterPlaces, opened: readonly PathChange[], closed: readonly PathChange[]): PolicyMoveSummary[] {
  const out: PolicyMoveSummary[] = [];
  for (const [policy, after] of places.head) {
    const before = places.base.get(policy);
    if (!before || (before.tier === after.tier && before.priority === after.priority)) continue;
    const names = (p: PathChange) => clusterItems(p).some((i) => i.rule.policy === policy);
    const openedHere = opened.filter(names);
    const winners = new Map<string, number | undefined>();
    for (const p of openedHere) for (const i of clusterItems(p)) if (i.side === 'head' && i.rule.policy !== policy) winners.set(i.rule.policy, i.rule.priority);
    out.push({
      policy,
      move: { before, after },
      opened: openedHere.length,
      closed: closed.filter(names).length,
      nowWinning: [...winners].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, priority]) => (priority === undefined ? { policy: p } : { policy: p, priority })),
    });
  }
  return out.sort((a, b) => (a.policy < b.policy ? -1 : 1));
}
