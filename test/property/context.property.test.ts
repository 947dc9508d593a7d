/**
 * `input.context`: handing some manifests (namespaces, workloads, policies) to the engine as
 * context instead of files changes nothing but where they come from. For the same manifests:
 * - matrix(): the same workloads, externals, edges, skipped counts and diagnostics (by severity
 *   and message; files and lines move), except `context: true` on exactly the workloads that came
 *   from context;
 * - explain(): the same explanation up to file/line, with `context: true` on exactly the policy
 *   and rule references of policies that came from context;
 * - diff(): the same result up to file/line, base and head each with their own context, and the
 *   same `context` marking in the explanations of opened and closed paths.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { diff, explain, matrix } from '../../src/index.js';
import type { DiffResult, Explanation, MatrixResult } from '../../src/index.js';
import type { Manifest } from '../oracle/manifests.js';
import { Oracle } from '../oracle/oracle.js';
import { buildDiffCase, diffSpecArb, type BuiltCluster } from './arbitraries.js';
import { oracleOptions } from './check.js';
import { fcParams } from './config.js';
import { explainProbesArb, resolveProbes } from './explain-check.js';
import { failure } from './report.js';
import { buildRichCluster, richClusterSpecArb } from './rich-arbitraries.js';
import { inputOf, inputWithContext, optionsOf } from './serialize.js';

/**
 * A deep copy without `file`, `line` and `context` keys (where things come from), and with
 * `selectedBy`/`allowedBy` sorted: the engine lists policies in load order (context first, then
 * files by path; test/engine/explain.test.ts pins that), so moving a policy to context may reorder them.
 */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'file' || k === 'line' || k === 'context') continue;
      const s = strip(v);
      out[k] = (k === 'selectedBy' || k === 'allowedBy') && Array.isArray(s) ? [...s].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : s;
    }
    return out;
  }
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function idOf(m: Manifest, c: BuiltCluster): string {
  const ns = m.metadata.namespace ?? c.defaultNamespace ?? 'default';
  return m.kind === 'NetworkPolicy' ? `${ns}/${m.metadata.name}` : `${ns}/${m.kind}/${m.metadata.name}`;
}

/** Ids of the workloads and policies handed over as context. */
function contextIds(c: BuiltCluster): Set<string> {
  const marks = c.inContext ?? [];
  return new Set(c.manifests.filter((m, i) => marks[i] && m.kind !== 'Namespace').map((m) => idOf(m, c)));
}

function diagnosticsKey(list: readonly { severity: string; message: string; side?: string }[]): string[] {
  return list.map((d) => `${d.side ?? ''} ${d.severity} ${d.message}`).sort();
}

function compareMatrices(c: BuiltCluster, all: MatrixResult, split: MatrixResult): string[] {
  const problems: string[] = [];
  const ctx = contextIds(c);
  for (const w of all.workloads) if (w.context !== undefined) problems.push(`files only: workload ${w.id} carries context: ${JSON.stringify(w.context)}`);
  for (const w of split.workloads) {
    if ((w.context === true) !== ctx.has(w.id) || (w.context !== undefined && w.context !== true)) {
      problems.push(`with context: workload ${w.id} carries context: ${JSON.stringify(w.context)}, expected ${ctx.has(w.id) ? 'true' : 'absent'}`);
    }
  }
  if (!same(strip(all.workloads), strip(split.workloads))) problems.push(`workloads differ: ${JSON.stringify(all.workloads.map((w) => w.id))} vs ${JSON.stringify(split.workloads.map((w) => w.id))}`);
  if (!same(all.externals, split.externals)) problems.push(`externals differ: ${JSON.stringify(all.externals)} vs ${JSON.stringify(split.externals)}`);
  if (!same(all.skipped, split.skipped)) problems.push(`skipped differ: ${JSON.stringify(all.skipped)} vs ${JSON.stringify(split.skipped)}`);
  if (!same(diagnosticsKey(all.diagnostics), diagnosticsKey(split.diagnostics))) {
    problems.push(`diagnostics differ: ${JSON.stringify(diagnosticsKey(all.diagnostics))} vs ${JSON.stringify(diagnosticsKey(split.diagnostics))}`);
  }
  const edges = new Map(all.edges.map((e) => [`${e.from}|${e.to}`, e]));
  const splitEdges = new Map(split.edges.map((e) => [`${e.from}|${e.to}`, e]));
  for (const k of new Set([...edges.keys(), ...splitEdges.keys()])) {
    if (!same(edges.get(k), splitEdges.get(k))) problems.push(`edge ${k}: files only ${JSON.stringify(edges.get(k))}, with context ${JSON.stringify(splitEdges.get(k))}`);
  }
  if (problems.length === 0 && !same(all.edges, split.edges)) problems.push('edges in a different order');
  return problems;
}

