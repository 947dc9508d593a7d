/**
 * Tiers of cluster-wide policies through matrix(), diff() and explain(): Admin (by priority, first match),
 * NetworkPolicies, Baseline, default allow. Expected values are written from the network-policy-api docs.
 */
import { describe, expect, it } from 'vitest';
import { diff, explain, matrix } from '../../src/index.js';
import type { AnalysisInput, ExplainResult } from '../../src/index.js';
import { ALL_PORTS, docs, file, namespace, pod, policy, portsOf } from '../k8s/manifests.js';

const PODS = file(
  'pods.yaml',
  docs(
    namespace('prod', { env: 'prod' }),
    namespace('dev', { env: 'dev' }),
    pod('api', { ports: [{ name: 'http', containerPort: 8080 }] }),
    pod('db', { ports: [{ name: 'pg', containerPort: 5432 }] }),
    pod('tool', { ns: 'dev', ports: [{ name: 'http', containerPort: 9090, protocol: 'UDP' }] }),
  ),
);

/** An AdminNetworkPolicy; the spec starts on line 5. */
const anp = (name: string, priority: number, body: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  priority: ${priority}\n${body.replace(/^\n/, '').replace(/\s+$/, '')}\n`;
const banp = (body: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: default\nspec:\n${body.replace(/^\n/, '').replace(/\s+$/, '')}\n`;
const cnp = (name: string, tier: string, priority: number, body: string) =>
  `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n${body.replace(/^\n/, '').replace(/\s+$/, '')}\n`;

const DB_SUBJECT = '  subject:\n    pods:\n      namespaceSelector: {matchLabels: {env: prod}}\n      podSelector: {matchLabels: {app: db}}';

const run = (...texts: string[]) => matrix({ files: [PODS, ...texts.map((t, i) => file(`p${i}.yaml`, t))] });
const input = (...texts: string[]): AnalysisInput => ({ files: [PODS, ...texts.map((t, i) => file(`p${i}.yaml`, t))] });

function explained(i: AnalysisInput, from: string, to: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): ExplainResult {
  const outcome = explain(i, from, to, { protocol, port });
  if (outcome.kind !== 'explained') throw new Error(outcome.id);
  return outcome.result;
}

describe('Admin tier', () => {
  const denyDev = anp('deny-dev', 10, `${DB_SUBJECT}\n  ingress:\n  - name: no-dev\n    action: Deny\n    from:\n    - namespaces: {matchLabels: {env: dev}}`);

  it('a Deny closes the subject to its peers only: selecting a pod does not isolate it', () => {
    const m = run(denyDev);
    expect(portsOf(m, 'dev/Pod/tool', 'prod/Pod/db')).toBeUndefined();
    expect(portsOf(m, 'prod/Pod/api', 'prod/Pod/db')).toEqual(ALL_PORTS);
    expect(portsOf(m, 'prod/Pod/db', 'dev/Pod/tool')).toEqual(ALL_PORTS);
  });

  it('an Allow wins over a NetworkPolicy that isolates the subject; it opens only its ports', () => {
    const isolate = policy('db-closed', '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]');
    const allow = anp('allow-dev-pg', 5, `${DB_SUBJECT}\n  ingress:\n  - action: Allow\n    from:\n    - namespaces: {matchLabels: {env: dev}}\n    ports:\n    - namedPort: pg\n    - portRange: {protocol: UDP, start: 100, end: 200}`);
    const m = run(isolate, allow);
    expect(portsOf(m, 'dev/Pod/tool', 'prod/Pod/db')).toEqual(['TCP/5432', 'UDP/100-200']);
    expect(portsOf(m, 'prod/Pod/api', 'prod/Pod/db')).toBeUndefined();
  });

  it('lower priority numbers come first; rules in written order', () => {
    const allow = anp('allow-dev', 20, `${DB_SUBJECT}\n  ingress:\n  - action: Allow\n    from:\n    - namespaces: {matchLabels: {env: dev}}`);
    expect(portsOf(run(denyDev, allow), 'dev/Pod/tool', 'prod/Pod/db')).toBeUndefined();
    const first = anp('allow-dev', 5, `${DB_SUBJECT}\n  ingress:\n  - action: Allow\n    from:\n    - namespaces: {matchLabels: {env: dev}}\n    ports: [{portNumber: {protocol: TCP, port: 5432}}]`);
    expect(portsOf(run(denyDev, first), 'dev/Pod/tool', 'prod/Pod/db')).toEqual(['TCP/5432']);
  });

  it('Pass hands the traffic to NetworkPolicies, and without one to the Baseline tier', () => {
    const pass = anp('pass-dev', 1, `${DB_SUBJECT}\n  ingress:\n  - action: Pass\n    from:\n    - namespaces: {matchLabels: {env: dev}}\n    ports: [{portNumber: {protocol: TCP, port: 5432}}]`);
    const baseline = banp(`${DB_SUBJECT}\n  ingress:\n  - action: Deny\n    from:\n    - namespaces: {}`);
    // Pass skips deny-dev for TCP/5432; the baseline then denies it; the other ports meet deny-dev.
    expect(portsOf(run(pass, denyDev, baseline), 'dev/Pod/tool', 'prod/Pod/db')).toBeUndefined();
    const np = policy('db-from-dev', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {env: dev}}');
    expect(portsOf(run(pass, denyDev, baseline, np), 'dev/Pod/tool', 'prod/Pod/db')).toEqual(['TCP/5432']);
    // Without the Admin deny, the rest of dev's traffic reaches the NetworkPolicy too.
    expect(portsOf(run(pass, baseline, np), 'dev/Pod/tool', 'prod/Pod/db')).toEqual(ALL_PORTS);
    // The baseline applies only where no NetworkPolicy selects the pod: api still gets in from prod? No: the baseline denies every namespace.
    expect(portsOf(run(baseline), 'prod/Pod/api', 'prod/Pod/db')).toBeUndefined();
    expect(portsOf(run(baseline, np), 'prod/Pod/api', 'prod/Pod/db')).toBeUndefined();
    expect(portsOf(run(baseline, np), 'dev/Pod/tool', 'prod/Pod/db')).toEqual(ALL_PORTS);
  });

  it('an egress Accept does not open the destination ingress', () => {
    const accept = cnp('api-out', 'Admin', 3, '  subject:\n    pods:\n      podSelector: {matchLabels: {app: api}}\n  egress:\n  - action: Accept\n    to:\n    - pods:\n        podSelector: {matchLabels: {app: db}}');
    const closed = policy('db-closed', '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]');
    expect(portsOf(run(accept, closed), 'prod/Pod/api', 'prod/Pod/db')).toBeUndefined();
    expect(portsOf(run(accept), 'prod/Pod/api', 'prod/Pod/db')).toEqual(ALL_PORTS);
  });

  it('named ports resolve on the destination with its own protocol', () => {
    const onlyHttp = cnp('only-http', 'Admin', 3, `  subject:\n    namespaces: {}\n  egress:\n  - action: Accept\n    to:\n    - namespaces: {}\n    protocols:\n    - destinationNamedPort: http\n  - action: Deny\n    to:\n    - namespaces: {}`);
    const m = run(onlyHttp);
    expect(portsOf(m, 'prod/Pod/db', 'prod/Pod/api')).toEqual(['TCP/8080']);
    expect(portsOf(m, 'prod/Pod/db', 'dev/Pod/tool')).toEqual(['UDP/9090']);
    expect(portsOf(m, 'prod/Pod/api', 'prod/Pod/db')).toBeUndefined();
    // An external destination has no named ports, and the Deny does not match it (namespaces peers are pods).
    expect(portsOf(m, 'prod/Pod/api', 'ip:0.0.0.0/0')).toEqual(ALL_PORTS);
  });
});

describe('networks and the pod CIDRs', () => {
  const egressDeny = (cidrs: string) => anp('no-out', 1, `  subject:\n    namespaces: {matchLabels: {env: dev}}\n  egress:\n  - action: Deny\n    to:\n    - networks: [${cidrs}]`);

  it('networks covering every pod CIDR match every pod and the atoms they cover', () => {
    const m = run(egressDeny('0.0.0.0/0'));
    expect(portsOf(m, 'dev/Pod/tool', 'prod/Pod/api')).toBeUndefined();
    expect(portsOf(m, 'dev/Pod/tool', 'ip:0.0.0.0/0')).toBeUndefined();
  });

  it('networks disjoint from the pod CIDRs match no pod', () => {
    const m = run(egressDeny('8.8.8.0/24'));
    expect(portsOf(m, 'dev/Pod/tool', 'prod/Pod/api')).toEqual(ALL_PORTS);
    expect(portsOf(m, 'dev/Pod/tool', 'ip:8.8.8.0/24')).toBeUndefined();
    expect(portsOf(m, 'dev/Pod/tool', 'ip:0.0.0.0/0 except 8.8.8.0/24')).toEqual(ALL_PORTS);
  });

  it('a partial overlap is uncertain: reported allowed and uncertain, never closed, with a diagnostic naming --pod-cidr', () => {
    const m = run(egressDeny('10.0.0.0/16'));
    const e = m.edges.find((x) => x.from === 'dev/Pod/tool' && x.to === 'prod/Pod/api');
    expect(e).toEqual({ from: 'dev/Pod/tool', to: 'prod/Pod/api', ports: ALL_PORTS, uncertain: true });
    expect(m.diagnostics.some((d) => d.severity === 'warning' && d.line === 10 && d.message.includes('--pod-cidr'))).toBe(true);
    // Narrowing the pod CIDRs settles it.
    const settled = matrix(input(egressDeny('10.0.0.0/16')), { podCidrs: ['10.0.0.0/16'] });
    expect(portsOf(settled, 'dev/Pod/tool', 'prod/Pod/api')).toBeUndefined();
  });
});

describe('ties and fail-closed peers', () => {
  it('equal priorities that disagree make the paths uncertain, with a diagnostic', () => {
    const a = anp('a', 7, `${DB_SUBJECT}\n  ingress:\n  - action: Deny\n    from:\n    - namespaces: {}`);
    const b = cnp('b', 'Admin', 7, `${DB_SUBJECT}\n  ingress:\n  - action: Accept\n    from:\n    - namespaces: {}`);
    const m = run(a, b);
    const e = m.edges.find((x) => x.from === 'prod/Pod/api' && x.to === 'prod/Pod/db');
    expect(e?.uncertain).toBe(true);
    expect(e?.ports).toEqual(ALL_PORTS);
    expect(m.diagnostics.filter((d) => d.message.includes('both have priority 7 in the Admin tier'))).toHaveLength(1);
    expect(m.diagnostics.some((d) => d.message.includes('are mixed in one tree'))).toBe(true);
  });

  it('equal priorities that agree stay certain', () => {
    const a = anp('a', 7, `${DB_SUBJECT}\n  ingress:\n  - action: Deny\n    from:\n    - namespaces: {}`);
    const b = anp('b', 7, `${DB_SUBJECT}\n  ingress:\n  - action: Deny\n    from:\n    - namespaces: {}`);
    expect(portsOf(run(a, b), 'prod/Pod/api', 'prod/Pod/db')).toBeUndefined();
  });

  it('a peer of an unknown kind: an Allow matches nothing, a Deny or Pass denies all', () => {
    const closed = policy('db-closed', '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]');
    const allow = anp('x', 1, `${DB_SUBJECT}\n  ingress:\n  - action: Allow\n    from:\n    - cidrGroups: {}`);
    expect(portsOf(run(allow, closed), 'dev/Pod/tool', 'prod/Pod/db')).toBeUndefined();
    const pass = anp('x', 1, `${DB_SUBJECT}\n  ingress:\n  - action: Pass\n    from:\n    - cidrGroups: {}`);
    const m = run(pass);
    expect(portsOf(m, 'dev/Pod/tool', 'prod/Pod/db')).toBeUndefined();
    expect(m.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('fails closed'))).toBe(true);
  });

  it('host-networked pods are never selected', () => {
    const host = file('host.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\n  namespace: dev\n  labels: {app: agent}\nspec:\n  hostNetwork: true\n  containers: [{name: c}]\n');
    const deny = anp('deny-all', 1, '  subject:\n    namespaces: {}\n  ingress:\n  - action: Deny\n    from:\n    - namespaces: {}');
    const m = matrix({ files: [PODS, host, file('p.yaml', deny)] });
    expect(portsOf(m, 'dev/Pod/agent', 'prod/Pod/db')).toEqual(ALL_PORTS);
    expect(portsOf(m, 'prod/Pod/api', 'dev/Pod/agent')).toEqual(ALL_PORTS);
    expect(portsOf(m, 'prod/Pod/api', 'prod/Pod/db')).toBeUndefined();
  });
});

