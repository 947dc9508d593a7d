/**
 * A deterministic generator of realistic Kubernetes manifest trees for the benchmark.
 *
 * `generateCluster({ namespaces: N, workloadsPerNamespace: W, seed })` returns two trees of YAML
 * files, `base` and `head` (a PR's before and after):
 *
 * - shared namespaces: `kube-system` (CoreDNS), `ingress-nginx` (the controller; no policies, so
 *   not isolated) and `monitoring` (prometheus, 5 policies);
 * - N application namespaces `ns-0000` … with `team`/`env` labels, one file each
 *   (`ns-0042/manifests.yaml`), holding the Namespace, W workloads (Deployments and StatefulSets in
 *   five tiers: web, api, worker, db, cache, with named container ports) and 10 NetworkPolicies
 *   (11 in about a quarter of them): see `namespacePolicies` below;
 * - cluster-wide: 50 Admin tier and 5 Baseline tier ClusterNetworkPolicies (bench/cluster-policies.ts);
 * - head = base plus four edits in four different namespaces (see `HeadEdit`): a loosened
 *   selector, a removed default deny, a new wide allow (`namespaceSelector: {}`) and a changed
 *   port; and a fifth: one Admin policy moved from priority 30 to 999. `edits` describes them.
 *
 * Same arguments → byte-identical output: the only randomness is a seeded mulberry32, and each
 * namespace draws from its own stream (derived from the seed and its index), so `ns-0042` is the
 * same text whatever N is. The YAML is written by hand (not dumped), with comments, the way people
 * write it; every string that YAML 1.1 would read as something else (versions, `on`, `yes` …) is
 * quoted or avoided.
 */

import { ADMIN_POLICIES, BASELINE_POLICIES, MOVED_POLICY, clusterPolicyFiles } from './cluster-policies.js';

/** The egress rule api and worker pods share: this namespace's db and cache tiers on their named ports. */
const DB_AND_CACHE_EGRESS_RULE = `  - to:
      - podSelector:
          matchExpressions:
            - key: tier
              operator: In
              values: [db, cache]
    ports:
      - protocol: TCP
        port: postgres
      - protocol: TCP
        port: redis
`;

export interface GenerateOptions {
  namespaces: number;
  workloadsPerNamespace: number;
  seed: number;
  /**
   * A heavy head on top of the five edits: every fifth namespace also drops both of its
   * default-deny policies, so its worker tier (selected by no other policy) accepts from and
   * reaches every pod that is not isolated: thousands of opened paths at 10,000 workloads.
   */
  heavy?: boolean;
}

export interface GeneratedFile {
  path: string;
  text: string;
}

export interface TreeStats {
  namespaces: number;
  workloads: number;
  policies: number;
  files: number;
  bytes: number;
}

export type HeadEditKind = 'loosened-selector' | 'removed-default-deny' | 'removed-default-denies' | 'new-wide-allow' | 'changed-port' | 'moved-priority';

export interface HeadEdit {
  kind: HeadEditKind;
  namespace: string;
  file: string;
  description: string;
}