/** Every policy/rule reference of an explanation carries `context: true` iff its policy came from context. */
function checkContextMarks(x: Explanation, ctx: Set<string>, where: string, problems: string[]): void {
  for (const side of [x.egress, x.ingress]) {
    for (const ref of [...side.selectedBy, ...side.allowedBy]) {
      if ((ref.context === true) !== ctx.has(ref.policy) || (ref.context !== undefined && ref.context !== true)) {
        problems.push(`${where}: reference to ${ref.policy} carries context: ${JSON.stringify(ref.context)}, expected ${ctx.has(ref.policy) ? 'true' : 'absent'}`);
      }
    }
  }
}

function compareDiffs(base: BuiltCluster, head: BuiltCluster, all: DiffResult, split: DiffResult): string[] {
  const problems: string[] = [];
  const { diagnostics: d1, ...rest1 } = all;
  const { diagnostics: d2, ...rest2 } = split;
  for (const key of Object.keys({ ...rest1, ...rest2 }) as (keyof typeof rest1)[]) {
    if (key === ('stats' as keyof typeof rest1)) continue;
    const a = strip(rest1[key]);
    const b = strip(rest2[key]);
    if (!same(a, b)) problems.push(`${key} differ: files only ${JSON.stringify(a).slice(0, 600)}, with context ${JSON.stringify(b).slice(0, 600)}`);
  }
  if (!same(diagnosticsKey(d1), diagnosticsKey(d2))) problems.push(`diagnostics differ: ${JSON.stringify(diagnosticsKey(d1))} vs ${JSON.stringify(diagnosticsKey(d2))}`);
  const ctxBase = contextIds(base);
  const ctxHead = contextIds(head);
  for (const e of split.opened) {
    checkContextMarks(e.because, ctxHead, `opened ${e.from} -> ${e.to} because`, problems);
    checkContextMarks(e.before, ctxBase, `opened ${e.from} -> ${e.to} before`, problems);
  }
  for (const e of split.closed) {
    checkContextMarks(e.because, ctxBase, `closed ${e.from} -> ${e.to} because`, problems);
    checkContextMarks(e.now, ctxHead, `closed ${e.from} -> ${e.to} now`, problems);
  }
  return problems.slice(0, 12);
}

const marksArb = fc.array(fc.boolean(), { maxLength: 30 });

describe('context property', () => {
  it('matrix and explain: context manifests count as files, marked context', () => {
    fc.assert(
      fc.property(richClusterSpecArb, explainProbesArb, (spec, probes) => {
        const c = buildRichCluster(spec);
        const options = optionsOf(c);
        const filesOnly = inputOf(c);
        const withContext = inputWithContext(c);
        const problems = compareMatrices(c, matrix(filesOnly, options), matrix(withContext, options));
        const ctx = contextIds(c);
        for (const p of resolveProbes(new Oracle(c.manifests, oracleOptions(c)), probes.slice(0, 3))) {
          const traffic = { protocol: p.protocol, port: p.port };
          const e1 = explain(filesOnly, p.fromArg, p.toArg, traffic, options);
          const e2 = explain(withContext, p.fromArg, p.toArg, traffic, options);
          const where = `explain(${p.fromArg}, ${p.toArg}, ${p.protocol}/${p.port})`;
          if (e1.kind !== e2.kind) {
            problems.push(`${where}: ${e1.kind} with files only, ${e2.kind} with context`);
            continue;
          }
          if (e1.kind !== 'explained' || e2.kind !== 'explained') continue;
          const { diagnostics: d1, ...x1 } = e1.result;
          const { diagnostics: d2, ...x2 } = e2.result;
          if (!same(strip(x1), strip(x2))) problems.push(`${where}: files only ${JSON.stringify(strip(x1))}, with context ${JSON.stringify(strip(x2))}`);
          if (!same(diagnosticsKey(d1), diagnosticsKey(d2))) problems.push(`${where}: diagnostics differ`);
          checkContextMarks(x1, new Set(), `${where} (files only)`, problems);
          checkContextMarks(x2, ctx, where, problems);
        }
        if (problems.length > 0) throw new Error(failure('context changes the analysis', problems.slice(0, 12), [{ label: 'manifests', c }]));
      }),
      fcParams(300),
    );
  }, 120_000);

  it('diff: base and head with context give the same result as with files only', () => {
    fc.assert(
      fc.property(diffSpecArb, marksArb, marksArb, (spec, baseMarks, headMarks) => {
        const cases = buildDiffCase(spec);
        const base: BuiltCluster = { ...cases.base, inContext: cases.base.manifests.map((_, i) => baseMarks[i] ?? false) };
        const head: BuiltCluster = { ...cases.head, inContext: cases.head.manifests.map((_, i) => headMarks[i] ?? false) };
        const options = optionsOf(base);
        const all = diff(inputOf(base, 'base'), inputOf(head, 'head'), options);
        const split = diff(inputWithContext(base, 'base'), inputWithContext(head, 'head'), options);
        const problems = compareDiffs(base, head, all, split);
        if (problems.length > 0) {
          throw new Error(failure('context changes the diff', problems, [
            { label: 'base', c: base },
            { label: 'head', c: head },
          ]));
        }
      }),
      fcParams(250),
    );
  }, 120_000);
});
