import picomatch from 'picomatch';
import type { Settings } from './settings.js';

/** Manifests, and Kustomize's extension-less `Kustomization`. */
const MANIFEST = /(^|\/)([^/]*\.(ya?ml|json)|Kustomization)$/i;

/** A file the CLI reads from a directory: `.yaml`, `.yml`, `.json` (or a `Kustomization`), outside dot-directories. */
export function isManifestPath(path: string): boolean {
  const segments = path.split('/');
  return MANIFEST.test(path) && segments.slice(0, -1).every((s) => !s.startsWith('.'));
}

/** What a repository path is to a review: a manifest to analyse, a context manifest, or nothing. */
export type PathRole = 'manifest' | 'context' | undefined;

/** Classifies repository paths by the settings' `paths`, `exclude` and `context` globs (picomatch, no dot files unless named). */
export function selectPaths(settings: Pick<Settings, 'paths' | 'exclude' | 'context'>): (path: string) => PathRole {
  const matcher = (globs: readonly string[]) => (globs.length === 0 ? () => false : picomatch([...globs], { dot: false }));
  const included = matcher(settings.paths);
  const excluded = matcher(settings.exclude);
  const context = matcher(settings.context);
  return (path) => {
    if (!MANIFEST.test(path)) return undefined;
    if (context(path)) return 'context';
    return included(path) && !excluded(path) ? 'manifest' : undefined;
  };
}
