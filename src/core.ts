/**
 * The core's public API but the settings reader (`src/index.ts` adds it): what a door needs to
 * analyse, review and render without loading the settings' schema library (zod), which only
 * reading a settings file or a door's overrides needs. The CLI loads `src/index.ts` only then.
 */

// Analysis: one model per tree, asked many questions; a comparison of two.
export { analyse, analysePair } from './engine/model.js';
export type { Model, RestrictionLevel, Selection, SelectionTerm } from './engine/model.js';
export { compare, DEFAULT_INTERNAL_CIDRS } from './engine/compare.js';
export type { Comparison, CompareOptions } from './engine/compare.js';
export type * from './engine/types.js';
export type { SourceFile, Diagnostic, SourceLocation, Workload, Namespace, NetworkPolicy, LabelSelector } from './k8s/types.js';
export { withinTreeLimits } from './k8s/tree-limits.js';
export * from './reading.js';
export { BudgetExceeded, TimeBudget } from './engine/time-budget.js';

// Shared values.
export type { EndpointRef, WorkloadRef, ExternalRef } from './values/endpoint.js';
export { type PortSet, type Protocol, PROTOCOLS, allPortsOf, intersect as intersectPorts, parsePort, portRange } from './values/port-set.js';
export { parseCidr } from './values/ip-address.js';

// The CLI's JSON contract as functions.
export { matrix, diff, explain } from './contract.js';
export type { Traffic, ExplainOutcome } from './contract.js';
export type * from './report/contract.js';

// Settings, paths and the gate.
export { DEFAULT_SETTINGS, FAIL_ON, COMMENT_MODES, RISK_LEVELS } from './settings/defaults.js';
export type { FailOn, RiskLevel, Settings } from './settings/settings.js';
export { isManifestPath, selectPaths } from './settings/paths.js';
export type { PathRole } from './settings/paths.js';
export { analysisOptions, budgetExceededReview, review, workloadsByNamespace } from './review/review.js';
export type { Exposure, PolicyChange, ReviewContext, ReviewResult, ReviewedExposureKind } from './review/review.js';
export { shouldFail } from './review/gate.js';
export { changedFiles } from './review/changed-files.js';

// Renderers.
export { COMMENT_MARKER, MAX_CHECK_SUMMARY_CHARACTERS, MAX_COMMENT_CHARACTERS, MAX_JOB_SUMMARY_CHARACTERS, renderComment, renderReport } from './report/markdown.js';
export type { RenderLimits } from './report/markdown.js';
export { renderAnnotations } from './report/annotations.js';
export type { Annotation } from './report/annotations.js';
export { renderExplainAnswer, renderNamespaceMatrixAnswer, renderReachAnswer, renderResolutionProblem } from './report/answers.js';
export { type HelpReason, SLASH_COMMANDS, renderHelp } from './report/command-help.js';
export { renderReportJson } from './report/review-json.js';
export { diffJson, diffJsonShared, explainJson, matrixJson } from './report/json.js';
export type { SharedDiffResult } from './report/json.js';
export { renderDiffText, renderExplainText, renderMatrixText } from './report/text.js';
export { escapeMarkdown, plainText } from './report/escape.js';
export { formatPorts } from './values/port-text.js';
