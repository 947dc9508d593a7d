/** Hand-worked examples for the oracle itself, each from the NetworkPolicy API reference / docs. */
import { describe, expect, it } from 'vitest';
import { blockSet, parseAtomId, parseCidr, parseIp, setContains, someAddress, formatIp } from './ip.js';
import type { Manifest, NetworkPolicyManifest, PodManifest } from './manifests.js';
import { effectivePolicyTypes, ipEndpoint, Oracle, selectorMatches, type PodEndpoint } from './oracle.js';
import { formatPorts, parsePorts } from './ports.js';

function ns(name: string, labels: Record<string, string> = {}): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

function pod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  ip?: string,
  ports: { name?: string; containerPort: number; protocol?: 'TCP' | 'UDP' | 'SCTP' }[] = [],
): PodManifest {
  const p: PodManifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'c', image: 'x', ports }] },
  };
  if (ip) p.status = { podIP: ip, podIPs: [{ ip }] };
  return p;
}

function np(namespace: string, name: string, spec: NetworkPolicyManifest['spec']): NetworkPolicyManifest {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

function podEp(o: Oracle, id: string): PodEndpoint {
  const p = o.pods.find((x) => x.id === id);
  if (!p) throw new Error(id);
  return p;
}

describe('ip helpers', () => {
  it('parses and contains', () => {
    const c = parseCidr('10.0.0.0/8');
    expect(c.lo).toBe(parseIp('10.0.0.0')!.value);
    expect(c.hi).toBe(parseIp('10.255.255.255')!.value);
    expect(parseIp('2001:db8::1')!.value).toBe((0x20010db8n << 96n) | 1n);
    expect(parseIp('::')!.value).toBe(0n);
    const s = blockSet('10.0.0.0/8', ['10.0.0.0/16']);
    expect(setContains(s, parseIp('10.0.255.255')!)).toBe(false);
    expect(setContains(s, parseIp('10.1.0.0')!)).toBe(true);
    expect(formatIp(someAddress(s)!)).toBe('10.1.0.0');
  });
  it('parses atom ids', () => {
    const a = parseAtomId('ip:10.0.0.0/8 except 10.0.0.0/16,10.1.0.0/16')!;
    expect(a.except).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    expect(formatIp(someAddress(a.set)!)).toBe('10.2.0.0');
    expect(parseAtomId('ip:::/0')!.cidr).toBe('::/0');
    expect(parseAtomId('default/Pod/x')).toBeUndefined();
  });
  it('formats ports', () => {
    expect(formatPorts(parsePorts(['UDP/1-65535', 'TCP/81', 'TCP/80', 'SCTP/5']))).toEqual([
      'SCTP/5',
      'TCP/80-81',
      'UDP/1-65535',
    ]);
  });
});

describe('selectors', () => {
  it('matchLabels and every operator', () => {
    const l = { app: 'a', tier: 'b' };
    expect(selectorMatches({}, l)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'a' } }, l)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'b' } }, l)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'c'] }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'In', values: ['a'] }] }, l)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a'] }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }, l)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, l)).toBe(false);
  });
});

describe('policyTypes defaulting', () => {
  it('absent or empty → Ingress, plus Egress iff egress has a rule', () => {
    expect(effectivePolicyTypes(np('a', 'p', { podSelector: {} }))).toEqual(['Ingress']);
    expect(effectivePolicyTypes(np('a', 'p', { podSelector: {}, policyTypes: [] }))).toEqual(['Ingress']);
    expect(effectivePolicyTypes(np('a', 'p', { podSelector: {}, egress: [] }))).toEqual(['Ingress']);
    expect(effectivePolicyTypes(np('a', 'p', { podSelector: {}, egress: [{}] }))).toEqual(['Ingress', 'Egress']);
    expect(effectivePolicyTypes(np('a', 'p', { podSelector: {}, policyTypes: ['Egress'] }))).toEqual(['Egress']);
  });
});

