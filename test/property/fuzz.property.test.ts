/**
 * Fuzz: mutated and random manifests, beside one untouched valid file, through the path the doors take
 * (reviewTrees: load → analyse → compare → review → comment, report, JSON, annotations) and every other
 * renderer (JSON contract, text, answers, Mermaid). Whatever the input: no exception escapes; every
 * object the input holds either reaches the model or is named by a diagnostic at a line of its file;
 * the comment and the report are within their budgets and well-formed; every Mermaid block parses;
 * and the valid file's workloads are analysed as they would be alone.
 */
import fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { reviewTrees, type ReviewOutcome } from '../../src/github/review-pull-request.js';
import {
  DEFAULT_SETTINGS,
  MAX_CHECK_SUMMARY_CHARACTERS,
  MAX_COMMENT_CHARACTERS,
  type Model,
  type Settings,
  type SidedDiagnostic,
  type SourceFile,
  analyse,
  diffJson,
  diffJsonShared,
  explainJson,
  formatPorts,
  matrixJson,
  portRange,
  renderDiffText,
  renderExplainAnswer,
  renderExplainText,
  renderMatrixText,
  renderNamespaceMatrixAnswer,
  renderReachAnswer,
  renderResolutionProblem,
} from '../../src/index.js';
import { KUBECTL_SCHEMA } from '../../src/k8s/kubectl-schema.js';
import type { EndpointRef } from '../../src/values/endpoint.js';
import { answerSafetyProblems, fencedBlocks, safetyProblems } from '../report/markdown-checks.js';
import { parseDiagram } from '../report/mermaid-parser.js';
import { fcParams, seed } from './config.js';
import { type FuzzCase, SANCTUARY, SANCTUARY_WORKLOADS, SEEDS, describeFuzzCase, diagramCaseArb, fuzzCaseArb } from './fuzz-arbitraries.js';

const CONTEXT = { repository: 'o/r', baseSha: 'a'.repeat(40), headSha: 'b'.repeat(40), fullReport: 'the check run' };
/** The App's report goes to a check run summary. */
const REPORT_LIMIT = { bytes: MAX_CHECK_SUMMARY_CHARACTERS };
const utf8 = new TextEncoder();

function settingsOf(c: FuzzCase): Settings {
  return { ...DEFAULT_SETTINGS, comment: { ...DEFAULT_SETTINGS.comment, maxCharacters: c.maxCharacters }, limits: { ...DEFAULT_SETTINGS.limits, ...c.limits } };
}

const review = (c: FuzzCase): ReviewOutcome =>
  reviewTrees({ files: c.base, context: c.context, diagnostics: [] }, { files: c.head, context: c.context, diagnostics: [] }, settingsOf(c), CONTEXT, [], REPORT_LIMIT);