describe('diff', () => {
  const deny = (p: number) => anp('deny-sensitive', p, `${DB_SUBJECT}\n  ingress:\n  - action: Deny\n    from:\n    - namespaces: {matchLabels: {env: dev}}`);
  const allow = anp('allow-monitoring', 50, `${DB_SUBJECT}\n  ingress:\n  - name: monitoring\n    action: Allow\n    from:\n    - namespaces: {matchLabels: {env: dev}}\n    ports: [{portNumber: {protocol: TCP, port: 5432}}]`);

  it('moving a Deny below an Allow opens the paths the Allow now wins, and explains why', () => {
    const result = diff(input(deny(10), allow), input(deny(900), allow));
    expect(result.opened.map((e) => [e.from, e.to, e.ports])).toEqual([['dev/Pod/tool', 'prod/Pod/db', ['TCP/5432']]]);
    expect(result.closed).toEqual([]);
    const because = result.opened[0]!.because.ingress.clusterRules;
    expect(because).toEqual([
      { tier: 'Admin', kind: 'AdminNetworkPolicy', policy: 'AdminNetworkPolicy/allow-monitoring', name: 'allow-monitoring', priority: 50, direction: 'ingress', rule: 0, ruleName: 'monitoring', action: 'Allow', file: 'p1.yaml', line: 12, ports: ['TCP/5432'] },
    ]);
    expect(result.opened[0]!.before.ingress.clusterRules?.map((r) => [r.policy, r.priority, r.action])).toEqual([['AdminNetworkPolicy/deny-sensitive', 10, 'Deny']]);
  });

  it('a change in a cluster policy alone marks the classes dirty (nothing else differs)', () => {
    const result = diff(input(deny(10)), input());
    expect(result.opened.map((e) => `${e.from}>${e.to}`)).toEqual(['dev/Pod/tool>prod/Pod/db']);
    const back = diff(input(), input(deny(10)));
    expect(back.closed.map((e) => `${e.from}>${e.to}`)).toEqual(['dev/Pod/tool>prod/Pod/db']);
  });
});

