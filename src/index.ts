/** The core's API: every door (CLI, Action, App) calls these and nothing deeper. */
export { matrix, diff, explain } from './engine/api.js';
export type { ExplainOutcome, Traffic } from './engine/api.js';
export type * from './engine/types.js';
export type { SourceFile, Diagnostic, Protocol } from './k8s/types.js';
export { review } from './review/review.js';
export type { ReviewResult, ReviewContext, Exposure, PolicyChange } from './review/review.js';
export { parseConfig, DEFAULT_CONFIG } from './review/config.js';
export type { ReviewConfig } from './review/config.js';
export { renderMarkdown, COMMENT_MARKER } from './report/markdown.js';
export { PARSE_LIMITS } from './k8s/parse-yaml.js';
