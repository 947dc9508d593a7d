import { describeType, readLabels } from './label-selector.js';
import { FixedLocator, type Locator, PARSE_LIMITS, type ParseLimits, type ParsedDocument, parseManifestFile, utf8Bytes } from './parse-yaml.js';
import { withinTreeLimits } from './tree-limits.js';
import { Problems, isPlainObject } from './problems.js';
import { readClusterNetworkPolicy } from './read-cluster-network-policy.js';
import { readNetworkPolicy } from './read-network-policy.js';
import { setAsideHelmCharts } from './set-aside-helm-charts.js';
import { type PodFacts, readPodFacts } from './read-workload.js';
import { CLUSTER_POLICY_KINDS } from './types.js';
import type { Cluster, ClusterPolicy, ClusterPolicyKind, Diagnostic, DocumentOrigin, InvalidObject, Namespace, NetworkPolicy, SourceFile, SourceLocation, Workload, WorkloadKind } from './types.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The API versions a current API server serves for each modelled kind. Another group (a Calico
 * `NetworkPolicy`) is a different kind; a retired version of the right group is never applied.
 */
const SERVED: Record<string, { group: string; versions: readonly string[] }> = {
  Namespace: { group: '', versions: ['v1'] },
  NetworkPolicy: { group: 'networking.k8s.io', versions: ['v1'] },
  Pod: { group: '', versions: ['v1'] },
  ReplicationController: { group: '', versions: ['v1'] },
  Deployment: { group: 'apps', versions: ['v1'] },
  ReplicaSet: { group: 'apps', versions: ['v1'] },
  StatefulSet: { group: 'apps', versions: ['v1'] },
  DaemonSet: { group: 'apps', versions: ['v1'] },
  Job: { group: 'batch', versions: ['v1'] },
  CronJob: { group: 'batch', versions: ['v1'] },
  AdminNetworkPolicy: { group: 'policy.networking.k8s.io', versions: ['v1alpha1'] },
  BaselineAdminNetworkPolicy: { group: 'policy.networking.k8s.io', versions: ['v1alpha1'] },
  ClusterNetworkPolicy: { group: 'policy.networking.k8s.io', versions: ['v1alpha2'] },
};
const RETIRED_GROUPS: Record<string, readonly string[]> = { Deployment: ['extensions'], ReplicaSet: ['extensions'], DaemonSet: ['extensions'], NetworkPolicy: ['extensions'] };

