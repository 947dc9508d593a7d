import { load } from 'js-yaml';
import { PARSE_LIMITS } from '../k8s/parse-yaml.js';
import { isPlainObject } from '../k8s/problems.js';
import type { Diagnostic } from '../k8s/types.js';

/** Aliases and nesting bounded as for manifests, for every YAML the render module reads itself. */
export const YAML_BOUNDS = { maxAliases: PARSE_LIMITS.maxAliasesPerDocument, maxDepth: PARSE_LIMITS.maxDepth };

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** What a kustomization names: kustomization directories or files (`resource`), or files only (`file`). */
export interface Reference {
  field: string;
  value: string;
  as: 'resource' | 'file';
}

export interface Kustomization {
  path: string;
  /** `Kustomization` or `Component`. */
  kind: string;
  references: Reference[];
  /** What kustomize would fetch or run, refused before anything runs. */
  refused: Diagnostic[];
}

/** Fields whose entries are kustomization directories or files. */
const RESOURCE_LISTS = ['resources', 'bases', 'components', 'generators', 'transformers', 'validators'] as const;
/** Fields whose entries are files. */
const FILE_LISTS = ['crds', 'configurations'] as const;
/** Lists of objects whose `path` is a file. */
const PATH_OBJECT_LISTS = ['patches', 'patchesJson6902', 'replacements'] as const;
const GENERATORS = ['configMapGenerator', 'secretGenerator'] as const;
/** Fields that need `--enable-helm`, which is never passed. */
const HELM_FIELDS = ['helmCharts', 'helmChartInflationGenerator', 'helmGlobals'] as const;

/** A URL, a go-getter or git reference (`github.com/org/repo//dir?ref=v1`, `git@…`, `gh:…`). */
const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@|git::|gh:|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\.git(\/\/|$)|^[^/]+\.[a-z]{2,}\/[^/]+\/[^/]+\/\//i;

/** An entry that is YAML text itself (an inline patch or transformer configuration), not a path. */
const isInline = (value: string) => value.includes('\n');

/** The 1-based line of the first line mentioning `needle` (1 when none does). */
export function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}

/** Reads what one kustomization refers to, and refuses remote references and Helm inflation. */
export function readKustomization(path: string, text: string): Kustomization {
  const kustomization: Kustomization = { path, kind: 'Kustomization', references: [], refused: [] };
  const refuse = (needle: string, message: string) =>
    kustomization.refused.push({ file: path, line: lineOf(text, needle), severity: 'error', message });
  let value: unknown;
  try {
    value = load(text, YAML_BOUNDS);
  } catch (error) {
    refuse('', `kustomization is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return kustomization;
  }
  if (value === null || value === undefined) return kustomization;
  if (!isPlainObject(value)) {
    refuse('', 'kustomization is not a mapping');
    return kustomization;
  }
  if (typeof value['kind'] === 'string') kustomization.kind = value['kind'];
  const add = (field: string, entry: unknown, as: Reference['as']) => {
    if (typeof entry !== 'string' || entry === '' || isInline(entry)) return;
    if (REMOTE.test(entry)) refuse(entry, `remote reference refused: ${field} ${JSON.stringify(entry)} (only files of the tree are rendered; vendor it or render in a workflow step)`);
    else if (entry.startsWith('/')) refuse(entry, `absolute path refused: ${field} ${JSON.stringify(entry)}`);
    else kustomization.references.push({ field, value: entry, as });
  };
  const list = (field: string): unknown[] => (Array.isArray(value[field]) ? value[field] : []);
  for (const field of RESOURCE_LISTS) for (const entry of list(field)) add(field, entry, 'resource');
  for (const field of FILE_LISTS) for (const entry of list(field)) add(field, entry, 'file');
  for (const field of PATH_OBJECT_LISTS) for (const entry of list(field)) if (isPlainObject(entry)) add(`${field}.path`, entry['path'], 'file');
  for (const entry of list('patchesStrategicMerge')) add('patchesStrategicMerge', entry, 'file');
  for (const field of GENERATORS) {
    for (const generator of list(field)) {
      if (!isPlainObject(generator)) continue;
      const files = Array.isArray(generator['files']) ? generator['files'] : [];
      // `key=path` or `path`.
      for (const entry of files) add(`${field}.files`, typeof entry === 'string' ? entry.slice(entry.indexOf('=') + 1) : entry, 'file');
      for (const entry of Array.isArray(generator['envs']) ? generator['envs'] : []) add(`${field}.envs`, entry, 'file');
      add(`${field}.env`, generator['env'], 'file');
    }
  }
  if (isPlainObject(value['openapi'])) add('openapi.path', value['openapi']['path'], 'file');
  for (const field of HELM_FIELDS) {
    if (value[field] !== undefined) refuse(`${field}:`, `${field} refused: inflating Helm charts needs --enable-helm, which is never passed; render the chart in a workflow step (helm template) and pass the output`);
  }
  return kustomization;
}
