/**
 * The one module of the GitHub plumbing that calls the core (through `src/index.ts`). Settings
 * merging, path selection, the gate, annotations and the full report are minimal here until the core
 * offers them (`mergeSettings`, `selectPaths`, `shouldFail`, `renderAnnotations`, `renderReport`,
 * `renderReportJson`); then this module becomes a thin pass-through.
 */
import picomatch from 'picomatch';
import {
  COMMENT_MARKER,
  DEFAULT_CONFIG,
  PARSE_LIMITS,
  type AnalysisInput,
  type Diagnostic,
  type ReviewConfig,
  type ReviewResult,
  type SidedDiagnostic,
  parseConfig,
  renderMarkdown,
  review,
} from '../index.js';

export { COMMENT_MARKER };

/** Files larger than the loader reads are not fetched. */
export const MAX_MANIFEST_BYTES = PARSE_LIMITS.maxFileBytes;

export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type Risk = (typeof RISK_LEVELS)[number];
export const FAIL_ON = [...RISK_LEVELS, 'any-change'] as const;
export type FailOn = (typeof FAIL_ON)[number];
export const COMMENT_MODES = ['on-change', 'always', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** What a door (Action inputs, App) may set over the config file. */
export interface SettingsOverrides {
  paths?: string[];
  exclude?: string[];
  context?: string[];
  defaultNamespace?: string;
  podCidrs?: string[];
  comment?: { mode?: CommentMode };
  failOn?: FailOn;
  failOnInvalid?: boolean;
  failOnIncomplete?: boolean;
}

export interface ReviewSettings {
  review: ReviewConfig;
  paths: string[];
  exclude: string[];
  context: string[];
  comment: { mode: CommentMode };
  failOn: FailOn;
  failOnInvalid: boolean;
  failOnIncomplete: boolean;
}

/** Every `.yaml`, `.yml` and `.json` file outside dot-directories. */
export const DEFAULT_PATHS = ['**/*.yaml', '**/*.yml', '**/*.json'];

/** The settings of a review: the config file (absent: defaults) with the door's overrides on top. */
export function loadSettings(text: string | undefined, file: string, overrides: SettingsOverrides): { settings: ReviewSettings; diagnostics: Diagnostic[] } {
  const fromFile = text === undefined ? { config: structuredClone(DEFAULT_CONFIG), diagnostics: [] } : parseConfig(text, file);
  const analysis: Record<string, unknown> = {};
  if (overrides.defaultNamespace !== undefined) analysis['defaultNamespace'] = overrides.defaultNamespace;
  if (overrides.podCidrs !== undefined) analysis['podCidrs'] = overrides.podCidrs;
  // The inputs are read by the config's own parser (JSON is YAML), so they are checked alike.
  const fromInputs = parseConfig(JSON.stringify(analysis), 'action inputs');
  const review = { ...fromFile.config };
  if ('defaultNamespace' in analysis && fromInputs.config.defaultNamespace !== undefined) review.defaultNamespace = fromInputs.config.defaultNamespace;
  if ('podCidrs' in analysis && fromInputs.config.podCidrs !== undefined) review.podCidrs = fromInputs.config.podCidrs;
  return {
    settings: {
      review,
      paths: overrides.paths?.length ? overrides.paths : DEFAULT_PATHS,
      exclude: overrides.exclude ?? [],
      context: overrides.context ?? [],
      comment: { mode: overrides.comment?.mode ?? 'on-change' },
      failOn: overrides.failOn ?? 'none',
      failOnInvalid: overrides.failOnInvalid ?? false,
      failOnIncomplete: overrides.failOnIncomplete ?? false,
    },
    diagnostics: [...fromFile.diagnostics, ...fromInputs.diagnostics],
  };
}

/** What a repository path is to the review: a manifest, a context manifest, or nothing. Context wins over manifest. */
export function selectPaths(settings: ReviewSettings): (path: string) => 'manifest' | 'context' | undefined {
  const manifest = picomatch(settings.paths);
  const excluded = settings.exclude.length > 0 ? picomatch(settings.exclude) : () => false;
  const context = settings.context.length > 0 ? picomatch(settings.context) : () => false;
  return (path) => (excluded(path) ? undefined : context(path) ? 'context' : manifest(path) ? 'manifest' : undefined);
}

/** The patterns whose files the review reads (to know which directories to walk). */
export function selectedPatterns(settings: ReviewSettings): string[] {
  return [...settings.paths, ...settings.context];
}

export interface Annotation {
  path: string;
  line: number;
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
}

export interface ReviewContextInput {
  repository: string;
  baseSha: string;
  headSha: string;
  /** A sentence saying where the full report is. */
  fullReport: string;
}

export interface ReviewOutcome {
  result: ReviewResult;
  risk: Risk;
  counts: { opened: number; closed: number; exposures: number };
  /** Reachability or exposure changed. */
  changed: boolean;
  /** Part of the input could not be analysed (errors: files not read, objects refused). */
  incomplete: boolean;
  /** The sticky comment body (marker inside, within GitHub's 65,536 characters). */
  comment: string;
  /** The full report (markdown) within `reportBytes`. */
  report: string;
  /** The engine's diff contract plus the review. */
  reportJson: string;
  /** Most important first. */
  annotations: Annotation[];
  gate: { fail: boolean; reasons: string[] };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const keyOf = (d: Diagnostic) => `${d.file}\n${d.message}`;

function newInvalid(diagnostics: readonly SidedDiagnostic[]): SidedDiagnostic[] {
  const before = new Set(diagnostics.filter((d) => d.side === 'base' && d.severity === 'error').map(keyOf));
  return diagnostics.filter((d) => d.side === 'head' && d.severity === 'error' && !before.has(keyOf(d)));
}

function groupText(group: ReviewResult['opened'][number]['from']): string {
  const parts = group.parts.map((p) => {
    switch (p.kind) {
      case 'workload':
      case 'external':
        return p.id;
      case 'namespace':
        return `all ${p.count} workloads in ${p.namespace}`;
      case 'every-workload':
        return `every workload (${p.count})`;
      case 'selection':
        return `${p.count} selected workloads`;
    }
  });
  return parts.length <= 3 ? parts.join(', ') : `${parts.slice(0, 3).join(', ')} and ${parts.length - 3} more`;
}

/** Annotations on the head rules behind high- and medium-risk openings (one per rule, with its riskiest path) and on invalid manifests the head adds. */
function annotations(result: ReviewResult, invalid: readonly SidedDiagnostic[]): Annotation[] {
  const rank = { high: 0, medium: 2 } as const;
  const risky = result.opened.filter((row) => row.risk === 'high' || row.risk === 'medium').sort((a, b) => rank[a.risk as 'high' | 'medium'] - rank[b.risk as 'high' | 'medium']);
  const byRule = new Map<string, { annotation: Annotation; rank: number; paths: number }>();
  for (const row of risky) {
    const risk = row.risk as 'high' | 'medium';
    for (const item of row.cause.items) {
      if (item.kind !== 'rule' || item.side !== 'head') continue;
      const r = item.rule;
      const key = `${r.file}:${r.line}`;
      const found = byRule.get(key);
      if (found) found.paths += row.pairs;
      else {
        const message = `${r.policy} ${r.direction} rule ${r.rule + 1} opens ${groupText(row.from)} → ${groupText(row.to)} on ${row.ports.join(', ')}`;
        const annotation: Annotation = { path: r.file, line: r.line, level: risk === 'high' ? 'error' : 'warning', title: `netpol-review: opens a ${risk}-risk path`, message };
        byRule.set(key, { annotation, rank: rank[risk], paths: row.pairs });
      }
    }
  }
  const opened = [...byRule.values()].map(({ annotation, rank, paths }) => ({ rank, annotation: paths > 1 ? { ...annotation, message: `${annotation.message} (${plural(paths, 'path')} in all)` } : annotation }));
  const refused = invalid.map((d) => ({ rank: 1, annotation: { path: d.file, line: Math.max(1, d.line), level: 'error' as const, title: 'netpol-review: invalid manifest', message: d.message } }));
  return [...opened, ...refused].sort((x, y) => x.rank - y.rank).map((x) => x.annotation);
}

function edgeLines(title: string, edges: readonly { from: string; to: string; ports: string[]; uncertain?: true }[]): string[] {
  if (edges.length === 0) return [];
  return ['', `<details><summary>${title} (${edges.length})</summary>`, '', '```text', ...edges.map((e) => `${e.from} → ${e.to} ${e.ports.join(',')}${e.uncertain ? ' (uncertain)' : ''}`), '```', '', '</details>'];
}

const utf8 = new TextEncoder();
const bytesOf = (text: string) => utf8.encode(text).length;

/** The full report: the comment at GitHub's largest size, then every path and diagnostic; folded (and said so) beyond `maxBytes` of UTF-8. */
function renderReport(result: ReviewResult, settings: ReviewSettings, maxBytes: number): string {
  const inSummary = { ...result, context: { ...result.context, fullReport: 'every changed path is listed below; the report output of the step holds the JSON' } };
  const comment = renderMarkdown(inSummary, { ...settings.review.comment, maxCharacters: 65_536, maxRows: 200 });
  const d = result.diff;
  const lines = [
    ...comment.split('\n'),
    '#### Every changed path',
    ...edgeLines('Opened', d.opened),
    ...edgeLines('Closed', d.closed),
    ...edgeLines('Paths of new workloads', d.addedPaths),
    ...edgeLines('Paths of removed workloads', d.removedPaths),
    ...(result.diagnostics.length > 0 ? ['', `<details><summary>Every diagnostic (${result.diagnostics.length})</summary>`, '', ...result.diagnostics.map((x) => `- ${x.side} ${x.file}:${x.line} ${x.severity}: ${x.message}`), '', '</details>'] : []),
  ];
  const text = lines.join('\n');
  if (bytesOf(text) <= maxBytes) return text;
  const note = (left: number) => `\n\n**The report is folded here: ${plural(left, 'more line')} did not fit the job summary's ${maxBytes}-byte limit. The \`report\` output (JSON) has everything.**\n`;
  const budget = maxBytes - bytesOf(note(lines.length)) - 16; // 16: room for a fenced block left open
  let used = 0;
  let kept = 0;
  for (; kept < lines.length; kept++) {
    const size = bytesOf(lines[kept]!) + 1;
    if (used + size > budget) break;
    used += size;
  }
  const head = lines.slice(0, kept);
  const openFence = head.filter((l) => l.startsWith('```')).length % 2 === 1;
  return `${head.join('\n')}${openFence ? '\n```' : ''}${note(lines.length - kept)}`;
}

function gate(settings: ReviewSettings, risk: Risk, changed: boolean, invalid: number, incomplete: boolean): { fail: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (settings.failOn === 'any-change' && changed) reasons.push('reachability or exposure changed (fail-on: any-change)');
  else if (settings.failOn !== 'none' && settings.failOn !== 'any-change' && RISK_LEVELS.indexOf(risk) >= RISK_LEVELS.indexOf(settings.failOn)) {
    reasons.push(`risk is ${risk} (fail-on: ${settings.failOn})`);
  }
  if (settings.failOnInvalid && invalid > 0) reasons.push(`the head adds ${plural(invalid, 'invalid manifest object')} (fail-on-invalid)`);
  if (settings.failOnIncomplete && incomplete) reasons.push('part of the input could not be analysed (fail-on-incomplete)');
  return { fail: reasons.length > 0, reasons };
}

/**
 * Reviews the two trees of a pull request: the core's review with the reading's own diagnostics
 * (files not fetched) added, rendered for every place it goes.
 */
export function reviewTrees(
  base: AnalysisInput,
  head: AnalysisInput,
  settings: ReviewSettings,
  context: ReviewContextInput,
  readDiagnostics: readonly SidedDiagnostic[],
  /** The full report's limit, in UTF-8 bytes (the job summary takes 1 MiB). */
  reportBytes: number,
): ReviewOutcome {
  const reviewed = review(base, head, settings.review, context);
  const diagnostics = [...readDiagnostics, ...reviewed.diagnostics];
  const result: ReviewResult = { ...reviewed, diagnostics, diff: { ...reviewed.diff, diagnostics } };
  const d = result.diff;
  const changed = d.opened.length + d.closed.length + d.addedPaths.length + d.removedPaths.length + d.exposure.length + result.exposures.length > 0;
  const incomplete = diagnostics.some((x) => x.severity === 'error');
  const invalid = newInvalid(diagnostics);
  const risk = result.risk;
  const counts = { opened: result.counts.opened, closed: result.counts.closed, exposures: result.counts.exposures };
  return {
    result,
    risk,
    counts,
    changed,
    incomplete,
    comment: renderMarkdown(result, settings.review.comment),
    report: renderReport(result, settings, reportBytes),
    reportJson: `${JSON.stringify({ ...d, review: { risk, counts: result.counts, changed, incomplete, exposures: result.exposures, policyChanges: result.policyChanges, renamed: result.renamed, context: result.context } }, null, 2)}\n`,
    annotations: annotations(result, invalid),
    gate: gate(settings, risk, changed, invalid.length, incomplete),
  };
}
