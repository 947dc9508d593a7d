/**
 * Builders for small manifest trees, shared by the review and report tests: objects in code, YAML
 * out, so every scenario states only what it is about.
 */
import { dump } from 'js-yaml';
import { type AnalysisInput, type Settings, type SourceFile, DEFAULT_SETTINGS, analysePair, changedFiles } from '../../src/index.js';
import { renderComment } from '../../src/report/markdown.js';
import { type ReviewContext, type ReviewResult, analysisOptions, review } from '../../src/review/review.js';

export type Labels = Record<string, string>;
export type K8sObject = Record<string, unknown>;
export interface ContainerPortSpec {
  name?: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

const HTTP: ContainerPortSpec[] = [{ name: 'http', containerPort: 8080 }];

export function namespace(name: string, labels: Labels = {}): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

const containers = (ports: ContainerPortSpec[]) => [{ name: 'app', image: 'example/app:1', ...(ports.length > 0 ? { ports } : {}) }];

/** A Deployment whose pods carry `labels` (and `app: <name>` unless given). */
export function deployment(ns: string, name: string, labels: Labels = {}, ports: ContainerPortSpec[] = HTTP): K8sObject {
  const podLabels = { app: name, ...labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { selector: { matchLabels: podLabels }, template: { metadata: { labels: podLabels }, spec: { containers: containers(ports) } } },
  };
}

/** A bare Pod: labels taken as given (no `app` added), for exact control over rename fingerprints. */
export function pod(ns: string, name: string, labels: Labels = {}, ports: ContainerPortSpec[] = HTTP): K8sObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: { containers: containers(ports) } };
}

export function networkPolicy(ns: string, name: string, spec: K8sObject): K8sObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

/** Common policies. */
export const policies = {
  denyIngress: (ns: string, name = 'default-deny') => networkPolicy(ns, name, { podSelector: {}, policyTypes: ['Ingress'] }),
  denyEgress: (ns: string, name = 'default-deny-egress') => networkPolicy(ns, name, { podSelector: {}, policyTypes: ['Egress'] }),
  denyAll: (ns: string, name = 'default-deny') => networkPolicy(ns, name, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
  /** Ingress to pods matching `to` from the given peers on the given TCP ports (all ports when none). */
  allowIngress: (ns: string, name: string, to: Labels, from: K8sObject[], ports: (number | string)[] = []) =>
    networkPolicy(ns, name, {
      podSelector: { matchLabels: to },
      policyTypes: ['Ingress'],
      ingress: [{ from, ...(ports.length > 0 ? { ports: ports.map((port) => ({ protocol: 'TCP', port })) } : {}) }],
    }),
};

/** Peers. */
export const peers = {
  pods: (labels: Labels): K8sObject => ({ podSelector: { matchLabels: labels } }),
  namespace: (name: string): K8sObject => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }),
  everyNamespace: (): K8sObject => ({ namespaceSelector: {} }),
  cidr: (cidr: string, except: string[] = []): K8sObject => ({ ipBlock: { cidr, ...(except.length > 0 ? { except } : {}) } }),
};

/** One manifest file of several documents. */
export function file(path: string, ...objects: K8sObject[]): SourceFile {
  return { path, text: objects.map((o) => dump(o, { lineWidth: -1, noRefs: true })).join('---\n') };
}

export function tree(...files: SourceFile[]): AnalysisInput {
  return { files };
}

/** `n` Deployments named `<prefix>-<i>` (zero-padded, so they sort as numbered). */
export function manyDeployments(ns: string, prefix: string, n: number, labels: Labels = {}, ports: ContainerPortSpec[] = HTTP): K8sObject[] {
  const width = String(n).length;
  return Array.from({ length: n }, (_, i) => deployment(ns, `${prefix}-${String(i + 1).padStart(width, '0')}`, labels, ports));
}