/** The API version a current API server serves for each modelled kind (the loader's table, written again). */
const SERVED: Record<string, string> = {
  Namespace: 'v1',
  Pod: 'v1',
  ReplicationController: 'v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2',
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A named object of a modelled kind and served version, not owned by a controller: the loader must account for it. */
function isModelled(value: unknown, defaults: { apiVersion?: unknown; kind?: unknown } = {}): boolean {
  if (!isObject(value)) return false;
  const apiVersion = value['apiVersion'] ?? defaults.apiVersion;
  const kind = value['kind'] ?? defaults.kind;
  if (typeof kind !== 'string' || SERVED[kind] === undefined || SERVED[kind] !== apiVersion) return false;
  const metadata = value['metadata'];
  return isObject(metadata) && metadata['ownerReferences'] === undefined && ((typeof metadata['name'] === 'string' && metadata['name'] !== '') || typeof metadata['generateName'] === 'string');
}

/** Objects a document holds that the loader must account for: itself, or a list's items (a list without apiVersion is one). */
function claimsOf(value: unknown): number {
  if (isObject(value) && typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(value['items'])) {
    const kind = value['kind'];
    if (typeof value['apiVersion'] !== 'string') return 1;
    const defaults = kind === 'List' ? {} : { apiVersion: value['apiVersion'], kind: kind.slice(0, -'List'.length) };
    return value['items'].filter((item) => isModelled(item, defaults)).length;
  }
  return isModelled(value) ? 1 : 0;
}

interface Chunk {
  first: number;
  last: number;
  /** Objects to account for; undefined when the text is not YAML js-yaml reads as it stands. */
  claims: number | undefined;
}

const isYaml = (text: string): boolean => {
  try {
    loadAll(text, { schema: KUBECTL_SCHEMA });
    return true;
  } catch {
    return false;
  }
};

/**
 * The file's documents, cut at `---`/`...` lines as YAML cuts them, each read on its own by js-yaml.
 * A piece that does not read alone in a file that reads whole (a directive, which belongs to the next
 * document) claims nothing.
 */
function chunksOf(text: string): Chunk[] {
  const whole = isYaml(text);
  const lines = text.split('\n');
  const chunks: Chunk[] = [];
  let start = 0;
  const flush = (end: number) => {
    const part = lines.slice(start, end).join('\n');
    let claims: number | undefined;
    try {
      claims = loadAll(part, { schema: KUBECTL_SCHEMA }).reduce<number>((n, v) => n + claimsOf(v), 0);
    } catch (error) {
      // A directive before `---` (it belongs to the next piece), or a continuation line less indented
      // than its node (the loader reads it as kubectl does): no claim either way.
      claims = whole || (error as { reason?: string }).reason === 'deficient indentation' ? 0 : undefined;
    }
    chunks.push({ first: start + 1, last: Math.max(end, start + 1), claims });
    start = end;
  };
  lines.forEach((line, i) => {
    if (i > start && /^(---|\.\.\.)(\s|$)/.test(line)) flush(i);
  });
  flush(lines.length);
  return chunks;
}

/** Objects of the model read from `file`, by their first line. */
function objectLines(model: Model, file: string): number[] {
  const located = [...model.namespaces, ...model.workloads, ...model.policies, ...model.clusterPolicies];
  return located.flatMap((o) => (o.location?.file === file ? [o.location.line] : []));
}

/**
 * Every object a file holds is accounted for: in the model, or named by a diagnostic in its lines (an
 * error; or a diagnostic saying another definition replaced it). A document js-yaml refuses has a
 * diagnostic in its lines.
 */
function lossProblems(model: Model, side: 'base' | 'head', files: readonly SourceFile[], diagnostics: readonly SidedDiagnostic[]): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const mine = diagnostics.filter((d) => d.side === side && d.file === f.path);
    if (mine.some((d) => d.message.startsWith('file skipped'))) continue;
    const lines = objectLines(model, f.path);
    for (const chunk of chunksOf(f.text)) {
      const within = (line: number) => chunk.first <= line && line <= chunk.last;
      const replaced = diagnostics.filter((d) => d.side === side && Array.from({ length: chunk.last - chunk.first + 1 }, (_, i) => `${f.path}:${chunk.first + i}`).some((at) => d.message.includes(` ${at}`))).length;
      // A document skipped whole (not YAML, aliases, a template, past the documents of a file) accounts for every object in it.
      const skipped = mine.some((d) => (within(d.line) && d.message.startsWith('document skipped')) || (d.line <= chunk.last && d.message.includes('skipped from here on')));
      const found = skipped ? Infinity : lines.filter(within).length + mine.filter((d) => within(d.line) && d.severity === 'error').length + replaced;
      if (chunk.claims === undefined) {
        if (!mine.some((d) => within(d.line)) && found === 0) problems.push(`${side} ${f.path} lines ${chunk.first}-${chunk.last}: not YAML, yet no diagnostic there`);
      } else if (found < chunk.claims) {
        problems.push(`${side} ${f.path} lines ${chunk.first}-${chunk.last}: ${chunk.claims} object(s), ${found} in the model or named by an error`);
      }
    }
  }
  return problems;
}

const lineCount = (f: SourceFile) => f.text.split('\n').length;

/** Every diagnostic names a file of its side (or of the context) and a line of it. */
function diagnosticProblems(c: FuzzCase, outcome: ReviewOutcome): string[] {
  const problems: string[] = [];
  for (const d of outcome.result.diagnostics) {
    const file = [...(d.side === 'base' ? c.base : c.head), ...c.context].find((f) => f.path === d.file);
    if (!file) problems.push(`diagnostic on a file the ${d.side} does not have: ${JSON.stringify(d)}`);
    else if (!Number.isInteger(d.line) || d.line < 1 || d.line > lineCount(file)) problems.push(`diagnostic line ${d.line} outside ${d.file} (${lineCount(file)} lines): ${d.message}`);
    if (!['error', 'warning', 'info'].includes(d.severity) || typeof d.message !== 'string' || d.message === '') problems.push(`malformed diagnostic ${JSON.stringify(d)}`);
  }
  return problems;
}

function budgetProblems(c: FuzzCase, outcome: ReviewOutcome): string[] {
  const problems: string[] = [];
  const max = Math.min(c.maxCharacters, MAX_COMMENT_CHARACTERS);
  if (outcome.comment.length > max) problems.push(`comment of ${outcome.comment.length} characters, budget ${max}`);
  const reportBytes = utf8.encode(outcome.report).length;
  if (reportBytes > REPORT_LIMIT.bytes) problems.push(`report of ${reportBytes} bytes, limit ${REPORT_LIMIT.bytes}`);
  problems.push(...safetyProblems(outcome.comment).map((p) => `comment: ${p}`), ...safetyProblems(outcome.report).map((p) => `report: ${p}`));
  for (const a of outcome.annotations) {
    const file = [...c.head, ...c.context].find((f) => f.path === a.path);
    if (!file || !Number.isInteger(a.line) || a.line < 1 || a.line > lineCount(file)) problems.push(`annotation outside the head's files and the context: ${JSON.stringify(a)}`);
  }
  return problems;
}