/** Kinds whose names the API server limits further, and why. */
const MAX_NAME_LENGTH: Record<string, number> = { Job: 63, CronJob: 52 };
const MAX_NAME_REASON: Record<string, string> = {
  Job: 'it becomes the job-name label of its pods',
  CronJob: 'the Jobs it creates append 11 characters to it',
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const isDnsLabel = (s: string) => s.length <= 63 && DNS_LABEL.test(s);
const isDnsSubdomain = (s: string) => s.length <= 253 && DNS_SUBDOMAIN.test(s);

interface WorkloadCandidate extends PodFacts {
  namespace: string;
  kind: WorkloadKind;
  name: string;
  owner?: { kind: string; name: string };
  location: SourceLocation;
  context: boolean;
}

/** What one file holds; cached per (path, text, origin) so a file unchanged between base and head is read once. Plain data. */
export interface FileObjects {
  namespaces: Namespace[];
  workloads: WorkloadCandidate[];
  policies: NetworkPolicy[];
  clusterPolicies: ClusterPolicy[];
  diagnostics: Diagnostic[];
  invalid: InvalidObject[];
  notKubernetes: number;
  otherKinds: number;
}

/** One file read: what it holds, its locations in `path`. Plain data (structured-cloneable), so another thread may read it. */
export interface ReadManifest {
  path: string;
  objects: FileObjects;
}

/**
 * Files read ahead of the analysis (by other threads, say): what `readManifest` returned for a text
 * read as context or not, or undefined for a text the analysis must read itself.
 */
export interface ReadAhead {
  get(text: string, context: boolean, defaultNamespace: string): ReadManifest | undefined;
}

/** Parses and reads one file as the analysis does (not rendered output: its origins, not its text, decide its locations). */
export function readManifest(file: SourceFile, context: boolean, defaultNamespace: string, limits: Readonly<ParseLimits> = PARSE_LIMITS): ReadManifest {
  return { path: file.path, objects: readFile(file, parseManifestFile(file, limits), context, defaultNamespace, new ManifestCache(limits)) };
}

/**
 * Shares parsing and reading between the trees of one run (base and head): byte-identical files are
 * parsed and read once, whatever their paths. Only what was read is kept, not the parse.
 */
export class ManifestCache {
  /** By context flag and default namespace, then by the text itself (its hash is computed once and kept with it; a key made of it would copy and hash it again). */
  private readonly read = new Map<string, Map<string, ReadManifest>>();
  private readonly sources = new Map<string, ParsedDocument[]>();

  /** `limits` bound every parse of the run; `ahead` answers for the files it has read. */
  constructor(
    readonly limits: Readonly<ParseLimits> = PARSE_LIMITS,
    private readonly ahead?: ReadAhead,
  ) {}

  objects(file: SourceFile, context: boolean, defaultNamespace: string): FileObjects {
    // Rendered output is read each time: its origins, not only its text, decide its locations.
    if (file.origins) return readFile(file, parseManifestFile(file, this.limits), context, defaultNamespace, this);
    const scope = `${context ? 'c' : 'r'}\u0000${defaultNamespace}`;
    let read = this.read.get(scope);
    if (!read) this.read.set(scope, (read = new Map()));
    let entry = read.get(file.text);
    if (!entry) {
      entry = this.ahead?.get(file.text, context, defaultNamespace) ?? { path: file.path, objects: readFile(file, parseManifestFile(file, this.limits), context, defaultNamespace, this) };
      read.set(file.text, entry);
    }
    return entry.path === file.path ? entry.objects : relocate(entry.objects, entry.path, file.path);
  }

  /** Where a rendered document's fields are: in its source document when the source text is known. */
  locate(origin: DocumentOrigin): Locator {
    if (origin.text === undefined) return new FixedLocator(origin.line);
    let documents = this.sources.get(origin.text);
    if (!documents) {
      documents = parseManifestFile({ path: origin.file, text: origin.text }, this.limits).documents;
      this.sources.set(origin.text, documents);
    }
    return documents.find((d) => d.locator.line === origin.line)?.locator ?? new FixedLocator(origin.line);
  }
}

/** The objects of a file read at `from`, placed at `path` (locations in other files, a Helm template's, stay). */
function relocate(objects: FileObjects, from: string, path: string): FileObjects {
  const move = <T extends { file: string }>(l: T): T => (l.file === from ? { ...l, file: path } : l);
  const at = <T extends { location?: SourceLocation | undefined }>(o: T): T => (o.location ? { ...o, location: move(o.location) } : o);
  return {
    ...objects,
    namespaces: objects.namespaces.map(at),
    workloads: objects.workloads.map(at),
    policies: objects.policies.map((p) => ({ ...at(p), ingress: p.ingress.map(at), egress: p.egress.map(at) })),
    clusterPolicies: objects.clusterPolicies.map((p) => ({ ...at(p), ingress: p.ingress.map(at), egress: p.egress.map(at) })),
    diagnostics: objects.diagnostics.map(move),
    invalid: objects.invalid.map(move),
  };
}

const HELM_SOURCE = /^# Source: (\S.*?)\s*$/;

/**
 * Origins of the documents of `helm template` output, from the `# Source: chart/templates/x.yaml`
 * comment Helm writes after each `---`. Template lines are not known, so a document is placed at
 * line 1 of its template.
 */
function helmOrigins(text: string, documents: readonly ParsedDocument[]): (DocumentOrigin | undefined)[] | undefined {
  if (!text.includes('# Source: ')) return undefined;
  const lines = text.split('\n');
  const sourceAt: (string | undefined)[] = [];
  let current: string | undefined;
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line)) current = undefined;
    else current = HELM_SOURCE.exec(line)?.[1] ?? current;
    sourceAt[i + 1] = current;
  });
  const origins = documents.map((d) => {
    const file = sourceAt[d.locator.line];
    return file === undefined ? undefined : { file, line: 1 };
  });
  return origins.some((o) => o) ? origins : undefined;
}

