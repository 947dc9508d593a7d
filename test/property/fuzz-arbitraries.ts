/**
 * Garbage for the fuzz properties: valid manifests of every modelled shape (SEEDS), mutated as
 * objects (a field deleted, retyped, aliased to another; a document duplicated) and then as text
 * (truncated, a line duplicated or deleted, hostile fragments inserted), plus files of random bytes,
 * random strings and random YAML. Every case also holds SANCTUARY, one untouched valid file whose
 * workloads live in a namespace no seed names, and sometimes CLEAN_WORKLOADS, the seeds' workloads.
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import type { ParseLimits, SourceFile } from '../../src/index.js';
import { HOSTILE_PIECES } from '../report/hostile.js';

const utf8 = new TextEncoder();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Doc = Record<string, unknown>;

const NS = 'fuzz';
const template = (labels: Record<string, string>, containers: unknown[]) => ({ metadata: { labels }, spec: { containers } });

/** One valid manifest of each shape the loader reads; together they load without an error. */
export const SEEDS: readonly Doc[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { team: 'fuzz', env: 'prod' } } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS, labels: { app: 'web' } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web', tier: 'front' }, [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }]) },
  },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: NS, labels: { app: 'client' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] }, status: { podIPs: [{ ip: '10.1.2.3' }] } },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: NS },
    spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template({ app: 'db', tier: 'data' }, [{ name: 'pg', image: 'postgres', ports: [{ name: 'pg', containerPort: 5432, protocol: 'TCP' }] }]) },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'gc', namespace: NS },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'gc' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'gc', image: 'gc' }] } } } } },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    spec: { selector: { matchLabels: { 'k8s-app': 'kube-dns' } }, template: template({ 'k8s-app': 'kube-dns' }, [{ name: 'dns', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] }]) },
  },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'db-from-web', namespace: NS },
    spec: {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { team: 'fuzz' } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] } }],
          ports: [{ port: 'pg', protocol: 'TCP' }, { port: 6000, endPort: 6010 }],
        },
      ],
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'egress-out', namespace: NS },
    spec: {
      podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }, { key: 'tier', operator: 'NotIn', values: ['data'] }] },
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '192.168.0.0/16'] } }, { ipBlock: { cidr: '2001:db8::/32' } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'SCTP' }] },
        { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }] },
      ],
    },
  },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web-open', namespace: NS }, spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{}] } },
  {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name: 'fuzz-admin' },
    spec: {
      priority: 10,
      subject: { namespaces: { matchLabels: { team: 'fuzz' } } },
      ingress: [{ name: 'deny-others', action: 'Deny', from: [{ namespaces: { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['fuzz'] }] } }], ports: [{ portNumber: { protocol: 'TCP', port: 5432 } }] }],
      egress: [
        { action: 'Pass', to: [{ networks: ['10.0.0.0/8'] }], ports: [{ portRange: { start: 1000, end: 2000 } }] },
        { action: 'Allow', to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } } }], ports: [{ namedPort: 'pg' }] },
      ],
    },
  },
  {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: { subject: { pods: { namespaceSelector: { matchLabels: { team: 'fuzz' } }, podSelector: {} } }, ingress: [{ action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'client' } } } }] }] },
  },
  {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: 'fuzz-dns' },
    spec: {
      tier: 'Admin',
      priority: 20,
      subject: { namespaces: { matchLabels: { team: 'fuzz' } } },
      egress: [{ action: 'Accept', to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } }], protocols: [{ udp: { destinationPort: { number: 53 } } }] }],
    },
  },
];