describe('oracle', () => {
  const base: Manifest[] = [
    ns('a', { team: 'x' }),
    ns('b', { team: 'y' }),
    pod('a', 'web', { app: 'web' }, '10.0.0.1', [{ name: 'http', containerPort: 80 }]),
    pod('a', 'db', { app: 'db' }, '10.0.0.2', [{ name: 'pg', containerPort: 5432 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }]),
    pod('b', 'client', { app: 'client' }, '10.1.0.1'),
  ];

  it('no policies: everything allowed', () => {
    const o = new Oracle(base);
    expect(o.allowed(podEp(o, 'b/Pod/client'), podEp(o, 'a/Pod/db'), 5432, 'TCP')).toBe(true);
    expect(o.allowed(ipEndpoint('8.8.8.8'), podEp(o, 'a/Pod/db'), 1, 'SCTP')).toBe(true);
  });

  it('default deny ingress isolates; egress untouched', () => {
    const o = new Oracle([...base, np('a', 'deny', { podSelector: {} })]);
    expect(o.allowed(podEp(o, 'b/Pod/client'), podEp(o, 'a/Pod/db'), 5432, 'TCP')).toBe(false);
    expect(o.allowed(podEp(o, 'a/Pod/db'), podEp(o, 'b/Pod/client'), 5432, 'TCP')).toBe(true);
    expect(o.allowed(podEp(o, 'a/Pod/db'), podEp(o, 'a/Pod/db'), 5432, 'TCP')).toBe(false);
  });

  it('podSelector alone = policy namespace; namespaceSelector alone = all pods of namespaces; both = AND', () => {
    const onlyPod = new Oracle([...base, np('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }] }] })]);
    expect(onlyPod.allowed(podEp(onlyPod, 'a/Pod/web'), podEp(onlyPod, 'a/Pod/db'), 1, 'TCP')).toBe(true);
    expect(onlyPod.allowed(podEp(onlyPod, 'b/Pod/client'), podEp(onlyPod, 'a/Pod/db'), 1, 'TCP')).toBe(false);

    const onlyNs = new Oracle([
      ...base,
      np('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } } }] }] }),
    ]);
    expect(onlyNs.allowed(podEp(onlyNs, 'b/Pod/client'), podEp(onlyNs, 'a/Pod/db'), 1, 'TCP')).toBe(true);
    expect(onlyNs.allowed(podEp(onlyNs, 'a/Pod/web'), podEp(onlyNs, 'a/Pod/db'), 1, 'TCP')).toBe(false);

    const both = new Oracle([
      ...base,
      np('a', 'p', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }] }],
      }),
    ]);
    expect(both.allowed(podEp(both, 'a/Pod/web'), podEp(both, 'a/Pod/db'), 1, 'TCP')).toBe(true);
    expect(both.allowed(podEp(both, 'b/Pod/client'), podEp(both, 'a/Pod/db'), 1, 'TCP')).toBe(false);
  });

  it('namespace name label is automatic', () => {
    const o = new Oracle([
      ...base,
      np('a', 'p', {
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }] }],
      }),
    ]);
    expect(o.allowed(podEp(o, 'b/Pod/client'), podEp(o, 'a/Pod/web'), 80, 'TCP')).toBe(true);
    expect(o.allowed(podEp(o, 'a/Pod/db'), podEp(o, 'a/Pod/web'), 80, 'TCP')).toBe(false);
  });

  it('ports: named by name AND protocol, numbers, endPort, protocol-only', () => {
    const o = new Oracle([
      ...base,
      np('a', 'p', {
        podSelector: {},
        ingress: [
          { ports: [{ port: 'dns', protocol: 'UDP' }, { port: 'pg', protocol: 'UDP' }] },
          { ports: [{ port: 1000, endPort: 1002 }, { protocol: 'SCTP' }] },
        ],
      }),
    ]);
    const c = podEp(o, 'b/Pod/client');
    const db = podEp(o, 'a/Pod/db');
    expect(formatPorts(o.allowedPorts(c, db))).toEqual(['SCTP/1-65535', 'TCP/1000-1002', 'UDP/53']);
    const web = podEp(o, 'a/Pod/web');
    expect(formatPorts(o.allowedPorts(c, web))).toEqual(['SCTP/1-65535', 'TCP/1000-1002']);
  });

  it('named ports in egress resolve against the destination; never against IPs', () => {
    const o = new Oracle([
      ...base,
      np('b', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] }),
    ]);
    const c = podEp(o, 'b/Pod/client');
    expect(formatPorts(o.allowedPorts(c, podEp(o, 'a/Pod/web')))).toEqual(['TCP/80']);
    expect(formatPorts(o.allowedPorts(c, podEp(o, 'a/Pod/db')))).toEqual([]);
    expect(formatPorts(o.allowedPorts(c, ipEndpoint('8.8.8.8')))).toEqual([]);
    // the ingress side is not isolated
    expect(formatPorts(o.allowedPorts(ipEndpoint('8.8.8.8'), c))).toEqual(['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']);
  });

  it('egress: [] with no policyTypes only isolates ingress; policyTypes [Egress] ignores ingress rules', () => {
    const o = new Oracle([...base, np('b', 'p', { podSelector: {}, egress: [] })]);
    const c = podEp(o, 'b/Pod/client');
    expect(o.allowed(c, podEp(o, 'a/Pod/web'), 80, 'TCP')).toBe(true);
    expect(o.allowed(podEp(o, 'a/Pod/web'), c, 80, 'TCP')).toBe(false);

    const e = new Oracle([...base, np('b', 'p', { podSelector: {}, policyTypes: ['Egress'], ingress: [] })]);
    const c2 = podEp(e, 'b/Pod/client');
    expect(e.allowed(c2, podEp(e, 'a/Pod/web'), 80, 'TCP')).toBe(false);
    expect(e.allowed(podEp(e, 'a/Pod/web'), c2, 80, 'TCP')).toBe(true);
  });

  it('ipBlock: cidr minus except; pods by their IPs', () => {
    const o = new Oracle([
      ...base,
      np('a', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }] }),
    ]);
    const web = podEp(o, 'a/Pod/web');
    expect(o.allowed(ipEndpoint('10.2.3.4'), web, 80, 'TCP')).toBe(true);
    expect(o.allowed(ipEndpoint('10.1.3.4'), web, 80, 'TCP')).toBe(false);
    expect(o.allowed(ipEndpoint('11.0.0.0'), web, 80, 'TCP')).toBe(false);
    expect(o.allowed(podEp(o, 'a/Pod/db'), web, 80, 'TCP')).toBe(true); // 10.0.0.2
    expect(o.allowed(podEp(o, 'b/Pod/client'), web, 80, 'TCP')).toBe(false); // 10.1.0.1
  });

  it('pods without IPs: per-rule judgement against the pod CIDRs', () => {
    const objs: Manifest[] = [
      ns('a'),
      pod('a', 'x', { app: 'x' }),
      pod('a', 'y', { app: 'y' }),
      np('a', 'p', {
        podSelector: { matchLabels: { app: 'y' } },
        ingress: [
          { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 1 }] },
          { from: [{ ipBlock: { cidr: '8.8.8.0/24' } }], ports: [{ port: 2 }] },
          { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 3 }] },
          { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '172.16.0.0/12' } }, { ipBlock: { cidr: '192.168.0.0/16' } }], ports: [{ port: 4 }] },
          { from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ port: 5 }] },
        ],
      }),
    ];
    const opt = new Oracle(objs);
    const pes = new Oracle(objs, { partialIpBlocks: 'no-match' });
    const x = podEp(opt, 'a/Pod/x');
    const y = podEp(opt, 'a/Pod/y');
    expect(formatPorts(opt.allowedPorts(x, y))).toEqual(['TCP/1', 'TCP/3-4']);
    expect(formatPorts(pes.allowedPorts(x, y))).toEqual(['TCP/1', 'TCP/4']);
    expect(opt.uncertainTouched(x, y)).toBe(true);
    expect(opt.uncertainTouched(y, x)).toBe(false);
    // with podCidrs [] ipBlocks never match pods
    const none = new Oracle(objs, { podCidrs: [] });
    expect(formatPorts(none.allowedPorts(x, y))).toEqual([]);
    // with podCidrs [10.0.0.0/8] the 10/8 rule is certain
    const ten = new Oracle(objs, { podCidrs: ['10.0.0.0/8'] });
    expect(formatPorts(ten.allowedPorts(x, y))).toEqual(['TCP/1', 'TCP/3-4']);
    expect(ten.uncertainTouched(x, y)).toBe(false);
  });
});