function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function readFile(
  file: SourceFile,
  parsed: { documents: ParsedDocument[]; diagnostics: Diagnostic[] },
  context: boolean,
  defaultNamespace: string,
  cache: ManifestCache,
): FileObjects {
  const out: FileObjects = { namespaces: [], workloads: [], policies: [], clusterPolicies: [], diagnostics: [...parsed.diagnostics], invalid: [], notKubernetes: 0, otherKinds: 0 };
  const origins = file.origins ?? helmOrigins(file.text, parsed.documents);
  parsed.documents.forEach((doc, i) => {
    const origin = origins?.[i];
    if (origin) readObject(doc.value, cache.locate(origin), undefined, origin.file, context, defaultNamespace, out);
    else readObject(doc.value, doc.locator, undefined, file.path, context, defaultNamespace, out);
  });
  return out;
}

function readObject(
  value: unknown,
  locator: Locator,
  /** Set for a list's items: what they may omit (nothing for a plain List). */
  listDefaults: { apiVersion?: string; kind?: string } | undefined,
  file: string,
  context: boolean,
  defaultNamespace: string,
  out: FileObjects,
): void {
  if (!isPlainObject(value)) {
    out.notKubernetes++;
    return;
  }
  const apiVersion = value['apiVersion'] ?? listDefaults?.apiVersion;
  const kind = value['kind'] ?? listDefaults?.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || kind === '') {
    if (typeof kind === 'string' && lostApiVersion(kind, value)) {
      const metadata = isPlainObject(value['metadata']) ? value['metadata'] : {};
      const name = typeof metadata['name'] === 'string' ? metadata['name'] : undefined;
      const problems = new Problems(file, locator, name === undefined ? kind : `${kind} ${name}`);
      problems.error(['apiVersion'], `apiVersion is required, found ${describeType(apiVersion)} (kubectl refuses the object)`);
      out.diagnostics.push(...problems.diagnostics);
      if (name !== undefined && SERVED[kind]) noteInvalid(out, kind, name, typeof metadata['namespace'] === 'string' ? metadata['namespace'] : defaultNamespace, problems);
    } else out.notKubernetes++;
    return;
  }
  if (kind.endsWith('List') && Array.isArray(value['items'])) {
    if (listDefaults) {
      out.diagnostics.push({ file, line: locator.line, severity: 'warning', message: `nested ${kind} inside a list is not read` });
      return;
    }
    // Items of a typed list (PodList, …) may omit kind and apiVersion; items of a plain List may not.
    const defaults = kind === 'List' ? {} : { apiVersion, kind: kind.slice(0, -'List'.length) };
    const items = locator.at('items').items();
    value['items'].forEach((item, i) => readObject(item, items[i] ?? locator, defaults, file, context, defaultNamespace, out));
    return;
  }
  const served = SERVED[kind];
  const group = apiGroup(apiVersion);
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  if (!served || (served.group !== group && !RETIRED_GROUPS[kind]?.includes(group))) {
    out.otherKinds++;
    if (kind.endsWith('NetworkPolicy')) {
      out.diagnostics.push({
        file,
        line: locator.line,
        severity: 'info',
        message: `${apiVersion} ${kind} is not analysed: only networking.k8s.io/v1 NetworkPolicy and the policy.networking.k8s.io cluster policies are modelled`,
      });
    }
    return;
  }
  if (served.group !== group || !served.versions.includes(version)) {
    out.diagnostics.push({
      file,
      line: locator.line,
      severity: 'error',
      message: `${kind} ${apiVersion} is left out of the analysis: the API server does not serve that version (use ${served.group ? `${served.group}/` : ''}${served.versions[0]})`,
    });
    return;
  }
  const metadata = value['metadata'];
  const problems = new Problems(file, locator, kind);
  if (!isPlainObject(metadata)) {
    problems.error(['metadata'], `metadata is required, found ${describeType(metadata)}`);
    out.diagnostics.push(...problems.diagnostics);
    return;
  }
  // An object created with only generateName gets a generated name; it still applies.
  const generated = typeof metadata['generateName'] === 'string' && metadata['generateName'] !== '' && (metadata['name'] === undefined || metadata['name'] === null);
  const name = generated ? `${metadata['generateName'] as string}*` : metadata['name'];
  if (typeof name !== 'string' || name === '') {
    problems.error(['metadata', 'name'], `metadata.name is required, found ${describeType(metadata['name'])}`);
    out.diagnostics.push(...problems.diagnostics);
    return;
  }
  const validName = kind === 'Namespace' ? isDnsLabel(name) : isDnsSubdomain(generated ? name.slice(0, -1) + 'x' : name);
  const maxLength = MAX_NAME_LENGTH[kind];
  if (validName && maxLength !== undefined && name.length > maxLength) {
    problems.error(['metadata', 'name'], `a ${kind} name must be no more than ${maxLength} characters (${MAX_NAME_REASON[kind]})`);
    out.diagnostics.push(...problems.diagnostics);
    return;
  }
  if (!validName) {
    problems.error(['metadata', 'name'], `${JSON.stringify(name)} is not a valid name: ${kind === 'Namespace' ? 'a DNS label' : 'a DNS subdomain'} (lowercase letters, digits, '-'${kind === 'Namespace' ? '' : " and '.'"}, starting and ending with a letter or digit)`);
    out.diagnostics.push(...problems.diagnostics);
    return;
  }
  if ((CLUSTER_POLICY_KINDS as readonly string[]).includes(kind)) {
    const subject = new Problems(file, locator, `${kind} ${name}`);
    const policy = readClusterNetworkPolicy(value, { kind: kind as ClusterPolicyKind, apiVersion, name }, subject, file, locator, context);
    out.diagnostics.push(...subject.diagnostics);
    if (policy) out.clusterPolicies.push(policy);
    else noteInvalid(out, kind, name, '', subject);
    return;
  }
  const rawNamespace = metadata['namespace'];
  if (rawNamespace !== undefined && rawNamespace !== null && (typeof rawNamespace !== 'string' || !isDnsLabel(rawNamespace))) {
    problems.error(['metadata', 'namespace'], `metadata.namespace must be a namespace name (a DNS label), found ${describeType(rawNamespace)}`);
    out.diagnostics.push(...problems.diagnostics);
    return;
  }
  const namespace = typeof rawNamespace === 'string' ? rawNamespace : defaultNamespace;
  const location = { file, line: locator.line };
  if (kind === 'Namespace') {
    const subject = new Problems(file, locator, `Namespace ${name}`);
    const labels = readLabels(metadata['labels'], subject, ['metadata', 'labels']);
    out.diagnostics.push(...subject.diagnostics);
    if (labels) out.namespaces.push({ name, labels: { ...labels, [NAMESPACE_NAME_LABEL]: name }, location, context });
    else noteInvalid(out, kind, name, '', subject);
    return;
  }
  const subject = new Problems(file, locator, `${kind} ${namespace}/${name}`);
  if (kind === 'NetworkPolicy') {
    const policy = readNetworkPolicy(value, { namespace, name }, subject, file, locator, context);
    out.diagnostics.push(...subject.diagnostics);
    if (policy) out.policies.push(policy);
    else noteInvalid(out, kind, name, namespace, subject);
    return;
  }
  const workloadKind = kind as WorkloadKind;
  const facts = readPodFacts(value, workloadKind, subject);
  out.diagnostics.push(...subject.diagnostics);
  if (!facts) {
    noteInvalid(out, kind, name, namespace, subject);
    return;
  }
  const candidate: WorkloadCandidate = { ...facts, namespace, kind: workloadKind, name, location, context };
  const owner = controllerOf(metadata['ownerReferences']);
  if (owner) candidate.owner = owner;
  out.workloads.push(candidate);
}

