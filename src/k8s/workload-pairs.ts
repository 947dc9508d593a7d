import type { Workload } from './types.js';

/**
 * What makes two workloads on either side of a change one workload under another name: namespace, kind
 * and ports, and the pod labels when `labels` (a rename proper; without them, a replacement).
 */
export const workloadFingerprint = (w: Workload, labels: boolean): string =>
  JSON.stringify([w.namespace, w.kind, labels ? Object.entries(w.labels).sort() : [], w.ports.map((p) => `${p.protocol}/${p.port}/${p.name ?? ''}`).sort()]);

/** Pairs of a removed and an added workload with the same fingerprint, where that pairing is one-to-one: added id → removed. */
export function uniquePairs(removed: readonly Workload[], added: readonly Workload[], fingerprint: (w: Workload) => string): Map<string, Workload> {
  const byKey = (list: readonly Workload[]) => {
    const out = new Map<string, Workload[]>();
    for (const w of list) {
      const key = fingerprint(w);
      const group = out.get(key);
      if (group) group.push(w);
      else out.set(key, [w]);
    }
    return out;
  };
  const candidates = byKey(removed);
  const pairs = new Map<string, Workload>();
  for (const [key, [one, ...more]] of byKey(added)) {
    const match = candidates.get(key);
    if (more.length === 0 && match?.length === 1) pairs.set(one!.id, match[0]!);
  }
  return pairs;
}
