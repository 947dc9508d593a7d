import type { SourceFile } from '../k8s/types.js';

/** Paths whose text differs between the two trees, or that only one of them has, sorted. */
export function changedFiles(base: readonly SourceFile[], head: readonly SourceFile[]): string[] {
  const before = new Map(base.map((f) => [f.path, f.text]));
  const after = new Map(head.map((f) => [f.path, f.text]));
  const out = new Set<string>();
  for (const [path, text] of after) if (before.get(path) !== text) out.add(path);
  for (const path of before.keys()) if (!after.has(path)) out.add(path);
  return [...out].sort();
}