/** Records an object its reader refused, at its first error (`namespace` is not read for cluster-scoped kinds). */
function noteInvalid(out: FileObjects, kind: string, name: string, namespace: string, problems: Problems): void {
  const first = problems.diagnostics.find((d) => d.severity === 'error');
  if (first) out.invalid.push({ kind, id: objectId(kind, name, namespace), file: first.file, line: first.line, problem: first.message });
}

/**
 * A manifest of a modelled kind (with its metadata), or a list of items, that has no apiVersion: an
 * object the change meant to apply, not some other YAML that happens to have a `kind`.
 */
function lostApiVersion(kind: string, value: Record<string, unknown>): boolean {
  return (SERVED[kind] !== undefined && isPlainObject(value['metadata'])) || (kind.endsWith('List') && Array.isArray(value['items']));
}

/** The id a valid object of a modelled kind would have (see InvalidObject). */
function objectId(kind: string, name: string, namespace: string): string {
  if (kind === 'Namespace') return name;
  if ((CLUSTER_POLICY_KINDS as readonly string[]).includes(kind)) return `${kind}/${name}`;
  return kind === 'NetworkPolicy' ? `${namespace}/${name}` : `${namespace}/${kind}/${name}`;
}

function controllerOf(refs: unknown): { kind: string; name: string } | undefined {
  if (!Array.isArray(refs)) return undefined;
  for (const ref of refs) {
    if (isPlainObject(ref) && ref['controller'] === true && typeof ref['kind'] === 'string' && typeof ref['name'] === 'string') {
      return { kind: ref['kind'], name: ref['name'] };
    }
  }
  return undefined;
}

