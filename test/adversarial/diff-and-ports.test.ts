/**
 * Verified-correct guards: diff opened/closed semantics, named ports, ipBlocks against pods and external
 * atom ids. References:
 * - README "diff --format json": opened = ports allowed in head and not in base between endpoints present
 *   in both; closed the reverse; a path that may be open is never reported closed; addedPaths for
 *   workloads only in head.
 * - API reference NetworkPolicyPort.port: "This can either be a numerical or named port on a pod";
 *   protocol "If not specified, this field defaults to TCP"; endPort "the range of ports from port to
 *   endPort if set, inclusive".
 * - API reference IPBlock: "cidr is a string representing the IPBlock … except is a slice of CIDRs that
 *   should not be included within an IPBlock"; README "ipBlocks and pods" (status.podIPs matched
 *   exactly; --pod-cidr) and "Ids" (excepts in code-unit order, canonical text).
 * - Container ports: restartable init containers (restartPolicy: Always) are sidecars that keep
 *   running next to the containers (KEP-753); plain init containers have exited before them.
 */
import { describe, expect, it } from 'vitest';
import { ALL_PORTS, docs, pod, ports, run, runDiff } from './helpers.js';

const policy = (spec: string, selector = '{matchLabels: {pod: a}}') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n  podSelector: ${selector}\n  ${spec}\n`;

describe('diff opened / closed (verified correct)', () => {
  const pods = docs(pod('x', 'a', { pod: 'a' }), pod('x', 'b', { pod: 'b' }));
  const base = docs(pods, policy('ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}], ports: [{port: 80}]}]'));

  it('widening ports opens only the new ports; a workload added in head goes to addedPaths, not opened', () => {
    const head = docs(pods, pod('x', 'c', { pod: 'b' }), policy('ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}], ports: [{port: 80, endPort: 81}, {port: 53, protocol: UDP}]}]'));
    const result = runDiff(base, head);
    expect(result.opened.map((e) => [e.from, e.to, e.ports])).toEqual([['x/Pod/b', 'x/Pod/a', ['TCP/81', 'UDP/53']]]);
    expect(result.closed).toEqual([]);
    expect(result.addedWorkloads).toEqual(['x/Pod/c']);
    expect(result.addedPaths.find((e) => e.from === 'x/Pod/c' && e.to === 'x/Pod/a')?.ports).toEqual(['TCP/80-81', 'UDP/53']);
  });

  it('a sure path that becomes only maybe-open (partial ipBlock) is not closed', () => {
    const head = docs(pods, policy('ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 80}]}]'));
    const result = runDiff(base, head);
    expect(result.closed).toEqual([]);
    expect(result.opened.find((e) => e.from === 'ip:10.0.0.0/8')?.ports).toEqual(['TCP/80']);
  });

  it('a namespace label change opens a namespaceSelector path', () => {
    const ns = (team: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: "y", labels: {team: ${team}}}\n`;
    const sel = policy('ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]');
    const result = runDiff(docs(pods, pod('y', 'c', {}), ns('b'), sel), docs(pods, pod('y', 'c', {}), ns('a'), sel));
    expect(result.opened.map((e) => [e.from, e.to, e.ports])).toEqual([['y/Pod/c', 'x/Pod/a', ALL_PORTS]]);
  });
});

