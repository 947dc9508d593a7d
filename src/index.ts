/** The core's API: every door (CLI, Action, App) calls these and nothing deeper. */
export { matrix, diff, explain } from './engine/api.js';
export type { ExplainOutcome, Traffic } from './engine/api.js';
export type * from './engine/types.js';
export type { SourceFile, Diagnostic, Protocol } from './k8s/types.js';
