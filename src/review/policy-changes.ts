import { isDeepStrictEqual } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { dump } from 'js-yaml';
import type { Cluster, SourceLocation } from '../k8s/types.js';

export interface PolicyChange {
  policy: string;
  change: 'added' | 'removed' | 'modified';
  /** Where it is written: head's file for added and modified, base's for removed. */
  file: string;
  line: number;
  /** Unified diff of the normalised spec (YAML, keys sorted). */
  patch: string;
}

function normalisedSpec(policy: { spec: unknown }): string {
  return dump(policy.spec, { sortKeys: true, lineWidth: -1, noRefs: true });
}

/** Policies (NetworkPolicies and cluster policies) added, removed or modified between base and head, with a unified diff of their specs (dumped only for the policies that differ). */
export function policyChanges(base: Pick<Cluster, 'policies' | 'clusterPolicies'>, head: Pick<Cluster, 'policies' | 'clusterPolicies'>): PolicyChange[] {
  const all = (c: Pick<Cluster, 'policies' | 'clusterPolicies'>): { id: string; spec: unknown; location: SourceLocation }[] => [...c.policies, ...c.clusterPolicies];
  const before = new Map(all(base).map((p) => [p.id, p]));
  const after = new Map(all(head).map((p) => [p.id, p]));
  const out: PolicyChange[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(id);
    const h = after.get(id);
    // Equal specs dump to equal text: compare the values first (a file both sides hold alike was read
    // once, so its policies share their spec) and dump only what changed.
    if (b && h && (b.spec === h.spec || isDeepStrictEqual(b.spec, h.spec))) continue;
    const textB = b ? normalisedSpec(b) : '';
    const textH = h ? normalisedSpec(h) : '';
    if (textB === textH) continue;
    const where = (h ?? b)!.location;
    const patch = createTwoFilesPatch(b ? `base/${b.location.file}` : '/dev/null', h ? `head/${h.location.file}` : '/dev/null', textB, textH, '', '', { context: 3 });
    out.push({
      policy: id,
      change: !b ? 'added' : !h ? 'removed' : 'modified',
      file: where.file,
      line: where.line,
      patch: patch.split('\n').slice(1).join('\n').trimEnd(),
    });
  }
  return out;
}

