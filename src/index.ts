/** The core's public API: every door (CLI, Action, App) uses these and nothing deeper. */
export * from './core.js';
export { mergeSettings, parseSettings, settingsJsonSchema } from './settings/settings.js';
