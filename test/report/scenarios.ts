/**
 * The review scenarios of the golden tests: small manifest trees built in code, each about one thing
 * a reviewer must see in the comment.
 */
import type { SourceFile } from '../../src/index.js';
import { config, deployment, file, manyDeployments, namespace, networkPolicy, peers, pod, policies, type Scenario, shopApp, webToDb } from '../review/manifests.js';

export const BASE_SHA = '1111111111111111111111111111111111111111';
export const HEAD_SHA = 'abcdef0123456789abcdef0123456789abcdef01';
export const LINKED = { repository: 'o/r', baseSha: BASE_SHA, headSha: HEAD_SHA };

/** Many namespaces × many workloads, every one with its own ingress policy admitting one distinct source: distinct rows. */
function manyDistinctRows(count: number, opened: boolean): SourceFile[] {
  const files: SourceFile[] = [];
  for (let i = 0; i < count; i++) {
    const ns = `team-${String(i).padStart(4, '0')}`;
    const objects = [
      namespace(ns),
      deployment(ns, 'server', { role: 'server' }),
      deployment(ns, 'client', { role: 'client' }),
      policies.denyIngress(ns),
    ];
    if (opened) objects.push(policies.allowIngress(ns, 'server-from-client', { role: 'server' }, [peers.pods({ role: 'client' })], [8080 + (i % 50)]));
    files.push(file(`teams/${ns}/all.yaml`, ...objects));
  }
  return files;
}

/** web → db moves from TCP/5432 (base's data/policies.yaml) to TCP/6379 (head's new data/cache.yaml): one opened, one closed path. */
export function movedRule(): { base: SourceFile[]; head: SourceFile[] } {
  const webToDbOn6379 = networkPolicy('data', 'db-cache-from-web', {
    podSelector: { matchLabels: { tier: 'db' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ ...peers.namespace('shop'), podSelector: { matchLabels: { tier: 'web' } } }], ports: [{ protocol: 'TCP', port: 6379 }] }],
  });
  return { base: shopApp({ dataPolicies: [webToDb] }), head: [...shopApp(), file('data/cache.yaml', webToDbOn6379)] };
}

export interface GoldenScenario extends Scenario {
  /** Golden file name, without `.md`. */
  name: string;
  /** What must be in the comment, whatever the golden says. */
  contains?: (string | RegExp)[];
  lacks?: (string | RegExp)[];
}

const fiftyA = manyDeployments('a', 'client', 50, { role: 'client' });
const hundredB = manyDeployments('b', 'server', 100, { role: 'server' });

