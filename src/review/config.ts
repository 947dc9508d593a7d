import { parseCidr } from '../k8s/ip-address.js';
import { readSelector } from '../k8s/label-selector.js';
import { parseManifestFile } from '../k8s/parse-yaml.js';
import { Problems, isPlainObject } from '../k8s/problems.js';
import type { Diagnostic, LabelSelector } from '../k8s/types.js';

/**
 * Settings of a review, read from `.github/netpol-review.yml` on the default branch (so a pull request
 * cannot weaken its own review). Every field is optional; see DEFAULT_CONFIG.
 */
export interface ReviewConfig {
  /** Paths into these namespaces, or to workloads matching these selectors, are at least medium risk. */
  sensitive: { namespaces: string[]; podSelectors: LabelSelector[] };
  /** The cluster DNS the DNS check probes when neither the tree nor the context has it. */
  dns: { namespace: string; podSelector: LabelSelector };
  /** Addresses that are not "the internet". */
  internalCidrs: string[];
  /** Options of the analysis itself. */
  podCidrs?: string[];
  defaultNamespace?: string;
  comment: {
    /** Characters of the comment body (GitHub rejects more than 65,536). */
    maxCharacters: number;
    /** Rows per table before the rest is folded into counts. */
    maxRows: number;
    /** Edges of the Mermaid picture before it is capped. */
    maxDiagramEdges: number;
  };
}

const MIN_CHARACTERS = 2_000;
const MAX_CHARACTERS = 65_536;

export const DEFAULT_CONFIG: ReviewConfig = {
  sensitive: { namespaces: [], podSelectors: [] },
  dns: { namespace: 'kube-system', podSelector: { requirements: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] } },
  internalCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'],
  comment: { maxCharacters: 60_000, maxRows: 30, maxDiagramEdges: 40 },
};

const isNamespaceName = (v: unknown): v is string => typeof v === 'string' && v.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v);

function stringList(value: unknown, problems: Problems, path: (string | number)[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    problems.error(path, 'must be a list of strings');
    return undefined;
  }
  return value;
}

function cidrList(value: unknown, problems: Problems, path: (string | number)[]): string[] | undefined {
  const list = stringList(value, problems, path);
  const bad = list?.find((c) => !parseCidr(c));
  if (bad !== undefined) {
    problems.error(path, `${JSON.stringify(bad)} is not a CIDR`);
    return undefined;
  }
  return list;
}

function positive(value: unknown, problems: Problems, path: (string | number)[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    problems.error(path, 'must be a positive integer');
    return undefined;
  }
  return value;
}

/**
 * Reads a config file. Unknown or invalid settings are reported and replaced by defaults, so a broken
 * config never blocks a review.
 *
 * ```yaml
 * sensitive:
 *   namespaces: [payments, data]
 *   podSelectors:
 *     - matchLabels: {data-classification: restricted}
 * dns:
 *   namespace: kube-system
 *   podSelector: {matchLabels: {k8s-app: kube-dns}}
 * internalCidrs: [10.0.0.0/8]
 * podCidrs: [10.244.0.0/16]
 * defaultNamespace: default
 * comment: {maxCharacters: 60000, maxRows: 30, maxDiagramEdges: 40}
 * ```
 */
export function parseConfig(text: string, file: string): { config: ReviewConfig; diagnostics: Diagnostic[] } {
  const config: ReviewConfig = structuredClone(DEFAULT_CONFIG);
  const parsed = parseManifestFile({ path: file, text });
  const [document, ...more] = parsed.documents;
  const firstError = Math.min(...parsed.diagnostics.map((d) => d.line));
  if (!document || firstError < document.locator.line) {
    // The first document is broken: read nothing rather than a later document.
    return { config, diagnostics: parsed.diagnostics.map((d) => ({ ...d, message: `config not read, defaults used: ${d.message}` })) };
  }
  const ignored = 'config: only the first YAML document is read; this one is ignored';
  const diagnostics: Diagnostic[] = [
    ...more.map((extra) => ({ file, line: extra.locator.line, severity: 'warning' as const, message: ignored })),
    ...parsed.diagnostics.map((d) => ({ ...d, severity: 'warning' as const, message: `${ignored} (${d.message})` })),
  ];
  const raw = document.value;
  const problems = new Problems(file, document.locator, 'config', ': setting ignored, default used', 'is not a setting and is ignored');
  if (!isPlainObject(raw)) {
    problems.error([], 'must be a map');
    return { config, diagnostics: [...diagnostics, ...problems.diagnostics] };
  }
  const section = (key: string, known: string[]): Record<string, unknown> | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    if (!isPlainObject(value)) {
      problems.error([key], `must be a map with ${known.join(', ')}`);
      return undefined;
    }
    problems.unknownFields(value, known, [key]);
    return value;
  };
  problems.unknownFields(raw, ['sensitive', 'dns', 'internalCidrs', 'podCidrs', 'defaultNamespace', 'comment'], []);
  const sensitive = section('sensitive', ['namespaces', 'podSelectors']);
  if (sensitive) {
    config.sensitive.namespaces = stringList(sensitive['namespaces'], problems, ['sensitive', 'namespaces']) ?? [];
    const selectors = sensitive['podSelectors'];
    if (Array.isArray(selectors)) {
      config.sensitive.podSelectors = selectors.flatMap((s, i) => readSelector(s, problems, ['sensitive', 'podSelectors', i]) ?? []);
    } else if (selectors !== undefined) problems.error(['sensitive', 'podSelectors'], 'must be a list of label selectors');
  }
  const dns = section('dns', ['namespace', 'podSelector']);
  if (dns) {
    if (isNamespaceName(dns['namespace'])) config.dns.namespace = dns['namespace'];
    else if (dns['namespace'] !== undefined) problems.error(['dns', 'namespace'], 'must be a namespace name');
    if (dns['podSelector'] !== undefined) config.dns.podSelector = readSelector(dns['podSelector'], problems, ['dns', 'podSelector']) ?? config.dns.podSelector;
  }
  config.internalCidrs = cidrList(raw['internalCidrs'], problems, ['internalCidrs']) ?? config.internalCidrs;
  const podCidrs = cidrList(raw['podCidrs'], problems, ['podCidrs']);
  if (podCidrs) config.podCidrs = podCidrs;
  if (isNamespaceName(raw['defaultNamespace'])) config.defaultNamespace = raw['defaultNamespace'];
  else if (raw['defaultNamespace'] !== undefined) problems.error(['defaultNamespace'], 'must be a namespace name');
  const comment = section('comment', ['maxCharacters', 'maxRows', 'maxDiagramEdges']);
  if (comment) {
    const characters = positive(comment['maxCharacters'], problems, ['comment', 'maxCharacters']);
    if (characters !== undefined && (characters < MIN_CHARACTERS || characters > MAX_CHARACTERS)) {
      problems.error(['comment', 'maxCharacters'], `must be between ${MIN_CHARACTERS} and ${MAX_CHARACTERS} (GitHub's limit)`);
    } else if (characters !== undefined) config.comment.maxCharacters = characters;
    config.comment.maxRows = positive(comment['maxRows'], problems, ['comment', 'maxRows']) ?? config.comment.maxRows;
    config.comment.maxDiagramEdges = positive(comment['maxDiagramEdges'], problems, ['comment', 'maxDiagramEdges']) ?? config.comment.maxDiagramEdges;
  }
  return { config, diagnostics: [...diagnostics, ...problems.diagnostics] };
}
