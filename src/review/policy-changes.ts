import { createTwoFilesPatch } from 'diff';
import { dump } from 'js-yaml';
import type { Cluster, NetworkPolicy } from '../k8s/types.js';

export interface PolicyChange {
  policy: string;
  change: 'added' | 'removed' | 'modified';
  /** Where it is written: head's file for added and modified, base's for removed. */
  file: string;
  line: number;
  /** Unified diff of the normalised spec (YAML, keys sorted). */
  patch: string;
}

function normalisedSpec(policy: NetworkPolicy): string {
  return dump(policy.spec, { sortKeys: true, lineWidth: -1, noRefs: true });
}

/** Policies added, removed or modified between base and head, with a unified diff of their specs. */
export function policyChanges(base: Pick<Cluster, 'policies'>, head: Pick<Cluster, 'policies'>): PolicyChange[] {
  const before = new Map(base.policies.map((p) => [p.id, p]));
  const after = new Map(head.policies.map((p) => [p.id, p]));
  const out: PolicyChange[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(id);
    const h = after.get(id);
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