/** Keeps the last object of each id (files in path order) and reports the ones it replaces. */
function lastWins<T extends { location: SourceLocation }>(
  items: Iterable<T>,
  idOf: (item: T) => string,
  label: string,
  diagnostics: Diagnostic[],
): Map<string, T> {
  const byId = new Map<string, T>();
  for (const item of items) {
    const id = idOf(item);
    const previous = byId.get(id);
    if (previous) {
      diagnostics.push({
        file: item.location.file,
        line: item.location.line,
        severity: 'warning',
        message: `${label} ${id} is defined more than once; this definition replaces the one at ${previous.location.file}:${previous.location.line}`,
      });
      byId.delete(id);
    }
    byId.set(id, item);
  }
  return byId;
}

export interface LoadOptions {
  defaultNamespace: string;
  /** Checked before each file: throws when the time budget is spent. */
  budget?: { check(): void };
}

export function byPath(a: SourceFile, b: SourceFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * The files of a tree the loader reads, in the order it reads them: the context first (so that the
 * tree's bounds leave out the tree's own files before it), within the bounds (`withinTreeLimits`),
 * Helm charts' sources set aside. `diagnostics` name the files past the bounds; each group's, the
 * charts set aside.
 */
export function filesToLoad(
  files: readonly SourceFile[],
  context: readonly SourceFile[],
  limits: Readonly<ParseLimits>,
): { diagnostics: Diagnostic[]; groups: { context: boolean; files: SourceFile[]; diagnostics: Diagnostic[] }[] } {
  const bounded = withinTreeLimits([...[...context].sort(byPath), ...[...files].sort(byPath)], limits, (f) => utf8Bytes(f.text), (f) => 3 * f.text.length);
  const kept = new Set(bounded.files);
  const group = (given: readonly SourceFile[], isContext: boolean) => {
    const charts = setAsideHelmCharts(given.filter((f) => kept.has(f)));
    return { context: isContext, files: charts.files.sort(byPath), diagnostics: charts.diagnostics };
  };
  return { diagnostics: bounded.diagnostics, groups: [group(context, true), group(files, false)] };
}

/** Loads one tree (and its cluster context) into typed objects with diagnostics. Pure: files in, objects out. */
export function loadCluster(
  files: readonly SourceFile[],
  context: readonly SourceFile[],
  options: LoadOptions,
  cache: ManifestCache = new ManifestCache(),
): Cluster {
  const diagnostics: Diagnostic[] = [];
  const all: FileObjects[] = [];
  let notKubernetes = 0;
  let otherKinds = 0;
  const toLoad = filesToLoad(files, context, cache.limits);
  diagnostics.push(...toLoad.diagnostics);
  for (const group of toLoad.groups) {
    diagnostics.push(...group.diagnostics);
    for (const file of group.files) {
      options.budget?.check();
      const objects = cache.objects(file, group.context, options.defaultNamespace);
      all.push(objects);
      diagnostics.push(...objects.diagnostics);
      notKubernetes += objects.notKubernetes;
      otherKinds += objects.otherKinds;
    }
  }
  const namespaceObjects = lastWins(
    all.flatMap((o) => o.namespaces.map((n) => ({ ...n, location: n.location! }))),
    (n) => n.name,
    'Namespace',
    diagnostics,
  );
  const candidates = lastWins(all.flatMap((o) => o.workloads), (w) => `${w.namespace}/${w.kind}/${w.name}`, 'workload', diagnostics);
  const policies = lastWins(all.flatMap((o) => o.policies), (p) => p.id, 'NetworkPolicy', diagnostics);
  const clusterPolicies = [...lastWins(all.flatMap((o) => o.clusterPolicies), (p) => p.id, 'cluster policy', diagnostics).values()];
  const mixed = mixedVersions(clusterPolicies);
  if (mixed) diagnostics.push(mixed);

  const workloads: Workload[] = [];
  for (const [id, c] of candidates) {
    if (c.owner && candidates.has(`${c.namespace}/${c.owner.kind}/${c.owner.name}`)) continue;
    const workload: Workload = {
      id,
      namespace: c.namespace,
      kind: c.kind,
      name: c.name,
      labels: c.labels,
      ports: c.ports,
      location: c.location,
      context: c.context,
    };
    if (c.podIPs) workload.podIPs = c.podIPs;
    if (c.hostNetwork) workload.hostNetwork = true;
    workloads.push(workload);
  }
  const namespaces = new Map<string, Namespace>(namespaceObjects);
  for (const name of [...workloads.map((w) => w.namespace), ...[...policies.values()].map((p) => p.namespace)]) {
    if (!namespaces.has(name)) namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, context: false });
  }
  return {
    namespaces: [...namespaces.values()],
    workloads,
    policies: [...policies.values()],
    clusterPolicies,
    diagnostics,
    invalid: all.flatMap((o) => o.invalid),
    skipped: { notKubernetes, otherKinds },
  };
}


/** v1alpha1 (ANP, BANP) and v1alpha2 (ClusterNetworkPolicy) in one tree: no cluster runs both; say how they are combined. */
function mixedVersions(policies: readonly ClusterPolicy[]): Diagnostic | undefined {
  const v2 = policies.find((p) => p.kind === 'ClusterNetworkPolicy');
  const v1 = policies.find((p) => p.kind !== 'ClusterNetworkPolicy');
  if (!v1 || !v2) return undefined;
  return {
    file: v2.location.file,
    line: v2.location.line,
    severity: 'warning',
    message: `policy.networking.k8s.io v1alpha1 (${v1.id} at ${v1.location.file}:${v1.location.line}) and v1alpha2 (${v2.id}) cluster policies are mixed in one tree: they are combined as Admin tier (AdminNetworkPolicies and tier Admin ClusterNetworkPolicies together by priority, equal priorities as ties), NetworkPolicies, then Baseline tier (tier Baseline ClusterNetworkPolicies by priority, then the BaselineAdminNetworkPolicy)`,
  };
}
