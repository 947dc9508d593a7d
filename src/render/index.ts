/**
 * Rendering of Kustomize roots, outside the pure core (it runs a process). The doors call
 * `missingReferences` (to read what kustomizations name beyond the manifests) and `renderTree` for
 * base and head, then hand the returned files to the core.
 */
export { renderTree, missingReferences, renderOptionsOf, RENDER_DEFAULTS } from './render-tree.js';
export type { RenderOptions, RenderResult, RenderedRoot, UnanalysedRoot } from './render-tree.js';
export { findKustomizeBinary } from './run-kustomize.js';
export type { KustomizeBinary } from './run-kustomize.js';
export { KUSTOMIZATION_FILES } from './kustomization-references.js';