export const SCENARIOS: GoldenScenario[] = [
  {
    name: 'a-nothing-changed',
    base: shopApp(),
    // Same objects, different comments and order: no change in reachability.
    head: [...shopApp()].reverse().map((f) => ({ ...f, text: `# edited\n${f.text}` })),
    context: LINKED,
    contains: ['netpol-review: no change in reachability'],
    lacks: ['#### Opened', '#### Closed', '#### Exposure'],
  },
  {
    name: 'b-opened-only',
    base: shopApp(),
    head: shopApp({ dataPolicies: [webToDb] }),
    context: LINKED,
    contains: ['1 path opened, 0 paths closed', '#### Opened paths (1)', '<code>shop/Deployment/web</code>', '<code>data/Deployment/db</code>', 'TCP/5432'],
    lacks: ['#### Closed'],
  },
  {
    name: 'c-closed-only',
    base: shopApp({ dataPolicies: [webToDb] }),
    head: shopApp(),
    context: LINKED,
    contains: ['netpol-review: low risk · 0 paths opened, 1 path closed', '#### Closed paths (1)', '| 🟡 |', 'since removed or changed', 'a closed path between workloads may break traffic'],
    lacks: ['#### Opened', 'none risk', '| 🟢 |'],
  },
  {
    name: 'd-internet-exposure',
    base: shopApp(),
    head: shopApp({ shopPolicies: [policies.allowIngress('shop', 'web-from-internet', { tier: 'web' }, [peers.cidr('0.0.0.0/0')], [8080])] }),
    context: LINKED,
    contains: ['high risk', 'newly reachable from the internet', '#### Exposure'],
  },
  {
    name: 'e-aggregated-namespace-rule',
    base: [
      file('a/workloads.yaml', namespace('a'), ...fiftyA),
      file('b/workloads.yaml', namespace('b'), ...hundredB),
      file('b/policies.yaml', policies.denyIngress('b')),
    ],
    head: [
      file('a/workloads.yaml', namespace('a'), ...fiftyA),
      file('b/workloads.yaml', namespace('b'), ...hundredB),
      file('b/policies.yaml', policies.denyIngress('b'), networkPolicy('b', 'from-a', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [peers.namespace('a')] }] })),
    ],
    context: LINKED,
    contains: ['all 50 workloads in <code>a</code>', 'all 100 workloads in <code>b</code>', '#### Opened paths (5000)'],
  },
  {
    name: 'f-truncated',
    base: manyDistinctRows(400, false),
    head: manyDistinctRows(400, true),
    config: config({ comment: { maxCharacters: 6000, maxRows: 30, maxDiagramEdges: 40 } }),
    context: LINKED,
    contains: [/…and \d+ more rows? \(\d+ paths?\) not shown\./, 'Full report:'],
  },
  {
    name: 'g-dns-cut',
    base: shopApp(),
    head: shopApp({ shopPolicies: [policies.denyEgress('shop')] }),
    context: LINKED,
    contains: ['DNS egress cut off, on TCP/53, UDP/53', 'high risk', '  n4 -.->|"closed: all ports"| n5'],
    lacks: ['assumed-cluster-dns', 'kube-system'],
  },
  {
    name: 'h-label-change',
    base: shopApp(),
    head: shopApp().map((f) =>
      f.path === 'shop/workloads.yaml' ? file(f.path, namespace('shop'), deployment('shop', 'web', { tier: 'api' }), deployment('shop', 'api', { tier: 'api' })) : f,
    ),
    context: LINKED,
    contains: ['labels of <code>shop/Deployment/web</code> changed: <code>tier=web</code> → <code>tier=api</code>'],
  },
  {
    name: 'i-renamed-workload',
    base: [
      file('shop/workloads.yaml', pod('shop', 'web', { tier: 'web' }), pod('shop', 'api', { tier: 'api' })),
      file('shop/policies.yaml', policies.denyIngress('shop'), policies.allowIngress('shop', 'api-from-web', { tier: 'api' }, [peers.pods({ tier: 'web' })], [8080])),
    ],
    head: [
      file('shop/workloads.yaml', pod('shop', 'web', { tier: 'web' }), pod('shop', 'api-v2', { tier: 'api' })),
      file('shop/policies.yaml', policies.denyIngress('shop'), policies.allowIngress('shop', 'api-from-web', { tier: 'api' }, [peers.pods({ tier: 'web' })], [8080])),
    ],
    context: LINKED,
    contains: ['Renamed workloads (1)', '<code>shop/Pod/api</code> → <code>shop/Pod/api-v2</code>', 'no change in reachability'],
    lacks: ['New workloads', 'Removed workloads'],
  },
  {
    name: 'j-lost-isolation',
    base: shopApp(),
    // Every policy of `data` removed: db is selected by no ingress policy any more.
    head: shopApp().filter((f) => f.path !== 'data/policies.yaml'),
    context: LINKED,
    contains: ['high risk', '<code>data/Deployment/db</code>: no policy restricts ingress to it any more: reachable from everywhere, the internet included', 'no ingress policy selects the destination any more (was <code>data/default-deny</code>, <code>data/db-from-api</code>)'],
    lacks: ['newly reachable from the internet', 'newly reachable from every namespace'],
  },
  {
    name: 'k-unprotected-workload',
    base: shopApp(),
    head: [...shopApp(), file('tools/debug.yaml', namespace('tools'), deployment('tools', 'debug', { tier: 'debug' }))],
    context: LINKED,
    contains: ['new, and no policy restricts ingress to it: reachable from everywhere', '<code>tools/Deployment/debug</code>', 'New workloads (1) and their paths', '1 workload added (6 paths)'],
    lacks: ['newly able to reach the internet'],
  },
  {
    name: 'l-uncertain-ipblock',
    base: shopApp(),
    head: shopApp({ shopPolicies: [policies.allowIngress('shop', 'api-from-office', { tier: 'api' }, [peers.cidr('10.20.0.0/16')], [8080])] }),
    context: LINKED,
    contains: ['(uncertain¹)', '¹ Through an ipBlock', '`podCidrs` in the config', '`--pod-cidr` on the CLI', '<details><summary>1 warning</summary>'],
    lacks: ['⚠️'],
  },
  ...(['with', 'without'] as const).map(
    (links): GoldenScenario => ({
      name: `m-links-${links}-context`,
      ...movedRule(),
      ...(links === 'with' ? { context: LINKED } : {}),
      contains:
        links === 'with'
          ? [`https://github.com/o/r/blob/${HEAD_SHA}/data/cache.yaml#L`, `https://github.com/o/r/blob/${BASE_SHA}/data/policies.yaml#L`]
          : ['(data/cache.yaml:', '(data/policies.yaml:', 'Full report: run the same `netpol-review diff`'],
      lacks: links === 'with' ? [] : ['https://github.com/', '<sub>Head'],
    }),
  ),
  {
    name: 'n-closed-two-policies',
    base: [file('app/workloads.yaml', namespace('app'), deployment('app', 'client', { role: 'client' }), deployment('app', 'a', { role: 'a' }), deployment('app', 'b', { role: 'b' }))],
    head: [
      file('app/workloads.yaml', namespace('app'), deployment('app', 'client', { role: 'client' }), deployment('app', 'a', { role: 'a' }), deployment('app', 'b', { role: 'b' })),
      file('app/only-a.yaml', networkPolicy('app', 'only-a', { podSelector: { matchLabels: { role: 'a' } }, policyTypes: ['Ingress'] })),
      file('app/only-b.yaml', networkPolicy('app', 'only-b', { podSelector: { matchLabels: { role: 'b' } }, policyTypes: ['Ingress'] })),
    ],
    context: LINKED,
    contains: ['isolated for ingress by <code>app/only-a</code>', 'isolated for ingress by <code>app/only-b</code>'],
    lacks: ['<code>app/only-a</code>, <code>app/only-b</code>'],
  },
  {
    name: 'o-two-edit-pr',
    base: shopApp(),
    head: shopApp({ dataPolicies: [webToDb] }).map((f) => (f.path === 'shop/workloads.yaml' ? file(f.path, namespace('shop', { team: 'checkout' }), deployment('shop', 'web', { tier: 'web' }), deployment('shop', 'api', { tier: 'api' })) : f)),
    context: LINKED,
    contains: ['<code>data/db-from-web</code> ingress rule 1'],
    lacks: ['Namespace/shop'],
  },
  {
    name: 'p-relabel-breaks-paths',
    base: shopApp(),
    head: shopApp().map((f) => (f.path === 'shop/workloads.yaml' ? file(f.path, namespace('shop'), deployment('shop', 'web', { tier: 'web' }), deployment('shop', 'api', { tier: 'backend' })) : f)),
    context: LINKED,
    contains: ['### 🟡 netpol-review: low risk', 'labels of <code>shop/Deployment/api</code> changed: <code>tier=api</code> → <code>tier=backend</code>', 'may break traffic'],
  },
  {
    name: 'q-removed-workload-lost-paths',
    base: [...shopApp(), file('data/etl.yaml', deployment('data', 'etl', { tier: 'etl' }))],
    head: shopApp(),
    context: LINKED,
    contains: ['Paths lost with the removed workloads', 'removed workload'],
  },
  {
    name: 'r-rename-with-new-labels',
    base: [...shopApp(), file('tools/debug.yaml', namespace('tools'), deployment('tools', 'debug', { app: 'debug' }))],
    head: [...shopApp(), file('tools/debug.yaml', namespace('tools'), deployment('tools', 'debug-v2', { app: 'debug-v2' }))],
    context: LINKED,
    contains: ['replaces <code>tools/Deployment/debug</code> (removed), which had this access', 'no new risk'],
    lacks: ['high risk', '#### Exposure'],
  },
  {
    name: 's-unrendered-chart',
    base: shopApp(),
    head: [
      ...shopApp(),
      { path: 'charts/shop/Chart.yaml', text: 'apiVersion: v2\nname: shop\nversion: 1.0.0\n' },
      { path: 'charts/shop/templates/a.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n' },
      { path: 'charts/shop/templates/b.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-b\n' },
    ],
    context: LINKED,
    contains: ['### ⚠️ netpol-review: incomplete, 1 file not analysed', 'Helm chart charts/shop is not analysed &#40;2 template files not rendered&#41;'],
    lacks: ['🟢'],
  },
  {
    name: 't-preexisting-warnings',
    base: [...shopApp(), file('legacy/stale.yaml', policies.allowIngress('data', 'from-nothing', { tier: 'db' }, [peers.pods({ tier: 'ghost' })], [5432]))],
    head: [...shopApp({ dataPolicies: [webToDb] }), file('legacy/stale.yaml', policies.allowIngress('data', 'from-nothing', { tier: 'db' }, [peers.pods({ tier: 'ghost' })], [5432]))],
    context: { ...LINKED, fullReport: 'the job summary' },
    contains: ['1 pre-existing diagnostic on files this change does not touch is not listed: see the job summary.'],
    lacks: ['legacy/stale.yaml'],
  },
  {
    name: 'u-rule-field-changed',
    base: shopApp(),
    head: shopApp().map((f) =>
      f.path === 'data/policies.yaml'
        ? file(f.path, policies.denyIngress('data'), policies.allowIngress('data', 'db-from-api', { tier: 'db' }, [{ ...peers.namespace('shop'), podSelector: { matchLabels: { tier: 'web' } } }], [5432]))
        : f,
    ),
    context: LINKED,
    contains: ['changed: <code>from&#91;0&#93;.podSelector.matchLabels.tier</code> <code>api</code> → <code>web</code>'],
  },
  {
    // Two typos the API server refuses: both policies drop out at apply time, and the database with them loses its isolation.
    name: 'v-policy-made-invalid',
    base: shopApp(),
    head: shopApp().map((f) => (f.path === 'data/policies.yaml' ? { path: f.path, text: f.text.replace('    - Ingress\n---', '    - Ingres\n---').replace('protocol: TCP', 'protocol: TPC') } : f)),
    context: LINKED,
    contains: [
      '#### Made invalid by this PR (2)',
      'NetworkPolicy <code>data/db-from-api</code>',
      'unsupported protocol &#34;TPC&#34;',
      'as if deleted: that opens',
      '(was <code>data/default-deny</code> (now invalid), <code>data/db-from-api</code> (now invalid))',
      'made invalid, analysed as removed',
      '2 objects made invalid',
    ],
    lacks: ['</code> removed ('],
  },
];
