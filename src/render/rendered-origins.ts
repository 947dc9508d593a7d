import { load, loadAll } from 'js-yaml';
import { isPlainObject } from '../k8s/problems.js';
import type { DocumentOrigin } from '../k8s/types.js';
import { YAML_BOUNDS } from './kustomization-references.js';

const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

interface SourceDocument {
  line: number;
  kind: unknown;
  name: unknown;
}

/** The documents of a source file: the line each starts at (its first key), its kind and name. */
function sourceDocuments(text: string): SourceDocument[] {
  const documents: SourceDocument[] = [];
  const lines = text.split('\n');
  let start = 0;
  const flush = (end: number) => {
    const first = lines.findIndex((line, i) => i >= start && i < end && line.trim() !== '' && !line.trimStart().startsWith('#') && !/^(---|\.\.\.)(\s|$)/.test(line));
    if (first >= 0) {
      try {
        const value = load(lines.slice(start, end).join('\n'), YAML_BOUNDS);
        if (isPlainObject(value)) documents.push({ line: first + 1, kind: value['kind'], name: isPlainObject(value['metadata']) ? value['metadata']['name'] : undefined });
      } catch {
        // Not YAML: no document to point at.
      }
    }
    start = end;
  };
  lines.forEach((line, i) => {
    if (i > start && /^---(\s|$)/.test(line)) flush(i);
  });
  flush(lines.length);
  return documents;
}

/** The source document a rendered object came from: same kind, and its name (prefixes and suffixes aside). */
function match(documents: readonly SourceDocument[], kind: unknown, name: unknown): SourceDocument | undefined {
  const sameKind = documents.filter((d) => d.kind === kind);
  const exact = sameKind.find((d) => d.name === name);
  if (exact) return exact;
  const contained = sameKind.filter((d) => typeof d.name === 'string' && typeof name === 'string' && d.name !== '' && name.includes(d.name));
  if (contained.length > 0) return contained.reduce((a, b) => ((b.name as string).length > (a.name as string).length ? b : a));
  return sameKind.length === 1 ? sameKind[0] : undefined;
}

/**
 * The origin of each document of `kustomize build` output, by the `config.kubernetes.io/origin`
 * annotation (`path:` for a resource file, `configuredIn:` for a generated object; `treePath` turns
 * what it says into a path of the tree). A resource is
 * placed at its document in the source file when one matches; otherwise at line 1 of the file the
 * annotation names, or of the root's kustomization.
 */
export function renderedOrigins(
  output: string,
  treePath: (written: string) => string | undefined,
  kustomization: string,
  sources: ReadonlyMap<string, string>): (DocumentOrigin | undefined)[] {
  const parsedSources = new Map<string, SourceDocument[]>();
  let values: unknown[];
  try {
    values = loadAll(output, YAML_BOUNDS);
  } catch {
    // Beyond the bounds: the loader refuses it with a diagnostic; no origins to give.
    return [];
  }
  return values
    .filter((value) => value !== null && value !== undefined)
    .map((value): DocumentOrigin => {
      const fallback = { file: kustomization, line: 1 };
      if (!isPlainObject(value) || !isPlainObject(value['metadata'])) return fallback;
      const annotations = value['metadata']['annotations'];
      const annotation = isPlainObject(annotations) ? annotations[ORIGIN_ANNOTATION] : undefined;
      let origin: unknown;
      try {
        origin = typeof annotation === 'string' ? load(annotation, YAML_BOUNDS) : undefined;
      } catch {
        return fallback;
      }
      if (!isPlainObject(origin)) return fallback;
      const written = typeof origin['path'] === 'string' ? origin['path'] : typeof origin['configuredIn'] === 'string' ? origin['configuredIn'] : undefined;
      if (written === undefined) return fallback;
      const file = treePath(written);
      const text = file === undefined ? undefined : sources.get(file);
      if (file === undefined || text === undefined) return fallback;
      if (typeof origin['path'] !== 'string') return { file, line: 1 };
      let documents = parsedSources.get(file);
      if (!documents) parsedSources.set(file, (documents = sourceDocuments(text)));
      const found = match(documents, value['kind'], value['metadata']['name']);
      return found ? { file, line: found.line, text } : { file, line: 1 };
    });
}