describe('workload kinds and default namespace', () => {
  const template = (labels: Record<string, string>) => ({
    metadata: { labels },
    spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }], restartPolicy: 'Never' as const },
  });
  const objs: Manifest[] = [
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'a', labels: { owner: 'x' } }, spec: { selector: { matchLabels: { app: 'db' } }, template: template({ app: 'db' }) } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate.v2', namespace: 'a' }, spec: { template: template({ app: 'job' }) } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'manual', namespace: 'a' }, spec: { manualSelector: true, selector: { matchLabels: { app: 'm' } }, template: template({ app: 'm' }) } },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'gc' },
      spec: { schedule: '@hourly', jobTemplate: { metadata: { labels: { app: 'not-the-pods' } }, spec: { template: template({ app: 'gc' }) } } },
    },
    { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'a' }, spec: { template: template({ app: 'rc' }) } },
  ];

  it('a controller is one endpoint with its template labels and ports; the object labels are not its pods', () => {
    const o = new Oracle(objs, { defaultNamespace: 'b' });
    expect(o.pods.map((p) => p.id)).toEqual(['a/StatefulSet/db', 'a/Job/migrate.v2', 'a/Job/manual', 'b/CronJob/gc', 'a/ReplicationController/rc']);
    expect(podEp(o, 'a/StatefulSet/db').labels).toEqual({ app: 'db' });
    expect(podEp(o, 'a/StatefulSet/db').ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(podEp(o, 'b/CronJob/gc').labels).toEqual({ app: 'gc' });
  });

  it("a Job's pods carry job-name labels unless its selector is manual", () => {
    const o = new Oracle(objs);
    expect(podEp(o, 'a/Job/migrate.v2').labels).toEqual({ app: 'job', 'job-name': 'migrate.v2', 'batch.kubernetes.io/job-name': 'migrate.v2' });
    expect(podEp(o, 'a/Job/manual').labels).toEqual({ app: 'm' });
  });

  it('objects without metadata.namespace are in the default namespace, policies too', () => {
    const o = new Oracle([...objs, np('a', 'deny-gc', { podSelector: {} }), { ...np('x', 'deny-b', { podSelector: {} }), metadata: { name: 'deny-b' } }], { defaultNamespace: 'b' });
    expect(o.selecting('Ingress', podEp(o, 'b/CronJob/gc')).map((p) => p.metadata.name)).toEqual(['deny-b']);
    expect(o.allowed(podEp(o, 'a/Job/manual'), podEp(o, 'b/CronJob/gc'), 80, 'TCP')).toBe(false);
    expect(o.allowed(podEp(o, 'b/CronJob/gc'), podEp(o, 'a/Job/manual'), 80, 'TCP')).toBe(false);
  });
});