/** The untouched valid file: a Deployment and a StatefulSet in their own namespace, and a policy between them. */
export const SANCTUARY: SourceFile = {
  path: 'apps/sanctuary.yaml',
  text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: sanctuary
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: store
  namespace: sanctuary
spec:
  serviceName: store
  selector: {matchLabels: {app: store}}
  template:
    metadata: {labels: {app: store}}
    spec:
      containers: [{name: store, image: store, ports: [{name: pg, containerPort: 5432}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: store-from-api
  namespace: sanctuary
spec:
  podSelector: {matchLabels: {app: store}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: pg}]
`,
};
export const SANCTUARY_WORKLOADS = ['sanctuary/Deployment/api', 'sanctuary/StatefulSet/store'] as const;

/** Strings that mean something to YAML, Kubernetes, markdown, Mermaid or a terminal. */
const NASTY_STRINGS = [
  ...HOSTILE_PIECES,
  '\u202e',
  '\u200f',
  '\u0000',
  '\ufeff',
  '\u001b[31m',
  '\ud800',
  'yes',
  'on',
  '0x1F',
  '0o17',
  '1e3',
  '1_000',
  '12:30:00',
  '~',
  '',
  ' ',
  '-',
  '*',
  '0.0.0.0/0',
  '::/0',
  '10.0.0.0/33',
  'TCP',
  'udp',
  '65536',
  'kube-system',
  'k8s-app',
];

const nastyString = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
const smallJson: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;

/** A value of any YAML type, to put where another type was. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer({ min: -70_000, max: 70_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(nastyString, fc.integer(), smallJson), { maxLength: 3 }),
  fc.dictionary(nastyString, smallJson, { maxKeys: 3 }),
);

/** A mutation of a document as an object; `at` and `from` pick among its paths (modulo their number). */
type ObjectMutation =
  | { op: 'delete'; at: number }
  | { op: 'retype'; at: number; value: unknown }
  | { op: 'alias'; at: number; from: number }
  | { op: 'add'; at: number; key: string; value: unknown };

const objectMutationArb: fc.Arbitrary<ObjectMutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: anyValue }) },
  fc.record({ op: fc.constant('alias' as const), at: fc.nat(), from: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: nastyString, value: anyValue }),
);

type PathSegment = string | number;

/** Every path to a value inside `value` (not the root), depth first, each object entered once (aliases make cycles). */
function pathsOf(value: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = [], seen = new Set<object>()): PathSegment[][] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  for (const [k, v] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(k) : k];
    out.push(path);
    pathsOf(v, path, out, seen);
  }
  return out;
}

function containerAt(root: unknown, path: readonly PathSegment[]): Record<PathSegment, unknown> {
  let at = root as Record<PathSegment, unknown>;
  for (const segment of path.slice(0, -1)) at = at[segment] as Record<PathSegment, unknown>;
  return at;
}

const getAt = (root: unknown, path: readonly PathSegment[]): unknown => containerAt(root, path)[path[path.length - 1]!];

function applyObjectMutation(doc: Doc, m: ObjectMutation): void {
  const paths = pathsOf(doc);
  if (paths.length === 0) return;
  const path = paths[m.at % paths.length]!;
  const parent = containerAt(doc, path);
  const last = path[path.length - 1]!;
  switch (m.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      return;
    case 'retype':
      parent[last] = m.value;
      return;
    case 'alias': {
      // The same object in two places: dumped as an anchor and an alias (a cycle when one holds the other).
      const source = getAt(doc, paths[m.from % paths.length]!);
      parent[last] = source !== null && typeof source === 'object' ? source : structuredClone(source);
      return;
    }
    case 'add': {
      const target = parent[last];
      if (Array.isArray(target)) target.push(m.value);
      else if (target !== null && typeof target === 'object') (target as Record<string, unknown>)[m.key] = m.value;
      else parent[last] = { [m.key]: m.value };
      return;
    }
  }
}

/** Fragments inserted into the text: YAML syntax, anchors and tags, hostile text. */
const FRAGMENTS = [
  '- ',
  ': ',
  ':',
  '{',
  '}',
  '[',
  ']',
  ', ',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!binary ',
  '!!js/function ',
  '!<tag:yaml.org,2002:str> ',
  '!!map ',
  '%YAML 1.1\n',
  '\n---\n',
  '\n...\n',
  '\t',
  '? ',
  '|\n',
  '>-\n',
  '"',
  "'",
  ' # ',
  '\n  ',
  '\r',
  '\r\n',
  '{{ .Values.x }}',
  '\u2028',
  ...NASTY_STRINGS,
];

/** A small billion-laughs: each level references the previous one ten times. */
export function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

type TextMutation =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicate-line'; at: number }
  | { op: 'delete-line'; at: number }
  | { op: 'alias-bomb'; levels: number };

const textMutationArb: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })) }) },
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  { weight: 1, arbitrary: fc.record({ op: fc.constant('alias-bomb' as const), levels: fc.integer({ min: 1, max: 7 }) }) },
);

function applyTextMutation(text: string, m: TextMutation): string {
  switch (m.op) {
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'duplicate-line':
    case 'delete-line': {
      const lines = text.split('\n');
      const at = m.at % lines.length;
      lines.splice(at, m.op === 'delete-line' ? 1 : 0, ...(m.op === 'duplicate-line' ? [lines[at]!] : []));
      return lines.join('\n');
    }
    case 'alias-bomb':
      return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}---\n${aliasBomb(m.levels)}`;
  }
}

type Layout = 'yaml' | 'json' | 'json-list' | 'yaml-list';

/** Documents as one file's text; aliases kept (shared objects become anchors). */
function serialize(docs: readonly Doc[], layout: Layout): string {
  const yaml = (value: unknown) => dump(value, { skipInvalid: true });
  const json = (value: unknown) => {
    try {
      return `${JSON.stringify(value, null, 2)}\n`;
    } catch {
      return yaml(value); // a cycle: JSON cannot say it, YAML can
    }
  };
  switch (layout) {
    case 'yaml':
      return docs.map(yaml).join('---\n');
    case 'json':
      return docs.map(json).join('---\n');
    case 'json-list':
      return json({ apiVersion: 'v1', kind: 'List', items: docs });
    case 'yaml-list':
      return yaml({ apiVersion: 'v1', kind: 'List', items: docs });
  }
}

/** Seeds by index, each with up to three object mutations; a document may be duplicated. */
const mutatedDocsArb = fc
  .array(fc.record({ seed: fc.nat({ max: SEEDS.length - 1 }), mutations: fc.array(objectMutationArb, { maxLength: 3 }), duplicate: fc.nat({ max: 6 }).map((n) => n === 0) }), { minLength: 1, maxLength: 4 })
  .map((picks) =>
    picks.flatMap((p) => {
      const doc = structuredClone(SEEDS[p.seed]!) as Doc;
      for (const m of p.mutations) applyObjectMutation(doc, m);
      return p.duplicate ? [doc, doc] : [doc];
    }),
  );

const layoutArb = fc.constantFrom<Layout>('yaml', 'yaml', 'yaml', 'json', 'json-list', 'yaml-list');

/** A file of mutated seeds, text-mutated too. */
const mutatedTextArb = fc
  .tuple(mutatedDocsArb, layoutArb, fc.array(textMutationArb, { maxLength: 3 }))
  .map(([docs, layout, mutations]) => mutations.reduce(applyTextMutation, serialize(docs, layout)));

/** A random Kubernetes-looking object: a modelled kind and version, random metadata and spec. */
const randomObjectArb = fc
  .record({
    kind: fc.constantFrom(...new Set(SEEDS.map((s) => `${s['apiVersion'] as string} ${s['kind'] as string}`))),
    name: fc.oneof(fc.constantFrom('a', 'web', 'db', 'x.y'), nastyString),
    namespace: fc.oneof(fc.constantFrom(NS, 'default', undefined), nastyString),
    spec: fc.oneof(smallJson, fc.dictionary(fc.constantFrom('podSelector', 'ingress', 'egress', 'policyTypes', 'subject', 'priority', 'tier', 'template', 'containers', 'selector'), anyValue, { maxKeys: 4 })),
  })
  .map(({ kind, name, namespace, spec }) => {
    const [apiVersion, k] = kind.split(' ');
    return dump({ apiVersion, kind: k, metadata: namespace === undefined ? { name } : { name, namespace }, spec }, { skipInvalid: true });
  });

/** Text that is not a manifest: random bytes (as UTF-8 and as Latin-1), random strings, random YAML. */
const randomTextArb = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => new TextDecoder().decode(bytes)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => String.fromCharCode(...bytes)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join('')),
  fc.jsonValue({ maxDepth: 4 }).map((v) => dump(v, { skipInvalid: true })),
  fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }).map((vs) => vs.map((v) => dump(v, { skipInvalid: true })).join('---\n')),
  randomObjectArb,
);

