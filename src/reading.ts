/**
 * The reading half of the public API, alone: what a parse thread needs to read manifests as the
 * analysis does, without loading the rest of the core (the analysis, the review, the renderers,
 * the settings' schema). `src/index.ts` exports the same.
 */
export { type FileObjects, type ReadAhead, type ReadManifest, filesToLoad, readManifest } from './k8s/load-cluster.js';
export { PARSE_LIMITS, type ParseLimits } from './k8s/parse-yaml.js';
