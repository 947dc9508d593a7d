/** Manifests → the engine's input files (YAML multi-document, one YAML per object, or JSON). */
import { dump } from 'js-yaml';
import type { SourceFile } from '../../src/index.js';
import type { Manifest } from '../oracle/manifests.js';
import type { BuiltCluster, FileFormat } from './arbitraries.js';

export function toFiles(manifests: readonly Manifest[], format: FileFormat, dir = 'manifests'): SourceFile[] {
  switch (format) {
    case 'yaml-multi':
      return [{ path: `${dir}/all.yaml`, text: manifests.map((m) => dump(m, { noRefs: true })).join('---\n') }];
    case 'yaml-each':
      return manifests.map((m, i) => ({ path: `${dir}/${String(i).padStart(2, '0')}-${m.kind.toLowerCase()}-${m.metadata.name}.yaml`, text: dump(m, { noRefs: true }) }));
    case 'json-each':
      return manifests.map((m, i) => ({
        path: `${dir}/${String(i).padStart(2, '0')}-${m.kind.toLowerCase()}-${m.metadata.name}.json`,
        text: `${JSON.stringify(m, null, 2)}\n`,
      }));
  }
}

export function inputOf(c: BuiltCluster, dir?: string): { files: SourceFile[] } {
  return { files: toFiles(c.manifests, c.format, dir) };
}

export function optionsOf(c: BuiltCluster): { podCidrs?: string[] } {
  return c.podCidrs === undefined ? {} : { podCidrs: c.podCidrs };
}

/** The files as one readable text, for failure messages and counterexample tests. */
export function describeCase(c: BuiltCluster): string {
  const opts = c.podCidrs === undefined ? 'options: {} (default pod CIDRs)' : `options: { podCidrs: ${JSON.stringify(c.podCidrs)} }`;
  return `${opts}\n${c.manifests.map((m) => dump(m, { noRefs: true })).join('---\n')}`;
}