describe('explain', () => {
  it('names tier, policy, priority, rule index and name, and the file line; NetworkPolicy rules only for passed ports', () => {
    const pass = cnp('hand-off', 'Admin', 4, `${DB_SUBJECT}\n  ingress:\n  - name: to-owners\n    action: Pass\n    from:\n    - namespaces: {}`);
    const np = policy('db-from-api', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: api}}');
    const base = banp(`${DB_SUBJECT}\n  ingress:\n  - name: deny-rest\n    action: Deny\n    from:\n    - namespaces: {}`);
    const r = explained(input(pass, np, base), 'prod/Pod/api', 'prod/Pod/db', 5432);
    expect(r.allowed).toBe(true);
    expect(r.ingress.clusterRules).toEqual([
      { tier: 'Admin', kind: 'ClusterNetworkPolicy', policy: 'ClusterNetworkPolicy/hand-off', name: 'hand-off', priority: 4, direction: 'ingress', rule: 0, ruleName: 'to-owners', action: 'Pass', file: 'p0.yaml', line: 13, ports: ['TCP/5432'] },
    ]);
    expect(r.ingress.allowedBy.map((a) => [a.policy, a.rule])).toEqual([['prod/db-from-api', 0]]);
    const denied = explained(input(base), 'dev/Pod/tool', 'prod/Pod/db', 5432);
    expect(denied.allowed).toBe(false);
    expect(denied.ingress.clusterRules?.map((c) => [c.tier, c.policy, c.priority, c.action, c.line])).toEqual([['Baseline', 'BaselineAdminNetworkPolicy/default', undefined, 'Deny', 11]]);
    expect(denied.egress.clusterRules).toBeUndefined();
  });

  it('lists rules with nodes or domainNames peers as not evaluated for external destinations', () => {
    const dns = anp('fqdn', 3, '  subject:\n    namespaces: {}\n  egress:\n  - name: example\n    action: Allow\n    to:\n    - domainNames: ["*.example.com"]\n  - action: Deny\n    to:\n    - networks: [0.0.0.0/0]');
    const r = explained(input(dns), 'prod/Pod/api', 'ip:8.8.8.8', 443);
    expect(r.allowed).toBe(false);
    expect(r.egress.notEvaluated?.map((n) => [n.policy, n.rule, n.ruleName])).toEqual([['AdminNetworkPolicy/fqdn', 0, 'example']]);
    expect(r.egress.clusterRules?.map((n) => [n.rule, n.action])).toEqual([[1, 'Deny']]);
  });
});