describe('per-side and per-rule verdicts (for explain)', () => {
  const objs: Manifest[] = [
    ns('a'),
    pod('a', 'web', { app: 'web' }, undefined, [{ name: 'http', containerPort: 80 }]),
    pod('a', 'db', { app: 'db' }, '10.0.0.9'),
    np('a', 'p', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 'http' }] },
        { from: [{ ipBlock: { cidr: '10.0.0.0/16' } }] },
        { from: [{ podSelector: {} }], ports: [{ port: 81 }] },
      ],
    }),
  ];
  const o = new Oracle(objs);
  const web = podEp(o, 'a/Pod/web');
  const db = podEp(o, 'a/Pod/db');
  const policy = o.policies[0]!;

  it('rules: matched by selector (yes), by a known IP (yes), by a partly overlapping ipBlock for a pod without IPs (maybe)', () => {
    expect(o.ruleVerdict(policy, 'Ingress', 0, db, web, 80, 'TCP')).toBe('yes');
    expect(o.ruleVerdict(policy, 'Ingress', 0, db, web, 81, 'TCP')).toBe('no');
    expect(o.ruleVerdict(policy, 'Ingress', 1, db, web, 81, 'TCP')).toBe('yes');
    expect(o.ruleVerdict(policy, 'Ingress', 1, web, web, 81, 'TCP')).toBe('maybe');
    expect(o.ruleVerdict(policy, 'Ingress', 2, web, web, 81, 'TCP')).toBe('yes');
    expect(o.ruleVerdict(policy, 'Ingress', 3, web, web, 81, 'TCP')).toBe('no');
    expect(o.ruleVerdict(policy, 'Egress', 0, web, web, 81, 'TCP')).toBe('no');
    expect(o.ruleCount(policy, 'Ingress')).toBe(3);
  });

  it('sides: isolated ingress allows what some rule allows; non-isolated egress allows everything', () => {
    expect(o.sideAllowed('Ingress', web, db, web, 80, 'TCP')).toBe(true);
    expect(o.sideAllowed('Ingress', web, ipEndpoint('8.8.8.8'), web, 80, 'TCP')).toBe(false);
    expect(o.sideAllowed('Egress', web, db, db, 9, 'UDP')).toBe(true);
  });
});