const portsText = (m: Model, from: EndpointRef, to: EndpointRef) => formatPorts(m.allowed(from, to).ports);
const found = (m: Model, id: string): EndpointRef | undefined => {
  const r = m.resolve(id);
  return r.kind === 'found' ? r.endpoint : undefined;
};

/** The sanctuary alone: what its workloads allow each other. */
const ALONE = analyse({ files: [SANCTUARY] });

/**
 * The sanctuary's workloads and policy are read as alone; between them, where no cluster policy
 * selects either end (garbage cannot reach into their namespace otherwise), the same ports are allowed.
 */
function sanctuaryProblems(side: 'base' | 'head', model: Model): string[] {
  const problems: string[] = [];
  for (const id of SANCTUARY_WORKLOADS) {
    if (JSON.stringify(model.workload(id)) !== JSON.stringify(ALONE.workload(id))) problems.push(`${side}: ${id} is ${JSON.stringify(model.workload(id))}, alone ${JSON.stringify(ALONE.workload(id))}`);
  }
  const policy = (m: Model) => JSON.stringify(m.policies.find((p) => p.id === 'sanctuary/store-from-api'));
  if (policy(model) !== policy(ALONE)) problems.push(`${side}: sanctuary/store-from-api is ${policy(model)}, alone ${policy(ALONE)}`);
  for (const from of SANCTUARY_WORKLOADS) {
    for (const to of SANCTUARY_WORKLOADS) {
      const [a, b] = [found(model, from), found(model, to)];
      if (!a || !b) continue;
      const why = model.explain(a, b, portRange('TCP', 1, 65535));
      if (why.egress.clusterRules || why.ingress.clusterRules) continue;
      const [got, alone] = [portsText(model, a, b), portsText(ALONE, found(ALONE, from)!, found(ALONE, to)!)];
      if (got.join() !== alone.join()) problems.push(`${side}: ${from} → ${to} allows ${JSON.stringify(got)}, alone ${JSON.stringify(alone)}`);
    }
  }
  return problems;
}

/** Where a value holds something JSON.stringify drops or changes (NaN, Infinity, undefined in a list, a Map, a function), or undefined. */
function notJson(value: unknown, path = '$'): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} (${value})`;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = item === undefined ? `${path}[${i}] (undefined)` : notJson(item, `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return `${path} (${typeof value})`;
  for (const [key, item] of Object.entries(value)) {
    const bad = item === undefined ? undefined : notJson(item, `${path}.${key}`);
    if (bad) return bad;
  }
  return undefined;
}

/** Every other renderer on the outcome's models: each returns, its JSON is plain JSON, answers fit a comment. */
function rendererProblems(outcome: ReviewOutcome): string[] {
  const problems: string[] = [];
  const { comparison, namespaceSizes } = outcome.result;
  const { base, head } = comparison;
  const json: [string, unknown][] = [
    ['diffJson', diffJson(comparison)],
    ['diffJsonShared', diffJsonShared(comparison)],
    ['matrixJson base', matrixJson(base.matrix(), base)],
    ['matrixJson head', matrixJson(head.matrix(), head)],
    ['reportJson', JSON.parse(outcome.reportJson)],
  ];
  const api = found(head, SANCTUARY_WORKLOADS[0]);
  const store = found(head, SANCTUARY_WORKLOADS[1]);
  const garbage = head.workloads.find((w) => w.namespace !== 'sanctuary');
  const external = head.externals[0];
  const text = [renderDiffText(diffJson(comparison)), renderMatrixText(matrixJson(head.matrix(), head))];
  const answers: string[] = [renderNamespaceMatrixAnswer('fuzz', head.matrix({ namespace: 'fuzz' })), renderNamespaceMatrixAnswer('sanctuary', head.matrix({ namespace: 'sanctuary' }))];
  const unknown = head.resolve('fuzz/no-such-workload');
  if (unknown.kind !== 'found') answers.push(renderResolutionProblem(unknown));
  if (api && store) {
    const pg = portRange('TCP', 5432, 5432);
    const ends: [EndpointRef, EndpointRef][] = [[api, store]];
    const other = garbage ? found(head, garbage.id) : undefined;
    if (other) ends.push([other, store], [api, other]);
    if (external) ends.push([external, api], [store, external]);
    for (const [from, to] of ends) {
      const explanation = head.explain(from, to, pg);
      const before = base.resolve(from.id).kind === 'found' && base.resolve(to.id).kind === 'found' ? base.explain(found(base, from.id)!, found(base, to.id)!, pg) : undefined;
      const result = explainJson(explanation, head.diagnostics);
      json.push([`explainJson ${from.id} → ${to.id}`, result]);
      text.push(renderExplainText(result));
      answers.push(renderExplainAnswer(explanation, before, CONTEXT));
    }
    answers.push(renderReachAnswer(store, 'ingress', head.reachers(store), namespaceSizes), renderReachAnswer(api, 'egress', head.reachable(api), namespaceSizes));
  } else problems.push('the sanctuary is not in the head');
  for (const [name, value] of json) {
    const bad = notJson(value);
    if (bad) problems.push(`${name}: ${bad} is not JSON (JSON.stringify would drop or change it)`);
    const diagnostics = (value as { diagnostics?: { file: string; line: number }[] }).diagnostics ?? [];
    const sorted = [...diagnostics].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line));
    if (diagnostics.some((d, i) => d !== sorted[i])) problems.push(`${name}: diagnostics not sorted by file and line`);
  }
  for (const t of text) if (typeof t !== 'string' || t === '') problems.push('a text rendering is empty');
  for (const a of answers) {
    if (a.length === 0 || a.length > MAX_COMMENT_CHARACTERS) problems.push(`an answer of ${a.length} characters`);
    problems.push(...answerSafetyProblems(a).map((p) => `an answer: ${p}`));
  }
  return problems;
}