/** The 1-based line of the first line containing `needle` in a built file. */
export function lineOf(f: SourceFile, needle: string): number {
  const i = f.text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${f.path}`);
  return i + 1;
}

/** The default settings with some sections (or values) replaced; sections merge key by key. */
export function config(overrides: { [K in keyof Settings]?: Settings[K] extends object ? Partial<Settings[K]> : Settings[K] } = {}): Settings {
  const c = structuredClone(DEFAULT_SETTINGS);
  for (const [k, v] of Object.entries(overrides)) {
    const key = k as keyof Settings;
    const current = c[key];
    (c as unknown as Record<string, unknown>)[key] =
      current !== null && typeof current === 'object' && !Array.isArray(current) && !Array.isArray(v) && typeof v === 'object' ? { ...current, ...v } : v;
  }
  return c;
}

/** A small app. shop: web → api (same namespace), data: db admitting api; each namespace denies ingress by default. */
export const shopApp = (extra: { shopPolicies?: ReturnType<typeof networkPolicy>[]; dataPolicies?: ReturnType<typeof networkPolicy>[] } = {}): SourceFile[] => [
  file('shop/workloads.yaml', namespace('shop'), deployment('shop', 'web', { tier: 'web' }), deployment('shop', 'api', { tier: 'api' })),
  file(
    'shop/policies.yaml',
    policies.denyIngress('shop'),
    policies.allowIngress('shop', 'api-from-web', { tier: 'api' }, [peers.pods({ tier: 'web' })], [8080]),
    ...(extra.shopPolicies ?? []),
  ),
  file('data/workloads.yaml', namespace('data'), deployment('data', 'db', { tier: 'db' }, [{ name: 'postgres', containerPort: 5432 }])),
  file(
    'data/policies.yaml',
    policies.denyIngress('data'),
    policies.allowIngress('data', 'db-from-api', { tier: 'db' }, [{ ...peers.namespace('shop'), podSelector: { matchLabels: { tier: 'api' } } }], [5432]),
    ...(extra.dataPolicies ?? []),
  ),
];

export const webToDb = networkPolicy('data', 'db-from-web', {
  podSelector: { matchLabels: { tier: 'db' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ ...peers.namespace('shop'), podSelector: { matchLabels: { tier: 'web' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
});

export interface Scenario {
  base: SourceFile[];
  head: SourceFile[];
  config?: Settings;
  context?: ReviewContext;
}

/** Both trees analysed with the settings' analysis options, then review(): as the doors do. */
export function reviewTrees(base: AnalysisInput, head: AnalysisInput, settings: Settings, context: ReviewContext = {}): ReviewResult {
  const models = analysePair(base, head, analysisOptions(settings));
  return review(models.base, models.head, settings, { changedFiles: changedFiles(base.files, head.files), ...context });
}

/** review() then renderComment(), as the CLI and the bots do. */
export function reviewScenario(s: Scenario): { result: ReviewResult; markdown: string; config: Settings } {
  const cfg = s.config ?? config();
  const result = reviewTrees(tree(...s.base), tree(...s.head), cfg, s.context ?? {});
  return { result, markdown: renderComment(result, cfg.comment), config: cfg };
}

/** The 1-based line where the object named `name` starts (its `apiVersion`), as the loader locates objects. */
export function objectLine(f: SourceFile, name: string): number {
  const lines = f.text.split('\n');
  const at = lines.findIndex((l) => l === `  name: ${name}`);
  if (at < 0) throw new Error(`no object ${name} in ${f.path}`);
  for (let i = at; i >= 0; i--) if (lines[i]!.startsWith('apiVersion:')) return i + 1;
  throw new Error(`no apiVersion before ${name} in ${f.path}`);
}

/** The 1-based line of rule `index` (0-based) of `direction` in the policy named `policy` of a built file. */
export function ruleLine(f: SourceFile, policy: string, direction: 'ingress' | 'egress', index: number): number {
  const lines = f.text.split('\n');
  const start = lines.findIndex((l) => l === `  name: ${policy}`);
  if (start < 0) throw new Error(`no policy ${policy} in ${f.path}`);
  const end = lines.findIndex((l, i) => i > start && l === '---');
  const list = lines.findIndex((l, i) => i > start && (end < 0 || i < end) && l === `  ${direction}:`);
  let seen = -1;
  for (let i = list + 1; i < (end < 0 ? lines.length : end); i++) {
    if (/^ {4}- /.test(lines[i]!) && ++seen === index) return i + 1;
    if (/^ {0,2}\S/.test(lines[i]!)) break;
  }
  throw new Error(`no ${direction} rule ${index} in ${policy}`);
}
