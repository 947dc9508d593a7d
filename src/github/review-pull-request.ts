/**
 * The one module of the GitHub plumbing that calls the core (through `src/index.ts`): settings,
 * path selection, the review of two trees and everything rendered from it.
 */
import {
  type AnalysisInput,
  type Annotation,
  COMMENT_MARKER,
  COMMENT_MODES,
  DEFAULT_SETTINGS,
  type Diagnostic,
  FAIL_ON,
  type FailOn,
  type PathRole,
  type ReviewResult,
  type RiskLevel,
  type Settings,
  type SourceFile,
  BudgetExceeded,
  TimeBudget,
  analysePair,
  analysisOptions,
  budgetExceededReview,
  changedFiles,
  escapeMarkdown,
  mergeSettings,
  parseSettings,
  plainText,
  renderAnnotations,
  renderComment,
  renderReport,
  renderReportJson,
  review,
  selectPaths,
  shouldFail,
  withinTreeLimits,
} from '../index.js';

export { type Annotation, COMMENT_MARKER, COMMENT_MODES, type Diagnostic, FAIL_ON, type FailOn, type PathRole, type RiskLevel, type Settings, selectPaths, withinTreeLimits };
export type CommentMode = Settings['comment']['mode'];

/** What a door (the Action's inputs, the App) sets over the config file; the file's names in camelCase. */
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

/** The settings of a review: the config file (absent: defaults) with the door's overrides on top; invalid entries reported and ignored. */
export function loadSettings(text: string | undefined, file: string, overrides: SettingsOverrides, source = 'inputs'): { settings: Settings; diagnostics: Diagnostic[] } {
  const fromFile = text === undefined ? { settings: structuredClone(DEFAULT_SETTINGS), diagnostics: [] } : parseSettings(text, file);
  const merged = mergeSettings(fromFile.settings, { ...overrides }, source);
  return { settings: merged.settings, diagnostics: [...fromFile.diagnostics, ...merged.diagnostics] };
}

/** A note on the config's problems (entries ignored), escaped, or undefined when it has none. */
export function settingsNote(diagnostics: readonly Diagnostic[]): string | undefined {
  if (diagnostics.length === 0) return undefined;
  const shown = diagnostics.slice(0, 10).map((d) => `${d.file === '' ? '' : `${escapeMarkdown(`${d.file}:${d.line}`)}: `}${escapeMarkdown(plainText(d.message, 300))}`);
  const more = diagnostics.length > shown.length ? `; and ${diagnostics.length - shown.length} more` : '';
  return `The configuration has ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}, ignored (defaults used for those entries): ${shown.join('; ')}${more}.`;
}

/** The patterns whose files the review reads (to know which directories to walk). */
export function selectedPatterns(settings: Settings): string[] {
  return [...settings.paths, ...settings.context];
}

export interface ReviewContextInput {
  repository: string;
  baseSha: string;
  headSha: string;
  /** The web server links point at (GitHub Enterprise Server); default https://github.com. */
  serverUrl?: string;
  /** A sentence saying where the full report is. */
  fullReport: string;
}

/** One side of a pull request as read from GitHub, with what the reading found wrong (files not fetched). */
export interface TreeInput {
  /** Manifests, Kustomize roots replaced by their rendered output. */
  files: SourceFile[];
  context: SourceFile[];
  diagnostics: Diagnostic[];
}

export interface ReviewOutcome {
  result: ReviewResult;
  risk: RiskLevel;
  counts: { opened: number; closed: number; exposures: number };
  /** Reachability or exposure changed. */
  changed: boolean;
  /** Part of the input could not be analysed. */
  incomplete: boolean;
  /** Diagnostics of the settings, either side or the reading. */
  diagnostics: number;
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

const utf8 = new TextEncoder();

/** Where the full report goes: its limit in UTF-8 bytes, and where everything is when it is folded. */
export interface ReportLimit {
  bytes: number;
  elsewhere?: string;
}

/**
 * The full report within `maxBytes` of UTF-8 (the job summary's limit is in bytes, the renderer's in
 * characters): rendered at that many characters, then with fewer until the bytes fit.
 */
function reportWithin(result: ReviewResult, settings: Settings, limit: ReportLimit): string {
  const maxBytes = limit.bytes;
  let characters = maxBytes;
  for (;;) {
    const report = renderReport(result, { maxCharacters: characters, maxDiagramEdges: settings.comment.maxDiagramEdges, ...(limit.elsewhere ? { elsewhere: limit.elsewhere } : {}) });
    const bytes = utf8.encode(report).length;
    if (bytes <= maxBytes || characters < 1_000) return report;
    characters = Math.floor((characters * maxBytes) / bytes) - 64;
  }
}

/**
 * Reviews the two trees of a pull request (context from the base for both) and renders it for every
 * place it goes. `settingsDiagnostics` (from reading the config) show in the review. An analysis that
 * runs past `settings.limits.timeBudgetSeconds` (on `now`, in milliseconds) stops, and the outcome is
 * an incomplete review that claims nothing.
 */
export function reviewTrees(
  base: TreeInput,
  head: TreeInput,
  settings: Settings,
  context: ReviewContextInput,
  settingsDiagnostics: readonly Diagnostic[],
  reportLimit: ReportLimit,
  now: () => number = Date.now,
): ReviewOutcome {
  const input = (side: TreeInput): AnalysisInput => ({ files: side.files, context: side.context, diagnostics: side.diagnostics });
  const budget = new TimeBudget(settings.limits.timeBudgetSeconds, now);
  let result: ReviewResult;
  try {
    const models = analysePair(input(base), input(head), { ...analysisOptions(settings), budget });
    const changed = changedFiles([...base.files, ...base.context], [...head.files, ...head.context]);
    result = review(models.base, models.head, settings, { ...context, changedFiles: changed }, settingsDiagnostics);
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    result = budgetExceededReview(error.seconds, settings, context, settingsDiagnostics);
  }
  return {
    result,
    risk: result.risk,
    counts: { opened: result.counts.opened, closed: result.counts.closed, exposures: result.counts.exposures },
    changed: result.changed,
    incomplete: result.incomplete,
    diagnostics: result.diagnostics.length,
    comment: renderComment(result, settings.comment),
    report: reportWithin(result, settings, reportLimit),
    reportJson: `${JSON.stringify(renderReportJson(result), null, 2)}\n`,
    annotations: renderAnnotations(result),
    gate: shouldFail(result, settings),
  };
}