function fail(title: string, c: FuzzCase, problems: readonly string[]): never {
  throw new Error([`${title} (FC_SEED=${seed()}):`, ...problems.slice(0, 12).map((p) => `  - ${p}`), describeFuzzCase(c)].join('\n'));
}

describe(`fuzz: garbage beside a valid file, through every renderer (FC_SEED=${seed()})`, () => {
  it('the seeds and the sanctuary are valid: every object read, no error, the sanctuary pairs as written', () => {
    const model = analyse({ files: [SANCTUARY, { path: 'seeds.yaml', text: SEEDS.map((s) => JSON.stringify(s)).join('\n---\n') }] });
    expect(model.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model.workloads.map((w) => w.id).sort()).toEqual([
      'fuzz/CronJob/gc',
      'fuzz/Deployment/web',
      'fuzz/Pod/client',
      'fuzz/StatefulSet/db',
      'kube-system/Deployment/coredns',
      'sanctuary/Deployment/api',
      'sanctuary/StatefulSet/store',
    ]);
    expect(model.policies.map((p) => p.id).sort()).toEqual(['fuzz/db-from-web', 'fuzz/default-deny', 'fuzz/egress-out', 'fuzz/web-open', 'sanctuary/store-from-api']);
    expect(model.clusterPolicies.map((p) => p.id).sort()).toEqual(['AdminNetworkPolicy/fuzz-admin', 'BaselineAdminNetworkPolicy/default', 'ClusterNetworkPolicy/fuzz-dns']);
    const [api, store] = SANCTUARY_WORKLOADS.map((id) => found(model, id)!);
    expect([portsText(model, api!, store!), portsText(model, store!, store!), portsText(model, store!, api!)]).toEqual([['TCP/5432'], [], ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']]);
    expect(sanctuaryProblems('head', model)).toEqual([]);
  });

  it('no exception escapes; every loss is a diagnostic; the comment fits and is well-formed; the sanctuary is analysed as alone', () => {
    fc.assert(
      fc.property(fuzzCaseArb, (c) => {
        const outcome = review(c);
        const { base, head } = outcome.result.comparison;
        const problems = [
          ...diagnosticProblems(c, outcome),
          ...lossProblems(base, 'base', [...c.base, ...c.context], outcome.result.diagnostics),
          ...lossProblems(head, 'head', [...c.head, ...c.context], outcome.result.diagnostics),
          ...budgetProblems(c, outcome),
          ...sanctuaryProblems('base', base),
          ...sanctuaryProblems('head', head),
          ...rendererProblems(outcome),
        ];
        if (problems.length > 0) fail('fuzz', c, problems);
      }),
      fcParams(150),
    );
  }, 120_000);

  it('every Mermaid block of the comment and the report parses', async () => {
    let diagrams = 0;
    await fc.assert(
      fc.asyncProperty(diagramCaseArb, async (c) => {
        const outcome = review(c);
        for (const source of [...fencedBlocks(outcome.comment, 'mermaid'), ...fencedBlocks(outcome.report, 'mermaid')]) {
          diagrams++;
          try {
            await parseDiagram(source);
          } catch (error) {
            fail('a Mermaid block does not parse', c, [String(error), source]);
          }
        }
      }),
      fcParams(15),
    );
    expect(diagrams).toBeGreaterThan(0);
  }, 120_000);
});
