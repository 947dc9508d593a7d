/**
 * The layering, enforced in `npm test` (`npm run lint:layers`):
 *   values ← k8s ← engine (model, compare; internals under engine/internal) ← review ← report
 *   settings (schema) beside review; doors (cli, action, app) import only src/index.ts (or its parts src/core.ts, src/reading.ts);
 *   github plumbing imports only src/index.ts from the core; src/render (Kustomize, runs a process)
 *   reads k8s types and limits only.
 */
module.exports = {
  forbidden: [
    {
      name: 'doors-use-the-public-api',
      comment: 'Doors (CLI, Action, App) and the GitHub plumbing import the core only through src/index.ts (or its parts: src/core.ts without the settings reader, src/reading.ts the reading half).',
      severity: 'error',
      from: { path: '^src/(cli|action|app|github)/' },
      to: { path: '^src/(k8s|engine|review|report|values|settings|contract)', pathNot: '^src/(index|core|reading)\\.ts$' },
    },
    {
      name: 'github-doors-use-the-plumbing',
      comment: 'The Action and the App reach GitHub and the core through src/github/index.ts only, and never each other.',
      severity: 'error',
      from: { path: '^src/(action|app)/' },
      to: { path: '^src/(index\\.ts$|render/|cli/)|^src/github/(?!index\\.ts$)' },
    },
    {
      name: 'doors-stay-apart',
      severity: 'error',
      from: { path: '^src/(action|app|cli)/' },
      to: { path: '^src/(action|app|cli)/', pathNot: '^src/$1/' },
    },
    {
      name: 'pure-core',
      comment: 'The core has no GitHub, file-system or process imports.',
      severity: 'error',
      from: { path: '^src/(k8s|engine|review|report|values|settings)/' },
      to: { path: '^(node:)?(fs|fs/promises|child_process|worker_threads|net|http|https|process)$|@actions|@octokit|probot' },
    },
    {
      name: 'rendering-precedes-the-core',
      comment: 'src/render (Kustomize) reads files as the loader sees them; it knows nothing of the analysis.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/(engine|review|report|settings|contract)' },
    },
    {
      name: 'engine-internals-stay-internal',
      comment: 'Only the engine reads its internals; review and report ask the model.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/engine/' },
      to: { path: '^src/engine/internal/' },
    },
    {
      name: 'values-are-the-bottom',
      comment: 'Shared values depend on nothing of ours.',
      severity: 'error',
      from: { path: '^src/values/' },
      to: { path: '^src/(k8s|engine|review|report|settings|cli|action|app|github)/' },
    },
    {
      name: 'engine-knows-no-review',
      severity: 'error',
      from: { path: '^src/(k8s|engine)/' },
      to: { path: '^src/(review|report|settings)/' },
    },
    {
      name: 'review-renders-nothing',
      comment: 'The review computes; only renderers turn values into text.',
      severity: 'error',
      from: { path: '^src/review/' },
      to: { path: '^src/report/|^src/values/port-text\\.ts$' },
    },
    {
      name: 'text-formatters-in-renderers',
      comment: 'Port text formatting is for renderers (and the JSON contract) only.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(report/|(index|core)\\.ts$)' },
      to: { path: '^src/values/port-text\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      // Type-only imports are erased: a cycle through them does not exist at run time.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
