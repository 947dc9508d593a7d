/** Manifests → the engine's input files (YAML multi-document, one YAML per object, or JSON). */
import { dump } from 'js-yaml';
import type { AnalysisInput, AnalysisOptions, SourceFile } from '../../src/index.js';
import type { Manifest } from '../oracle/manifests.js';
import type { BuiltCluster, FileFormat } from './arbitraries.js';

export function toFiles(manifests: readonly Manifest[], format: FileFormat, dir = 'manifests'): SourceFile[] {
  switch (format) {
    case 'yaml-multi':
      return manifests.length === 0 ? [] : [{ path: `${dir}/all.yaml`, text: manifests.map((m) => dump(m, { noRefs: true })).join('---\n') }];
    case 'yaml-each':
      return manifests.map((m, i) => ({ path: `${dir}/${String(i).padStart(2, '0')}-${m.kind.toLowerCase()}-${m.metadata.name}.yaml`, text: dump(m, { noRefs: true }) }));
    case 'json-each':
      return manifests.map((m, i) => ({
        path: `${dir}/${String(i).padStart(2, '0')}-${m.kind.toLowerCase()}-${m.metadata.name}.json`,
        text: `${JSON.stringify(m, null, 2)}\n`,
      }));
  }
}

/** Every manifest in `files` (the cluster's `inContext` marks are ignored). */
export function inputOf(c: BuiltCluster, dir?: string): { files: SourceFile[] } {
  return { files: toFiles(c.manifests, c.format, dir) };
}

/** The manifests marked `inContext` as `context` files (under `<dir>-context/`), the others as `files`. */
export function inputWithContext(c: BuiltCluster, dir = 'manifests'): AnalysisInput {
  const marks = c.inContext ?? [];
  return {
    files: toFiles(
      c.manifests.filter((_, i) => !marks[i]),
      c.format,
      dir,
    ),
    context: toFiles(
      c.manifests.filter((_, i) => marks[i]),
      c.format,
      `${dir}-context`,
    ),
  };
}

export function optionsOf(c: BuiltCluster): AnalysisOptions {
  const o: AnalysisOptions = {};
  if (c.podCidrs !== undefined) o.podCidrs = c.podCidrs;
  if (c.defaultNamespace !== undefined) o.defaultNamespace = c.defaultNamespace;
  return o;
}

/** The files as one readable text, for failure messages and counterexample tests. */
export function describeCase(c: BuiltCluster): string {
  const opts = Object.keys(optionsOf(c)).length === 0 ? 'options: {} (default pod CIDRs)' : `options: ${JSON.stringify(optionsOf(c))}`;
  const marks = c.inContext ?? [];
  const text = (m: Manifest, i: number) => (marks[i] ? `# (context)\n` : '') + dump(m, { noRefs: true });
  return `${opts}\n${c.manifests.map(text).join('---\n')}`;
}
