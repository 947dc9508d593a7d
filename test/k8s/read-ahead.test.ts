/** Files read ahead (as another thread would: `readManifest`, then a structured clone) load exactly as files read in-process. */
import { describe, expect, it } from 'vitest';
import { type ReadAhead, type SourceFile, analysePair, compare, diffJson, readManifest } from '../../src/index.js';
import { GARBAGE } from './garbage-manifests.js';
import { DB_FROM_API, policy } from './manifests.js';

const files = (tree: Record<string, string>): SourceFile[] => Object.entries(tree).map(([path, text]) => ({ path, text }));
const base = files({ ...GARBAGE, 'np/db.yaml': DB_FROM_API });
const head = files({ ...GARBAGE, 'moved/bad-yaml.yaml': GARBAGE['bad-yaml.yaml']!, 'np/open.yaml': policy('open', '  podSelector: {}\n  ingress:\n  - {}\n') });
const context = files({ 'same.yaml': GARBAGE['one-broken.yaml']! });

/** Every distinct text read ahead, as a worker thread would post it; asked texts are counted. */
function readAheadOf(inputs: SourceFile[][], isContext: boolean[]): ReadAhead & { asked: number } {
  const read = new Map<string, ReturnType<typeof readManifest>>();
  inputs.forEach((list, i) => {
    for (const f of list) read.set(`${isContext[i]}\u0000${f.text}`, structuredClone(readManifest(f, isContext[i]!, 'default')));
  });
  const ahead = {
    asked: 0,
    get(text: string, ctx: boolean, namespace: string) {
      ahead.asked++;
      return namespace === 'default' ? read.get(`${ctx}\u0000${text}`) : undefined;
    },
  };
  return ahead;
}

describe('readAhead', () => {
  it('gives the same models (objects, diagnostics with file and line) and the same diff as reading in-process', () => {
    const inProcess = analysePair({ files: base, context }, { files: head, context });
    const ahead = readAheadOf([base, head, context], [false, false, true]);
    const readAhead = analysePair({ files: base, context }, { files: head, context }, { readAhead: ahead });
    for (const side of ['base', 'head'] as const) {
      expect(readAhead[side].diagnostics).toEqual(inProcess[side].diagnostics);
      expect(readAhead[side].workloads).toEqual(inProcess[side].workloads);
      expect(readAhead[side].policies).toEqual(inProcess[side].policies);
      expect(readAhead[side].namespaces).toEqual(inProcess[side].namespaces);
      expect(readAhead[side].skipped).toEqual(inProcess[side].skipped);
    }
    expect(diffJson(compare(readAhead.base, readAhead.head))).toEqual(diffJson(compare(inProcess.base, inProcess.head)));
    // One question per distinct text and role (the context file's text is also a tree file's, read apart).
    expect(ahead.asked).toBe(new Set(base.concat(head).map((f) => f.text)).size + 1);
    expect(inProcess.head.diagnostics.filter((d) => d.file === 'moved/bad-yaml.yaml').map((d) => d.line)).toEqual([5]);
    expect(inProcess.head.diagnostics.length).toBeGreaterThan(12);
  });

  it('is not asked for another default namespace, and an answer for none is read in-process', () => {
    const ahead = readAheadOf([base], [false]);
    const inProcess = analysePair({ files: base }, { files: base }, { defaultNamespace: 'apps' });
    const readAhead = analysePair({ files: base }, { files: base }, { defaultNamespace: 'apps', readAhead: ahead });
    expect(readAhead.base.diagnostics).toEqual(inProcess.base.diagnostics);
    expect(readAhead.base.workloads.map((w) => w.id)).toEqual(inProcess.base.workloads.map((w) => w.id));
    expect(readAhead.base.workloads.some((w) => w.namespace === 'apps')).toBe(false);
  });
});