/** File names: plain, and ones a markdown renderer must escape. */
const NAMES = ['policies.yaml', 'workloads.yml', 'x.json', '</details> *x* `y`.yaml', '@everyone #1.yaml', '\u202eevil.yaml', 'a|b.yaml', '[x](javascript:alert(1)).yaml'];

const garbageFilesArb = fc
  .array(fc.tuple(fc.oneof({ weight: 3, arbitrary: mutatedTextArb }, { weight: 1, arbitrary: randomTextArb }), fc.constantFrom(...NAMES)), { minLength: 1, maxLength: 3 })
  .map((files) => files.map(([text, name], i): SourceFile => ({ path: `garbage/${i}/${name}`, text })));

/** The seeds as they are, one file. */
export const CLEAN_SEEDS: SourceFile = { path: 'garbage/0/policies.yaml', text: serialize(SEEDS, 'yaml') };
/** The seeds' workloads, untouched, so that garbage policies change paths between endpoints of both sides. */
export const CLEAN_WORKLOADS: SourceFile = { path: 'apps/workloads.yaml', text: serialize(SEEDS.filter((s) => s['spec'] && !String(s['kind']).endsWith('Policy')), 'yaml') };

export interface FuzzCase {
  /** Garbage on the head only, on the base only (head clean), or on both. */
  where: 'head' | 'base' | 'both';
  base: SourceFile[];
  head: SourceFile[];
  /** Cluster context (read from the base for both sides, as the doors do): sometimes garbage too. */
  context: SourceFile[];
  /** Parse limits tighter than the defaults, sometimes. */
  limits: Partial<Pick<ParseLimits, 'maxFileBytes' | 'maxFiles' | 'maxTotalBytes' | 'maxDocumentsPerFile' | 'maxDepth' | 'maxAliasesPerDocument' | 'maxExpandedNodes'>>;
  /** The comment's budget. */
  maxCharacters: number;
}

