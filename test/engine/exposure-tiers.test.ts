/**
 * Exposure facts with cluster-wide policies: a workload is isolated for a direction when the policies of
 * every tier deny it something (an Admin Deny some traffic reaches, a NetworkPolicy that selects it and does not
 * allow everything, or, where none selects it, a Baseline Deny); Allow, Accept and Pass rules protect nothing.
 */
import { describe, expect, test } from 'vitest';
import { type AnalysisOptions, analysePair, compare, diff, formatPorts } from '../../src/index.js';
import type { SourceFile } from '../../src/k8s/types.js';
import { DB_FROM_API, docs, file, namespace, pod, policy } from '../k8s/manifests.js';

const PODS = file('pods.yaml', docs(namespace('prod', { env: 'prod' }), namespace('dev', { env: 'dev' }), pod('api'), pod('db'), pod('tool', { ns: 'dev' })));
/** The pods plus a new workload, prod/Pod/new, whose document starts on pods.yaml:40. */
const WITH_NEW = file('pods.yaml', docs(namespace('prod', { env: 'prod' }), namespace('dev', { env: 'dev' }), pod('api'), pod('db'), pod('tool', { ns: 'dev' }), pod('new')));

/** Cluster policies; with the bodies below, their first rule's list item is on line 10 (ANP), 11 (CNP) or 9 (BANP). */
const anp = (name: string, priority: number, body: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  priority: ${priority}\n${body.replace(/\s+$/, '')}\n`;
const banp = (body: string) => `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: default\nspec:\n${body.replace(/\s+$/, '')}\n`;
const cnp = (name: string, tier: 'Admin' | 'Baseline', priority: number, body: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n${body.replace(/\s+$/, '')}\n`;

const PROD = '  subject:\n    namespaces: {matchLabels: {env: prod}}\n';
/** Ingress rule bodies: one rule, `action` from `peer`. */
const ingress = (action: string, peer: string, extra = '') => `${PROD}  ingress:\n  - name: r\n    action: ${action}\n    from:\n    - ${peer}\n${extra}`;
const EVERY_NAMESPACE = 'namespaces: {}';
const DEV = 'namespaces: {matchLabels: {env: dev}}';

const BANP_DENY = file('banp.yaml', banp(ingress('Deny', EVERY_NAMESPACE)));
const CNP_BASELINE_DENY = file('cnp-baseline.yaml', cnp('baseline-deny', 'Baseline', 10, ingress('Deny', EVERY_NAMESPACE)));
const ANP_DENY_DEV = file('anp.yaml', anp('deny-dev', 10, ingress('Deny', DEV)));
const CNP_ADMIN_DENY_DEV = file('cnp-admin.yaml', cnp('deny-dev', 'Admin', 10, ingress('Deny', DEV)));
const DEFAULT_DENY = file('np.yaml', policy('default-deny', '  podSelector: {}\n  policyTypes: [Ingress]'));

type Row = [kind: string, workload: string, at: string, side: string, uncertain: boolean];

function facts(base: SourceFile[], head: SourceFile[], options: AnalysisOptions = {}): Row[] {
  const pair = analysePair({ files: base }, { files: head }, options);
  return compare(pair.base, pair.head).exposures.map((f) => [f.kind, f.workload.id, `${f.location.file}:${f.location.line}`, f.location.side, f.uncertain]);
}

describe('a new workload is unprotected only when nothing restricts its ingress', () => {
  test.each([
    ['a BaselineAdminNetworkPolicy Deny from every namespace (v1alpha1)', BANP_DENY],
    ['a tier Baseline ClusterNetworkPolicy Deny (v1alpha2)', CNP_BASELINE_DENY],
    ['an AdminNetworkPolicy Deny from dev (v1alpha1)', ANP_DENY_DEV],
    ['a tier Admin ClusterNetworkPolicy Deny from dev (v1alpha2)', CNP_ADMIN_DENY_DEV],
  ])('%s protects it: not unprotected, though newly reachable from the internet (the rule denies only pods)', (_, cluster) => {
    expect(facts([PODS, cluster], [WITH_NEW, cluster])).toEqual([['internet-ingress', 'prod/Pod/new', 'pods.yaml:40', 'head', false]]);
    const { head } = analysePair({ files: [PODS] }, { files: [WITH_NEW, cluster] });
    const added = head.resolve('prod/Pod/new');
    if (added.kind !== 'found') throw new Error(added.kind);
    expect(head.restricted(added.endpoint, 'ingress')).toBe('yes');
    expect(head.restricted(added.endpoint, 'egress')).toBe('no');
  });

  test('only Allow rules select it: unprotected, at the workload', () => {
    const allow = file('anp.yaml', anp('allow-dev', 10, ingress('Allow', DEV)));
    expect(facts([PODS, allow], [WITH_NEW, allow])).toEqual([['unprotected-workload', 'prod/Pod/new', 'pods.yaml:40', 'head', false]]);
  });

  test('an Admin Allow of everything before an Admin Deny: the Deny is never reached, unprotected', () => {
    const cluster = file('anp.yaml', docs(anp('allow-all', 1, ingress('Allow', EVERY_NAMESPACE)), anp('deny-dev', 2, ingress('Deny', DEV))));
    expect(facts([PODS, cluster], [WITH_NEW, cluster])).toEqual([['unprotected-workload', 'prod/Pod/new', 'pods.yaml:40', 'head', false]]);
  });

  test('an Admin Pass hands the traffic to the Baseline Deny: protected', () => {
    const cluster = file('cnp.yaml', docs(cnp('pass-all', 'Admin', 1, ingress('Pass', EVERY_NAMESPACE)), cnp('baseline-deny', 'Baseline', 10, ingress('Deny', EVERY_NAMESPACE))));
    expect(facts([PODS, cluster], [WITH_NEW, cluster])).toEqual([['internet-ingress', 'prod/Pod/new', 'pods.yaml:40', 'head', false]]);
  });

  test('a NetworkPolicy that selects it and allows everything: the Baseline is not reached, unprotected', () => {
    const allowAll = file('np.yaml', policy('allow-all', '  podSelector: {}\n  ingress:\n  - {}'));
    expect(facts([PODS, BANP_DENY, allowAll], [WITH_NEW, BANP_DENY, allowAll])).toEqual([['unprotected-workload', 'prod/Pod/new', 'pods.yaml:40', 'head', false]]);
  });

  test('a Baseline Deny tied with a Baseline Accept at one priority: unprotected, uncertain', () => {
    const tie = file('tie.yaml', docs(cnp('deny', 'Baseline', 5, ingress('Deny', EVERY_NAMESPACE)), cnp('accept', 'Baseline', 5, ingress('Accept', EVERY_NAMESPACE))));
    expect(facts([PODS, tie], [WITH_NEW, tie])).toEqual([['unprotected-workload', 'prod/Pod/new', 'pods.yaml:40', 'head', true]]);
  });
});

describe('lost isolation: when the last protection goes, at the policy that gave it (base side)', () => {
  const lost = (at: string, uncertain = false): Row[] => [
    ['lost-ingress-isolation', 'prod/Pod/api', at, 'base', uncertain],
    ['lost-ingress-isolation', 'prod/Pod/db', at, 'base', uncertain],
  ];

  const lostOnly = (base: SourceFile[], head: SourceFile[]) => facts(base, head).filter((r) => r[0] === 'lost-ingress-isolation');

  test('the BaselineAdminNetworkPolicy removed: at its Deny rule; every namespace reaches them too', () => {
    expect(facts([PODS, BANP_DENY], [PODS])).toEqual([
      ['lost-ingress-isolation', 'prod/Pod/api', 'banp.yaml:9', 'base', false],
      ['reachable-from-every-namespace', 'prod/Pod/api', 'pods.yaml:13', 'head', false],
      ['lost-ingress-isolation', 'prod/Pod/db', 'banp.yaml:9', 'base', false],
      ['reachable-from-every-namespace', 'prod/Pod/db', 'pods.yaml:22', 'head', false],
    ]);
    expect(diff({ files: [PODS, BANP_DENY] }, { files: [PODS] }).exposure).toEqual([
      { workload: 'prod/Pod/api', change: 'lost-ingress-isolation' },
      { workload: 'prod/Pod/api', change: 'reachable-from-every-namespace' },
      { workload: 'prod/Pod/db', change: 'lost-ingress-isolation' },
      { workload: 'prod/Pod/db', change: 'reachable-from-every-namespace' },
    ]);
  });

  test('the tier Baseline ClusterNetworkPolicy removed', () => {
    expect(lostOnly([PODS, CNP_BASELINE_DENY], [PODS])).toEqual(lost('cnp-baseline.yaml:11'));
  });

  test('an AdminNetworkPolicy Deny removed, or turned into an Allow', () => {
    expect(lostOnly([PODS, ANP_DENY_DEV], [PODS])).toEqual(lost('anp.yaml:10'));
    expect(lostOnly([PODS, ANP_DENY_DEV], [PODS, file('anp.yaml', anp('deny-dev', 10, ingress('Allow', DEV)))])).toEqual(lost('anp.yaml:10'));
  });

  test('a tier Admin ClusterNetworkPolicy Deny removed', () => {
    expect(lostOnly([PODS, CNP_ADMIN_DENY_DEV], [PODS])).toEqual(lost('cnp-admin.yaml:11'));
  });

  test('an Admin Accept of every namespace over a default deny: the NetworkPolicy still denies the internet, not lost', () => {
    const accept = file('accept.yaml', cnp('accept-all', 'Admin', 1, ingress('Accept', EVERY_NAMESPACE)));
    expect(lostOnly([PODS, DEFAULT_DENY], [PODS, DEFAULT_DENY, accept])).toEqual([]);
  });

  test('an Admin egress Accept of everything over an egress default deny: lost egress isolation, at the NetworkPolicy that no longer decides', () => {
    const denyEgress = file('np.yaml', policy('deny-egress', '  podSelector: {}\n  policyTypes: [Egress]'));
    const accept = file('accept.yaml', cnp('accept-all', 'Admin', 1, `${PROD}  egress:\n  - action: Accept\n    to:\n    - ${EVERY_NAMESPACE}\n    - networks: [0.0.0.0/0]\n`));
    expect(facts([PODS, denyEgress], [PODS, denyEgress, accept]).filter((r) => r[0] === 'lost-egress-isolation')).toEqual([
      ['lost-egress-isolation', 'prod/Pod/api', 'np.yaml:1', 'base', false],
      ['lost-egress-isolation', 'prod/Pod/db', 'np.yaml:1', 'base', false],
    ]);
  });

  test('the default deny removed while a Baseline Deny still covers the workloads: not lost', () => {
    expect(lostOnly([PODS, DEFAULT_DENY, BANP_DENY], [PODS, BANP_DENY])).toEqual([]);
    expect(lostOnly([PODS, DEFAULT_DENY], [PODS])).toEqual(lost('np.yaml:1'));
  });

  test('a Baseline Deny replaced by a tie of Deny and Accept: lost, uncertain', () => {
    const tie = file('banp.yaml', docs(cnp('deny', 'Baseline', 5, ingress('Deny', EVERY_NAMESPACE)), cnp('accept', 'Baseline', 5, ingress('Accept', EVERY_NAMESPACE))));
    expect(lostOnly([PODS, BANP_DENY], [PODS, tie])).toEqual(lost('banp.yaml:9', true));
  });

  test('an Admin egress Deny removed: lost egress isolation at its rule', () => {
    const metadata = file('egress.yaml', cnp('deny-metadata', 'Admin', 40, `${PROD}  egress:\n  - name: metadata\n    action: Deny\n    to:\n    - networks: [169.254.169.254/32]\n`));
    expect(facts([PODS, metadata], [PODS])).toEqual([
      ['lost-egress-isolation', 'prod/Pod/api', 'egress.yaml:11', 'base', false],
      ['lost-egress-isolation', 'prod/Pod/db', 'egress.yaml:11', 'base', false],
    ]);
  });
});

describe('other exposure facts name the cluster rule', () => {
  test('internet egress opened by an Admin Accept over an egress default deny: at that rule (head)', () => {
    const denyEgress = file('np.yaml', policy('deny-egress', '  podSelector: {}\n  policyTypes: [Egress]'));
    const https = file('https.yaml', cnp('https-out', 'Admin', 30, `${PROD}  egress:\n  - name: https\n    action: Accept\n    to:\n    - networks: [0.0.0.0/0]\n    protocols:\n    - tcp: {destinationPort: {number: 443}}\n`));
    expect(facts([PODS, denyEgress], [PODS, denyEgress, https]).filter((r) => r[0] === 'internet-egress')).toEqual([
      ['internet-egress', 'prod/Pod/api', 'https.yaml:11', 'head', false],
      ['internet-egress', 'prod/Pod/db', 'https.yaml:11', 'head', false],
    ]);
  });

  test('DNS cut by an Admin egress Deny: at that rule (head)', () => {
    const dns = { namespace: 'kube-system', podSelector: { requirements: [{ key: 'k8s-app', operator: 'In' as const, values: ['kube-dns'] }] } };
    const deny = file('anp.yaml', anp('no-kube-system', 10, `${PROD}  egress:\n  - name: r\n    action: Deny\n    to:\n    - namespaces: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n`));
    const pair = analysePair({ files: [PODS] }, { files: [PODS, deny] }, { dns });
    const cuts = compare(pair.base, pair.head).exposures.filter((f) => f.kind === 'dns-cut');
    expect(cuts.map((f) => [f.workload.id, formatPorts(f.ports), `${f.location.file}:${f.location.line}`, f.location.side])).toEqual([
      ['prod/Pod/api', ['TCP/53', 'UDP/53'], 'anp.yaml:10', 'head'],
      ['prod/Pod/db', ['TCP/53', 'UDP/53'], 'anp.yaml:10', 'head'],
    ]);
  });

  test("a new workload's internet egress counts only where a rule grants it", () => {
    const metadata = file('egress.yaml', cnp('deny-metadata', 'Admin', 40, `${PROD}  egress:\n  - name: metadata\n    action: Deny\n    to:\n    - networks: [169.254.169.254/32]\n`));
    const https = file('https.yaml', cnp('https-out', 'Admin', 30, `${PROD}  egress:\n  - name: https\n    action: Accept\n    to:\n    - networks: [0.0.0.0/0]\n    protocols:\n    - tcp: {destinationPort: {number: 443}}\n`));
    const of = (base: SourceFile[], head: SourceFile[]) => {
      const pair = analysePair({ files: base }, { files: head });
      return compare(pair.base, pair.head)
        .exposures.filter((f) => f.kind === 'internet-egress')
        .map((f) => [f.workload.id, formatPorts(f.ports), f.externals.map((e) => e.id)]);
    };
    expect(of([PODS, metadata], [WITH_NEW, metadata])).toEqual([]);
    expect(of([PODS, metadata, https], [WITH_NEW, metadata, https])).toEqual([['prod/Pod/new', ['TCP/443'], ['ip:0.0.0.0/0 except 169.254.169.254/32']]]);
  });
});

describe("the model's queries through the tiers", () => {
  const allowDevPg = file('anp.yaml', anp('allow-dev-pg', 5, `  subject:\n    pods:\n      namespaceSelector: {matchLabels: {env: prod}}\n      podSelector: {matchLabels: {app: db}}\n  ingress:\n  - action: Allow\n    from:\n    - ${DEV}\n    ports:\n    - portNumber: {protocol: TCP, port: 5432}\n`));
  const devNoInternet = file('cnp.yaml', cnp('dev-no-internet', 'Baseline', 20, `  subject:\n    namespaces: {matchLabels: {env: dev}}\n  egress:\n  - action: Pass\n    to:\n    - ${EVERY_NAMESPACE}\n  - action: Deny\n    to:\n    - networks: [0.0.0.0/0]\n`));
  const model = analysePair({ files: [PODS] }, { files: [PODS, file('np.yaml', DB_FROM_API), allowDevPg, devNoInternet] }).head;
  const ref = (id: string) => {
    const r = model.resolve(id);
    if (r.kind !== 'found') throw new Error(id);
    return r.endpoint;
  };
  const paths = (list: ReturnType<typeof model.reachers>) => list.map((p) => [p.from.id, p.to.id, formatPorts(p.ports)]);

  test('reachers: the NetworkPolicy admits api, the Admin Allow a peer its rules do not name', () => {
    expect(paths(model.reachers(ref('prod/Pod/db')))).toEqual([
      ['dev/Pod/tool', 'prod/Pod/db', ['TCP/5432']],
      ['prod/Pod/api', 'prod/Pod/db', ['TCP/5432']],
    ]);
  });

  test('reachable: the Baseline Deny keeps dev off the internet (its Pass first: 0.0.0.0/0 also matches every pod)', () => {
    expect(paths(model.reachable(ref('dev/Pod/tool')))).toEqual([
      ['dev/Pod/tool', 'dev/Pod/tool', ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']],
      ['dev/Pod/tool', 'prod/Pod/api', ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']],
      ['dev/Pod/tool', 'prod/Pod/db', ['TCP/5432']],
    ]);
  });

  test('isolated names NetworkPolicies only; restricted counts every tier', () => {
    expect(model.isolated(ref('dev/Pod/tool'), 'egress')).toEqual([]);
    expect(model.restricted(ref('dev/Pod/tool'), 'egress')).toBe('yes');
    expect(model.isolated(ref('prod/Pod/db'), 'ingress').map((p) => p.policy)).toEqual(['prod/db-from-api']);
    expect(model.restricted(ref('prod/Pod/db'), 'ingress')).toBe('yes');
    expect(model.restricted(ref('prod/Pod/api'), 'ingress')).toBe('no');
    expect(model.restricted(ref('ip:0.0.0.0/0'), 'egress')).toBe('no');
  });
});