describe('named ports (verified correct)', () => {
  const server = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {pod: a}}
spec:
  initContainers:
  - {name: side, image: i, restartPolicy: Always, ports: [{containerPort: 9000, name: metrics}]}
  - {name: init, image: i, ports: [{containerPort: 7000, name: setup}]}
  containers:
  - {name: c1, image: i, ports: [{containerPort: 53, name: dns, protocol: UDP}]}
  - {name: c2, image: i, ports: [{containerPort: 5353, name: dns, protocol: TCP}]}
`;
  const client = pod('x', 'b', { pod: 'b' }, '{containerPort: 8080, name: dns}');
  const table: [string, string, string[]][] = [
    ['same name, protocol picks the container port (UDP)', '{port: dns, protocol: UDP}', ['UDP/53']],
    ['same name, protocol defaults to TCP', '{port: dns}', ['TCP/5353']],
    ['a sidecar (restartPolicy: Always) port resolves', '{port: metrics}', ['TCP/9000']],
    ['a plain init container port does not', '{port: setup}', []],
    ['a name the destination lacks gives nothing', '{port: nope}', []],
    ['named and numeric entries add up', '{port: metrics}, {port: 9001, endPort: 9002}', ['TCP/9000-9002']],
  ];
  it.each(table)('%s', (_name, entries, expected) => {
    expect(ports(run(docs(server, client, policy(`ingress: [{ports: [${entries}]}]`))), 'x/Pod/b', 'x/Pod/a')).toEqual(expected);
  });

  it('an egress named port resolves against the destination, never against an external', () => {
    const result = run(docs(server, client, policy('policyTypes: [Egress]\n  egress: [{ports: [{port: dns}]}]', '{matchLabels: {pod: b}}')));
    expect(ports(result, 'x/Pod/b', 'x/Pod/a')).toEqual(['TCP/5353']);
    expect(ports(result, 'x/Pod/b', 'x/Pod/b')).toEqual(['TCP/8080']);
    expect(ports(result, 'x/Pod/b', 'ip:0.0.0.0/0')).toEqual([]);
  });
});

describe('ipBlocks, pods and external atoms (verified correct)', () => {
  const withIp = (name: string, ip: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: x, labels: {pod: ${name}}}\nspec: {containers: [{name: c, image: i}]}\nstatus: {podIPs: [{ip: "${ip}"}]}\n`;
  const cluster = docs(withIp('a', '10.1.1.5'), withIp('b', '10.1.1.6'), pod('x', 'd', { pod: 'd' }));
  const egress = policy('policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.1.1.0/24, except: [10.1.1.6/32]}}]}]');

  it('pods with status.podIPs are matched exactly by their IPs; the except /32 excludes b', () => {
    const result = run(docs(cluster, egress));
    expect(ports(result, 'x/Pod/a', 'x/Pod/b')).toEqual([]);
    expect(ports(result, 'x/Pod/a', 'ip:10.1.1.0/24 except 10.1.1.6/32')).toEqual(ALL_PORTS);
    expect(ports(result, 'x/Pod/a', 'ip:10.1.1.6/32')).toEqual([]);
  });

  it.each([
    ['default pod CIDRs: partial overlap → uncertain match', undefined, true, true],
    ['--pod-cidr inside the block minus its except → sure match', ['10.1.1.128/25'], true, false],
    ['--pod-cidr disjoint from the block → no match', ['192.168.0.0/16'], false, false],
  ])('a pod without IPs: %s', (_name, podCidrs, matched, uncertain) => {
    const options = podCidrs ? { podCidrs } : {};
    const edge = run(docs(cluster, egress), options).edges.find((e) => e.from === 'x/Pod/a' && e.to === 'x/Pod/d');
    expect(edge !== undefined).toBe(matched);
    expect(edge?.uncertain === true).toBe(uncertain);
  });

  it('atom ids: canonical text, excepts in code-unit order, IPv6 space only when needed', () => {
    const v6 = policy('policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: "2001:DB8::/32", except: ["2001:db8:0:10::/64", "2001:db8:0:9::/64"]}}, {ipBlock: {cidr: 10.0.0.1/8, except: [10.9.0.0/16, 10.10.0.0/16]}}]}]');
    expect(run(docs(pod('x', 'a', { pod: 'a' }), v6)).externals.map((e) => e.id)).toEqual([
      'ip:0.0.0.0/0 except 10.0.0.0/8',
      'ip:10.0.0.0/8 except 10.10.0.0/16,10.9.0.0/16',
      'ip:10.10.0.0/16',
      'ip:10.9.0.0/16',
      'ip:2001:db8:0:10::/64',
      'ip:2001:db8:0:9::/64',
      'ip:2001:db8::/32 except 2001:db8:0:10::/64,2001:db8:0:9::/64',
      'ip:::/0 except 2001:db8::/32',
    ]);
    expect(run(pod('x', 'a', { pod: 'a' })).externals.map((e) => e.id)).toEqual(['ip:0.0.0.0/0']);
  });
});