export interface GeneratedCluster {
  base: GeneratedFile[];
  head: GeneratedFile[];
  /** What head changes, in the order applied. */
  edits: HeadEdit[];
  stats: { base: TreeStats; head: TreeStats };
}

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a tiny, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed and a stream number into a new 32-bit seed (murmur3's finaliser). */
function mix(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hiInclusive: number): number {
    return lo + Math.floor(this.next() * (hiInclusive - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------------------------------------
// The model the YAML is written from

type Tier = 'web' | 'api' | 'worker' | 'db' | 'cache';
type Env = 'prod' | 'staging' | 'dev';

interface Port {
  name: string;
  port: number;
  protocol?: 'UDP';
}

interface Container {
  name: string;
  image: string;
  ports: Port[];
  cpu: string;
  memory: string;
  probe?: string;
}

interface WorkloadModel {
  name: string;
  kind: 'Deployment' | 'StatefulSet';
  tier: Tier;
  replicas: number;
  version: string;
  canary: boolean;
  containers: Container[];
  storage?: string;
}

interface NamespaceModel {
  index: number;
  name: string;
  team: string;
  env: Env;
  costCenter: string;
  workloads: WorkloadModel[];
  /** Another namespace whose api tier may call this one's on `http` (about a quarter have one). */
  partner?: string;
}

const TEAMS = [
  'checkout',
  'search',
  'identity',
  'billing',
  'catalog',
  'growth',
  'logistics',
  'messaging',
  'analytics',
  'platform',
  'sandbox',
  'legacy',
] as const;
/** Teams whose namespaces other namespaces' api tiers do not accept calls from. */
const UNTRUSTED_TEAMS = ['sandbox', 'legacy'] as const;

const ENVS: readonly (readonly [Env, number])[] = [
  ['prod', 0.5],
  ['staging', 0.3],
  ['dev', 0.2],
];

const TIER_WEIGHTS: readonly (readonly [Tier, number])[] = [
  ['web', 0.2],
  ['api', 0.35],
  ['worker', 0.15],
  ['db', 0.12],
  ['cache', 0.18],
];

const WORDS: Record<Tier, readonly string[]> = {
  web: ['storefront', 'portal', 'dashboard', 'admin', 'landing', 'docs', 'console', 'status'],
  api: [
    'orders',
    'users',
    'catalog',
    'search',
    'pricing',
    'inventory',
    'auth',
    'billing',
    'notifications',
    'reviews',
    'shipping',
    'profile',
    'recommendations',
    'cart',
    'payments',
    'ledger',
  ],
  worker: ['mailer', 'indexer', 'exporter', 'reconciler', 'thumbnailer', 'scheduler', 'importer', 'webhooks'],
  db: ['orders', 'users', 'ledger', 'catalog', 'events', 'accounts'],
  cache: ['sessions', 'rates', 'features', 'tokens', 'pages'],
};

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

function nsName(i: number): string {
  return `ns-${pad4(i)}`;
}

function buildNamespace(index: number, total: number, seed: number, perNamespace: number): NamespaceModel {
  const rng = new Rng(mix(seed, index));
  const name = nsName(index);
  const team = rng.pick(TEAMS);
  const env = rng.weighted(ENVS);
  const costCenter = `cc-${rng.int(100, 999)}`;
  const used = new Set<string>();
  const workloads: WorkloadModel[] = [];
  const firstTiers: Tier[] = ['web', 'api', 'worker', 'db', 'cache'];
  for (let j = 0; j < perNamespace; j++) {
    const tier = j < firstTiers.length ? firstTiers[j]! : rng.weighted(TIER_WEIGHTS);
    const base = `${rng.pick(WORDS[tier])}-${tier}`;
    let wname = base;
    for (let k = 2; used.has(wname); k++) wname = `${base}-${k}`;
    used.add(wname);
    workloads.push(buildWorkload(rng, wname, tier, team));
  }
  let partner: string | undefined;
  if (total > 1 && rng.chance(0.25)) {
    let p = rng.int(0, total - 2);
    if (p >= index) p++;
    partner = nsName(p);
  }
  return { index, name, team, env, costCenter, workloads, ...(partner ? { partner } : {}) };
}

function buildWorkload(rng: Rng, name: string, tier: Tier, team: string): WorkloadModel {
  const version = `${rng.int(0, 4)}.${rng.int(0, 30)}.${rng.int(0, 12)}`;
  const app = (ports: Port[], probe?: string): Container => ({
    name: 'app',
    image: `registry.example.com/${team}/${name}:${version}`,
    ports,
    cpu: rng.pick(['50m', '100m', '250m', '500m']),
    memory: rng.pick(['128Mi', '256Mi', '512Mi', '1Gi']),
    ...(probe ? { probe } : {}),
  });
  const exporter = (image: string, port: number): Container => ({
    name: 'exporter',
    image,
    ports: [{ name: 'metrics', port }],
    cpu: '50m',
    memory: '64Mi',
  });
  switch (tier) {
    case 'web':
      return {
        name,
        kind: 'Deployment',
        tier,
        replicas: rng.int(2, 6),
        version,
        canary: rng.chance(0.1),
        containers: [
          app(
            [
              { name: 'http', port: 8080 },
              { name: 'metrics', port: 9100 },
            ],
            'http',
          ),
        ],
      };
    case 'api': {
      const ports: Port[] = [
        { name: 'http', port: 8080 },
        { name: 'grpc', port: 9090 },
        { name: 'metrics', port: 9100 },
      ];
      if (rng.chance(0.3)) ports.push({ name: 'admin', port: 9091 });
      return {
        name,
        kind: 'Deployment',
        tier,
        replicas: rng.int(2, 8),
        version,
        canary: rng.chance(0.1),
        containers: [app(ports, 'http')],
      };
    }
    case 'worker':
      // Queue consumers: they listen on nothing and push their metrics.
      return { name, kind: 'Deployment', tier, replicas: rng.int(1, 4), version, canary: false, containers: [app([])] };
    case 'db':
      return {
        name,
        kind: 'StatefulSet',
        tier,
        replicas: rng.pick([1, 3]),
        version,
        canary: false,
        storage: rng.pick(['20Gi', '50Gi', '100Gi']),
        containers: [
          { ...app([{ name: 'postgres', port: 5432 }]), name: 'postgres', image: 'postgres:16.4' },
          exporter('quay.io/prometheuscommunity/postgres-exporter:v0.15.0', 9187),
        ],
      };
    case 'cache':
      return {
        name,
        kind: rng.chance(0.5) ? 'StatefulSet' : 'Deployment',
        tier,
        replicas: rng.pick([1, 3]),
        version,
        canary: false,
        containers: [
          { ...app([{ name: 'redis', port: 6379 }]), name: 'redis', image: 'redis:7.4' },
          exporter('oliver006/redis_exporter:v1.62.0', 9121),
        ],
      };
  }
}

// ---------------------------------------------------------------------------------------------
// YAML writing

/** Lines of a block, indented. */
function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((l) => (l.length ? pad + l : l))
    .join('\n');
}

function labelsYaml(labels: Readonly<Record<string, string>>, at: number): string {
  return indent(
    Object.entries(labels)
      .map(([k, v]) => `${k}: ${yamlString(v)}`)
      .join('\n'),
    at,
  );
}

/** Quotes a string when a YAML 1.1 reader could take it for something else. */
function yamlString(v: string): string {
  return /^[a-z][a-z0-9-]*[a-z0-9]$/.test(v) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(v)
    ? v
    : JSON.stringify(v);
}

function namespaceYaml(name: string, labels: Record<string, string>, comment: string): string {
  return `# ${comment}
apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
${labelsYaml({ 'kubernetes.io/metadata.name': name, ...labels }, 4)}
`;
}

function containerYaml(c: Container): string {
  let out = `- name: ${c.name}
  image: ${c.image}
`;
  if (c.ports.length) {
    out += '  ports:\n';
    for (const p of c.ports) {
      out += `    - name: ${p.name}
      containerPort: ${p.port}
`;
      if (p.protocol) out += `      protocol: ${p.protocol}\n`;
    }
  }
  out += `  resources:
    requests:
      cpu: ${c.cpu}
      memory: ${c.memory}
    limits:
      memory: ${c.memory}
`;
  if (c.probe) {
    out += `  readinessProbe:
    httpGet:
      path: /healthz
      port: ${c.probe}
    periodSeconds: 10
`;
  }
  return out;
}

function workloadYaml(ns: NamespaceModel, w: WorkloadModel): string {
  const podLabels: Record<string, string> = {
    'app.kubernetes.io/name': w.name,
    'app.kubernetes.io/part-of': ns.team,
    'app.kubernetes.io/version': w.version,
    tier: w.tier,
    team: ns.team,
  };
  if (w.canary) podLabels['track'] = 'canary';
  let spec = `replicas: ${w.replicas}
`;
  if (w.kind === 'StatefulSet') spec += `serviceName: ${w.name}\n`;
  spec += `selector:
  matchLabels:
    app.kubernetes.io/name: ${w.name}
template:
  metadata:
    labels:
${labelsYaml(podLabels, 6)}
  spec:
    containers:
${indent(w.containers.map(containerYaml).join(''), 6)}`;
  if (w.storage) {
    spec += `volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: ${w.storage}
`;
  }
  return `apiVersion: apps/v1
kind: ${w.kind}
metadata:
  name: ${w.name}
  namespace: ${ns.name}
  labels:
    app.kubernetes.io/name: ${w.name}
    app.kubernetes.io/managed-by: helm
spec:
${indent(spec, 2)}`;
}

function policyYaml(ns: string, name: string, comment: string, spec: string): string {
  return `# ${comment}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${indent(spec, 2)}`;
}

const DNS_EGRESS = `- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
`;

const FROM_PROMETHEUS = `- from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: monitoring
      podSelector:
        matchLabels:
          app.kubernetes.io/name: prometheus
  ports:
    - protocol: TCP
      port: metrics
`;

const INTERNET_443 = `- to:
    - ipBlock:
        cidr: 0.0.0.0/0
        except:
${PRIVATE_RANGES.map((r) => `          - ${r}\n`).join('')}  ports:
    - protocol: TCP
      port: 443
`;

interface PolicyEdits {
  loosenCrossNamespace?: boolean;
  dropDefaultDenyIngress?: boolean;
  dropDefaultDenyEgress?: boolean;
  dataPort?: number;
}

/** The policies of one application namespace, as YAML documents (one string each). */
function namespacePolicies(ns: NamespaceModel, edits: PolicyEdits): string[] {
  const n = ns.name;
  const out: string[] = [];
  if (!edits.dropDefaultDenyIngress) {
    out.push(
      policyYaml(
        n,
        'default-deny-ingress',
        'Baseline: no pod here accepts a connection unless a policy below allows it.',
        `podSelector: {}
policyTypes: [Ingress]
`,
      ),
    );
  }
  if (!edits.dropDefaultDenyEgress) {
    out.push(
      policyYaml(
        n,
        'default-deny-egress',
        'Baseline: no pod here opens a connection unless a policy below allows it.',
        `podSelector: {}
policyTypes: [Egress]
`,
      ),
    );
  }
  out.push(
    policyYaml(
      n,
      'allow-dns-egress',
      'Every pod may resolve names through CoreDNS (kube-dns pods in the namespace named kube-system).',
      `podSelector: {}
policyTypes: [Egress]
egress:
${indent(DNS_EGRESS, 2)}`,
    ),
    policyYaml(
      n,
      'web-ingress',
      'The web tier takes traffic from the ingress controller, and prometheus scrapes it.',
      `podSelector:
  matchLabels:
    tier: web
policyTypes: [Ingress]
ingress:
  - from:
      - namespaceSelector:
          matchLabels:
            kubernetes.io/metadata.name: ingress-nginx
        podSelector:
          matchLabels:
            app.kubernetes.io/name: ingress-nginx
    ports:
      - protocol: TCP
        port: http
${indent(FROM_PROMETHEUS, 2)}`,
    ),
    policyYaml(
      n,
      'web-egress',
      'web -> api on the named port http; web -> the internet (not the private ranges) on 443.',
      `podSelector:
  matchLabels:
    tier: web
policyTypes: [Egress]
egress:
  - to:
      - podSelector:
          matchLabels:
            tier: api
    ports:
      - protocol: TCP
        port: http
${indent(INTERNET_443, 2)}`,
    ),
  );
  const crossNs = edits.loosenCrossNamespace
    ? `            # Loosened: any environment, dev included.
            - key: team
              operator: NotIn
              values: [${UNTRUSTED_TEAMS.join(', ')}]
`
    : `            - key: env
              operator: In
              values: [prod, staging]
            - key: team
              operator: NotIn
              values: [${UNTRUSTED_TEAMS.join(', ')}]
`;
  out.push(
    policyYaml(
      n,
      'api-ingress',
      'The api tier: web and workers here on http; api pods of trusted prod/staging namespaces on grpc; prometheus.',
      `podSelector:
  matchLabels:
    tier: api
policyTypes: [Ingress]
ingress:
  - from:
      - podSelector:
          matchExpressions:
            - key: tier
              operator: In
              values: [web, worker]
    ports:
      - protocol: TCP
        port: http
  - from:
      - namespaceSelector:
          matchExpressions:
${crossNs}        podSelector:
          matchLabels:
            tier: api
    ports:
      - protocol: TCP
        port: grpc
${indent(FROM_PROMETHEUS, 2)}`,
    ),
    policyYaml(
      n,
      'api-egress',
      `api -> this namespace's db and cache; api -> api pods of the ${ns.team} team's namespaces on grpc.`,
      `podSelector:
  matchLabels:
    tier: api
policyTypes: [Egress]
egress:
${DB_AND_CACHE_EGRESS_RULE}  - to:
      - namespaceSelector:
          matchLabels:
            team: ${ns.team}
        podSelector:
          matchLabels:
            tier: api
    ports:
      - protocol: TCP
        port: grpc
`,
    ),
    policyYaml(
      n,
      'api-port-range',
      'api pods of this namespace talk to each other on the 9000-9100 range (grpc, admin, metrics).',
      `podSelector:
  matchLabels:
    tier: api
policyTypes: [Ingress, Egress]
ingress:
  - from:
      - podSelector:
          matchLabels:
            tier: api
    ports:
      - protocol: TCP
        port: 9000
        endPort: 9100
egress:
  - to:
      - podSelector:
          matchLabels:
            tier: api
    ports:
      - protocol: TCP
        port: 9000
        endPort: 9100
`,
    ),
  );
  const dataPort =
    edits.dataPort === undefined
      ? `      - protocol: TCP
        port: postgres
`
      : `      # Changed from the named port postgres.
      - protocol: TCP
        port: ${edits.dataPort}
`;
  out.push(
    policyYaml(
      n,
      'data-ingress',
      'db and cache: api and workers of this namespace on postgres/redis; prometheus scrapes the exporters.',
      `podSelector:
  matchExpressions:
    - key: tier
      operator: In
      values: [db, cache]
policyTypes: [Ingress]
ingress:
  - from:
      - podSelector:
          matchExpressions:
            - key: tier
              operator: In
              values: [api, worker]
    ports:
${dataPort}      - protocol: TCP
        port: redis
${indent(FROM_PROMETHEUS, 2)}`,
    ),
    policyYaml(
      n,
      'worker-egress',
      'Workers read and write the db and cache, and call the api tier on http.',
      `podSelector:
  matchLabels:
    tier: worker
policyTypes: [Egress]
egress:
${DB_AND_CACHE_EGRESS_RULE}  - to:
      - podSelector:
          matchLabels:
            tier: api
    ports:
      - protocol: TCP
        port: http
`,
    ),
  );
  if (ns.partner) {
    out.push(
      policyYaml(
        n,
        `allow-${ns.partner}`,
        `Partner integration: api pods of ${ns.partner} may call this namespace's api tier on http.`,
        `podSelector:
  matchLabels:
    tier: api
policyTypes: [Ingress]
ingress:
  - from:
      - namespaceSelector:
          matchLabels:
            kubernetes.io/metadata.name: ${ns.partner}
        podSelector:
          matchLabels:
            tier: api
    ports:
      - protocol: TCP
        port: http
`,
      ),
    );
  }
  return out;
}

function namespaceFile(ns: NamespaceModel, seed: number, edits: PolicyEdits): { text: string; policies: number } {
  const docs: string[] = [
    namespaceYaml(
      ns.name,
      { team: ns.team, env: ns.env, 'cost-center': ns.costCenter },
      `Generated by bench/generate-cluster.ts (seed ${seed}): namespace ${ns.name} of team ${ns.team} (${ns.env}).`,
    ),
    ...ns.workloads.map((w) => workloadYaml(ns, w)),
  ];
  const policies = namespacePolicies(ns, edits);
  return { text: [...docs, ...policies].join('---\n'), policies: policies.length };
}

function sharedFiles(seed: number): { files: GeneratedFile[]; workloads: number; policies: number } {
  const kubeSystem = [
    namespaceYaml('kube-system', {}, `Generated by bench/generate-cluster.ts (seed ${seed}): the cluster's DNS, not isolated.`),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  replicas: 2
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      containers:
${indent(
  containerYaml({
    name: 'coredns',
    image: 'registry.k8s.io/coredns/coredns:v1.11.3',
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53 },
      { name: 'metrics', port: 9153 },
    ],
    cpu: '100m',
    memory: '170Mi',
  }),
  8,
)}`,
  ];
  const ingressNginx = [
    namespaceYaml(
      'ingress-nginx',
      { team: 'platform', env: 'prod' },
      `Generated by bench/generate-cluster.ts (seed ${seed}): the ingress controller; no policies, so not isolated.`,
    ),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
      app.kubernetes.io/component: controller
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/component: controller
    spec:
      containers:
${indent(
  containerYaml({
    name: 'controller',
    image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2',
    ports: [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
      { name: 'metrics', port: 10254 },
    ],
    cpu: '100m',
    memory: '90Mi',
  }),
  8,
)}`,
  ];
  const m = 'monitoring';
  const monitoringPolicies = [
    policyYaml(m, 'default-deny-ingress', 'Baseline.', 'podSelector: {}\npolicyTypes: [Ingress]\n'),
    policyYaml(m, 'default-deny-egress', 'Baseline.', 'podSelector: {}\npolicyTypes: [Egress]\n'),
    policyYaml(m, 'allow-dns-egress', 'DNS.', `podSelector: {}\npolicyTypes: [Egress]\negress:\n${indent(DNS_EGRESS, 2)}`),
    policyYaml(
      m,
      'prometheus-egress',
      'Prometheus may scrape the named port metrics of any pod in any namespace.',
      `podSelector:
  matchLabels:
    app.kubernetes.io/name: prometheus
policyTypes: [Egress]
egress:
  - to:
      - namespaceSelector: {}
    ports:
      - protocol: TCP
        port: metrics
`,
    ),
    policyYaml(
      m,
      'prometheus-ingress',
      "Prometheus' UI is published through the ingress controller.",
      `podSelector:
  matchLabels:
    app.kubernetes.io/name: prometheus
policyTypes: [Ingress]
ingress:
  - from:
      - namespaceSelector:
          matchLabels:
            kubernetes.io/metadata.name: ingress-nginx
    ports:
      - protocol: TCP
        port: web
`,
    ),
  ];
  const monitoring = [
    namespaceYaml(m, { team: 'platform', env: 'prod' }, `Generated by bench/generate-cluster.ts (seed ${seed}): observability.`),
    `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: prometheus
  namespace: monitoring
  labels:
    app.kubernetes.io/name: prometheus
spec:
  replicas: 2
  serviceName: prometheus
  selector:
    matchLabels:
      app.kubernetes.io/name: prometheus
  template:
    metadata:
      labels:
        app.kubernetes.io/name: prometheus
        team: platform
    spec:
      containers:
${indent(
  containerYaml({
    name: 'prometheus',
    image: 'quay.io/prometheus/prometheus:v2.54.1',
    ports: [{ name: 'web', port: 9090 }],
    cpu: '500m',
    memory: '4Gi',
  }),
  8,
)}`,
    ...monitoringPolicies,
  ];
  return {
    files: [
      { path: 'kube-system/manifests.yaml', text: kubeSystem.join('---\n') },
      { path: 'ingress-nginx/manifests.yaml', text: ingressNginx.join('---\n') },
      { path: 'monitoring/manifests.yaml', text: monitoring.join('---\n') },
    ],
    workloads: 3,
    policies: monitoringPolicies.length,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Picks the four namespaces the PR edits, distinct when there are four or more. The loosened
 * selector goes to a namespace where it makes a difference: a trusted team with at least one dev
 * namespace of the same team (whose api tier's egress already reaches this one on grpc).
 */
function pickEdited(rng: Rng, models: readonly NamespaceModel[]): [number, number, number, number] {
  const n = models.length;
  const untrusted: readonly string[] = UNTRUSTED_TEAMS;
  const candidates = models
    .filter((m) => !untrusted.includes(m.team) && models.some((o) => o !== m && o.team === m.team && o.env === 'dev'))
    .map((m) => m.index);
  const out: number[] = [candidates.length ? rng.pick(candidates) : rng.int(0, n - 1)];
  while (out.length < 4) {
    const i = rng.int(0, n - 1);
    if (!out.includes(i) || out.length >= n) out.push(i);
  }
  return out as [number, number, number, number];
}

function statsOf(files: GeneratedFile[], namespaces: number, workloads: number, policies: number): TreeStats {
  let bytes = 0;
  for (const f of files) bytes += Buffer.byteLength(f.text, 'utf8');
  return { namespaces, workloads, policies, files: files.length, bytes };
}

export function generateCluster(options: GenerateOptions): GeneratedCluster {
  const { namespaces: n, workloadsPerNamespace: w, seed } = options;
  if (!Number.isInteger(n) || n < 1) throw new Error(`namespaces must be a positive integer, got ${n}`);
  if (!Number.isInteger(w) || w < 5) throw new Error(`workloadsPerNamespace must be an integer >= 5, got ${w}`);
  const shared = sharedFiles(seed);
  const models = Array.from({ length: n }, (_, i) => buildNamespace(i, n, seed, w));

  // The PR: four edits in four namespaces, drawn from a stream of their own so that they do not
  // disturb what base draws.
  const editRng = new Rng(mix(seed, 0x7fffffff));
  const [a, b, c, d] = pickEdited(editRng, models);
  const headEdits = new Map<number, PolicyEdits>();
  const setEdit = (i: number, e: PolicyEdits) => headEdits.set(i, { ...headEdits.get(i), ...e });
  setEdit(a, { loosenCrossNamespace: true });
  setEdit(b, { dropDefaultDenyIngress: true });
  setEdit(d, { dataPort: 5433 });
  const heavyNamespaces = options.heavy ? models.filter((m) => m.index % 5 === 2).map((m) => m.index) : [];
  for (const i of heavyNamespaces) setEdit(i, { dropDefaultDenyIngress: true, dropDefaultDenyEgress: true });

  const clusterWide = ADMIN_POLICIES + BASELINE_POLICIES;
  const base: GeneratedFile[] = [...shared.files, ...clusterPolicyFiles(30)];
  const head: GeneratedFile[] = [...shared.files, ...clusterPolicyFiles(999)];
  let basePolicies = shared.policies + clusterWide;
  let headPolicies = shared.policies + clusterWide;
  const edits: HeadEdit[] = [];
  const wideAllowFile = `${nsName(c)}/allow-all-namespaces.yaml`;
  for (const ns of models) {
    const path = `${ns.name}/manifests.yaml`;
    const b0 = namespaceFile(ns, seed, {});
    base.push({ path, text: b0.text });
    basePolicies += b0.policies;
    const e = headEdits.get(ns.index);
    if (e) {
      const h = namespaceFile(ns, seed, e);
      head.push({ path, text: h.text });
      headPolicies += h.policies;
    } else {
      head.push({ path, text: b0.text });
      headPolicies += b0.policies;
    }
    if (ns.index === c) {
      head.push({
        path: wideAllowFile,
        text: policyYaml(
          ns.name,
          'allow-from-all-namespaces',
          'Added by the PR: "unblock the migration". Any pod of any namespace may reach the api tier here, on any port.',
          `podSelector:
  matchLabels:
    tier: api
policyTypes: [Ingress]
ingress:
  - from:
      - namespaceSelector: {}
`,
        ),
      });
      headPolicies += 1;
    }
  }
  edits.push(
    {
      kind: 'loosened-selector',
      namespace: nsName(a),
      file: `${nsName(a)}/manifests.yaml`,
      description:
        `NetworkPolicy ${nsName(a)}/api-ingress, rule 1 (grpc from other namespaces' api tier): the namespaceSelector ` +
        `drops "env In [prod, staging]" and keeps "team NotIn [${UNTRUSTED_TEAMS.join(', ')}]", so dev namespaces are admitted too`,
    },
    {
      kind: 'removed-default-deny',
      namespace: nsName(b),
      file: `${nsName(b)}/manifests.yaml`,
      description:
        `NetworkPolicy ${nsName(b)}/default-deny-ingress removed: the worker tier, which no other ingress policy selects, ` +
        `is no longer isolated for ingress (db, cache, web and api still are, by their own policies)`,
    },
    {
      kind: 'new-wide-allow',
      namespace: nsName(c),
      file: wideAllowFile,
      description:
        `new file with NetworkPolicy ${nsName(c)}/allow-from-all-namespaces: the api tier admits every pod of every ` +
        `namespace (namespaceSelector: {}) on every port`,
    },
    {
      kind: 'changed-port',
      namespace: nsName(d),
      file: `${nsName(d)}/manifests.yaml`,
      description:
        `NetworkPolicy ${nsName(d)}/data-ingress, rule 0: port postgres (5432) becomes 5433, so api and workers ` +
        `lose the database (redis is unchanged); the callers' egress still says postgres, so nothing opens on 5433`,
    },
    {
      kind: 'moved-priority',
      namespace: '(cluster)',
      file: 'cluster-policies/admin.yaml',
      description:
        `ClusterNetworkPolicy ${MOVED_POLICY} (Admin tier) moves from priority 30 to 999, below the Pass rules: ` +
        `same-env traffic from sandbox and legacy namespaces to billing goes to the namespaces' own policies`,
    },
  );
  if (heavyNamespaces.length) {
    edits.push({
      kind: 'removed-default-denies',
      namespace: `${heavyNamespaces.length} namespaces`,
      file: `${nsName(heavyNamespaces[0]!)}/manifests.yaml, …`,
      description:
        `NetworkPolicies default-deny-ingress and default-deny-egress removed in every fifth namespace ` +
        `(${nsName(heavyNamespaces[0]!)}, ${nsName(heavyNamespaces[1] ?? heavyNamespaces[0]!)}, …): their worker tier is isolated neither way`,
    });
  }
  const workloads = n * w + shared.workloads;
  const namespaces = n + 3;
  return {
    base,
    head,
    edits,
    stats: {
      base: statsOf(base, namespaces, workloads, basePolicies),
      head: statsOf(head, namespaces, workloads, headPolicies),
    },
  };
}
