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

/**
 * Policies (NetworkPolicies and cluster policies) added, removed or modified between base and head,
 * each with a unified diff of its spec. Specs are compared as values first and dumped only where
 * they differ; the diff itself is made when first read (a comment shows a few of them, the JSON
 * report none).
 */
export function policyChanges(base: Pick<Cluster, 'policies' | 'clusterPolicies'>, head: Pick<Cluster, 'policies' | 'clusterPolicies'>): PolicyChange[] {
  const all = (c: Pick<Cluster, 'policies' | 'clusterPolicies'>): { id: string; spec: unknown; location: SourceLocation }[] => [...c.policies, ...c.clusterPolicies];
  const before = new Map(all(base).map((p) => [p.id, p]));
  const after = new Map(all(head).map((p) => [p.id, p]));
  const out: PolicyChange[] = [];
  // Only the changes are sorted (by id), not the thousands of policies both sides have alike.
  for (const id of [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))]) {
    const b = before.get(id);
    const h = after.get(id);
    // A file both sides hold alike was read once, so its policies share their spec.
    if (b && h && (b.spec === h.spec || isDeepStrictEqual(b.spec, h.spec))) continue;
    const texts: [string, string] | undefined = b && h ? [normalisedSpec(b), normalisedSpec(h)] : undefined;
    if (texts && texts[0] === texts[1]) continue;
    const where = (h ?? b)!.location;
    const unified = () => {
      const [textB, textH] = texts ?? [b ? normalisedSpec(b) : '', h ? normalisedSpec(h) : ''];
      const patch = createTwoFilesPatch(b ? `base/${b.location.file}` : '/dev/null', h ? `head/${h.location.file}` : '/dev/null', textB, textH, '', '', { context: 3 });
      return patch.split('\n').slice(1).join('\n').trimEnd();
    };
    out.push(withLazyPatch({ policy: id, change: !b ? 'added' : !h ? 'removed' : 'modified', file: where.file, line: where.line }, unified));
  }
  return out.sort((x, y) => (x.policy < y.policy ? -1 : x.policy > y.policy ? 1 : 0));
}

/** The change with its `patch` made by `make` when first read, then kept (an own, enumerable property like the others). */
function withLazyPatch(change: Omit<PolicyChange, 'patch'>, make: () => string): PolicyChange {
  return Object.defineProperty(change, 'patch', {
    enumerable: true,
    configurable: true,
    get(this: PolicyChange) {
      const patch = make();
      Object.defineProperty(this, 'patch', { value: patch, enumerable: true, writable: true, configurable: true });
      return patch;
    },
  }) as PolicyChange;
}