const limitsArb = fc.record(
  {
    // Never so tight that the sanctuary (first of the tree's files in path order, after the context; 3
    // documents, under 1,000 bytes) is left out: the context's files and bytes are added below.
    maxFileBytes: fc.integer({ min: 2_000, max: 20_000 }),
    maxFiles: fc.integer({ min: 1, max: 4 }),
    maxTotalBytes: fc.integer({ min: 1_000, max: 20_000 }),
    maxDocumentsPerFile: fc.integer({ min: 3, max: 12 }),
    maxDepth: fc.integer({ min: 12, max: 64 }),
    maxAliasesPerDocument: fc.integer({ min: 1, max: 50 }),
    maxExpandedNodes: fc.integer({ min: 200, max: 5_000 }),
  },
  { requiredKeys: [] },
);

function fuzzCase(workloads: fc.Arbitrary<boolean>, maxCharacters: fc.Arbitrary<number>): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      where: fc.constantFrom<FuzzCase['where']>('head', 'head', 'base', 'both'),
      workloads,
      base: garbageFilesArb,
      head: garbageFilesArb,
      context: fc.oneof({ weight: 3, arbitrary: fc.constant<SourceFile[]>([]) }, { weight: 1, arbitrary: garbageFilesArb.map((files) => files.slice(0, 1).map((f) => ({ ...f, path: `context/${f.path}` }))) }),
      limits: fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: limitsArb }),
      maxCharacters,
    })
    .map(({ where, workloads, base, head, context, limits, maxCharacters }) => {
      const valid = workloads ? [SANCTUARY, CLEAN_WORKLOADS] : [SANCTUARY];
      const bounds = { ...limits };
      if (bounds.maxFiles !== undefined) bounds.maxFiles += context.length;
      if (bounds.maxTotalBytes !== undefined) bounds.maxTotalBytes += context.reduce((n, f) => n + utf8.encode(f.text).length, 0);
      return { where, base: [...valid, ...(where === 'head' ? [CLEAN_SEEDS] : base)], head: [...valid, ...(where === 'base' ? [CLEAN_SEEDS] : head)], context, limits: bounds, maxCharacters };
    });
}

/** Garbage beside the sanctuary (and sometimes the seeds' workloads), under any comment budget. */
export const fuzzCaseArb = fuzzCase(fc.boolean(), fc.oneof(fc.constant(60_000), fc.integer({ min: 2_000, max: 65_536 })));
/** Cases that change paths more often and leave room for the picture: the seeds' workloads on both sides, the largest budget. */
export const diagramCaseArb = fuzzCase(fc.constant(true), fc.constant(65_536));

/** A case as text a reader can paste into a unit test. */
export function describeFuzzCase(c: FuzzCase): string {
  const files = (side: SourceFile[]) => side.filter((f) => f !== SANCTUARY && f !== CLEAN_WORKLOADS).map((f) => `  ${JSON.stringify(f.path)}: ${JSON.stringify(f.text)}`);
  return [`where: ${c.where}, limits: ${JSON.stringify(c.limits)}, maxCharacters: ${c.maxCharacters}`, '--- base (besides the sanctuary and the clean workloads) ---', ...files(c.base), '--- head (besides the sanctuary and the clean workloads) ---', ...files(c.head), '--- context ---', ...files(c.context)].join('\n');
}