describe('an Admin Allow the change leaves alone, when a NetworkPolicy at the other end changes', () => {
  const apiClosedOut = policy('api-closed-out', '  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]');
  const toolClosedIn = policy('tool-closed-in', '  podSelector: {}\n  policyTypes: [Ingress]', 'dev');
  const toolClosedOut = policy('tool-closed-out', '  podSelector: {}\n  policyTypes: [Egress]', 'dev');
  const dbClosedIn = policy('db-closed-in', '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]');
  const pairs = (edges: { from: string; to: string; ports: string[] }[]) => edges.map((e) => [e.from, e.to, e.ports]);

  it("the source's egress is allowed only by the Admin rule, and the destination's ingress opens", () => {
    const apiToTool = anp('api-to-tool', 5, '  subject:\n    pods:\n      namespaceSelector: {matchLabels: {env: prod}}\n      podSelector: {matchLabels: {app: api}}\n  egress:\n  - action: Allow\n    to:\n    - pods:\n        namespaceSelector: {matchLabels: {env: dev}}\n        podSelector: {matchLabels: {app: tool}}\n    ports:\n    - portNumber: {protocol: UDP, port: 9090}');
    const result = diff(input(apiClosedOut, apiToTool, toolClosedIn), input(apiClosedOut, apiToTool));
    expect(pairs(result.opened).filter(([from]) => from === 'prod/Pod/api')).toEqual([['prod/Pod/api', 'dev/Pod/tool', ['UDP/9090']]]);
  });

  it("the destination's ingress is allowed only by the Admin rule, and the source's egress opens", () => {
    const devToDb = anp('dev-to-db', 5, `${DB_SUBJECT}\n  ingress:\n  - action: Allow\n    from:\n    - namespaces: {matchLabels: {env: dev}}\n    ports:\n    - namedPort: pg`);
    const result = diff(input(toolClosedOut, dbClosedIn, devToDb), input(dbClosedIn, devToDb));
    expect(pairs(result.opened).filter(([, to]) => to === 'prod/Pod/db')).toEqual([['dev/Pod/tool', 'prod/Pod/db', ['TCP/5432']]]);
  });
});
