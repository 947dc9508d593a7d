/** The model: one analysis asked many questions; resolve with short ids and suggestions; exposure facts with locations. */
import { describe, expect, test } from 'vitest';
import { type EndpointRef, type Model, analyse, analysePair, compare, formatPorts, portRange } from '../../src/index.js';
import { DB_FROM_API, TRIO, docs, file, pod, policy } from '../k8s/manifests.js';

const found = (model: Model, id: string): EndpointRef => {
  const r = model.resolve(id);
  if (r.kind !== 'found') throw new Error(`${id}: ${r.kind}`);
  return r.endpoint;
};

describe('resolve', () => {
  const model = analyse({ files: [TRIO, file('more.yaml', docs(pod('api', { ns: 'staging' }), pod('cache', { ns: 'staging' })))] });

  test('an exact id', () => {
    expect(model.resolve('prod/Pod/db')).toEqual({ kind: 'found', endpoint: { type: 'workload', id: 'prod/Pod/db', namespace: 'prod', kind: 'Pod', name: 'db' } });
  });

  test('ns/name when one workload has that name there', () => {
    expect(found(model, 'staging/cache').id).toBe('staging/Pod/cache');
  });

  test('a bare name when unique, ambiguous when not', () => {
    expect(found(model, 'web').id).toBe('prod/Pod/web');
    expect(model.resolve('api')).toEqual({
      kind: 'ambiguous',
      id: 'api',
      candidates: [expect.objectContaining({ id: 'prod/Pod/api' }), expect.objectContaining({ id: 'staging/Pod/api' })],
    });
  });

  test('an address inside an external atom names the atom', () => {
    const withBlock = analyse({
      files: [TRIO, file('p.yaml', policy('egress', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}'))],
    });
    expect(found(withBlock, 'ip:8.8.8.8').id).toBe('ip:0.0.0.0/0 except 10.0.0.0/8');
    expect(found(withBlock, 'ip:10.1.2.3').id).toBe('ip:10.0.0.0/8');
  });

  test('an unknown id: the closest known ids as suggestions', () => {
    expect(model.resolve('prod/Pod/dbb')).toEqual({ kind: 'unknown', id: 'prod/Pod/dbb', suggestions: ['prod/Pod/db', 'prod/Pod/web', 'prod/Pod/api'] });
    expect(model.resolve('prod/cach')).toEqual({ kind: 'unknown', id: 'prod/cach', suggestions: ['staging/Pod/cache', 'prod/Pod/api', 'prod/Pod/db'] });
  });
});

describe('queries on one analysis', () => {
  const model = analyse({ files: [TRIO, file('policy.yaml', DB_FROM_API)] });
  const api = found(model, 'prod/Pod/api');
  const db = found(model, 'prod/Pod/db');
  const web = found(model, 'prod/Pod/web');

  test('allowed: a port set', () => {
    expect(formatPorts(model.allowed(api, db).ports)).toEqual(['TCP/5432']);
    expect(formatPorts(model.allowed(web, db).ports)).toEqual([]);
  });

  test('reachers: the column of db; reachable: the row of web', () => {
    expect(model.reachers(db).map((p) => [p.from.id, formatPorts(p.ports)])).toEqual([['prod/Pod/api', ['TCP/5432']]]);
    expect(model.reachable(web).map((p) => p.to.id)).toEqual(['ip:0.0.0.0/0', 'prod/Pod/api', 'prod/Pod/web']);
  });

  test('explain names the rule, file and line', () => {
    const e = model.explain(api, db, portRange('TCP', 5432, 5432));
    expect(e.allowed).toBe(true);
    expect(e.ingress.allowedBy.map((r) => [r.policy, r.rule, r.file, r.line, formatPorts(r.ports)])).toEqual([['prod/db-from-api', 0, 'policy.yaml', 9, ['TCP/5432']]]);
    expect(model.explain(web, db, portRange('TCP', 5432, 5432)).allowed).toBe(false);
  });

  test('isolated: the policies that select, per direction', () => {
    expect(model.isolated(db, 'ingress').map((p) => p.policy)).toEqual(['prod/db-from-api']);
    expect(model.isolated(db, 'egress')).toEqual([]);
    expect(model.isolated(api, 'ingress')).toEqual([]);
  });

  test('selection: what a policy selects, and what a rule admits', () => {
    expect(model.selection('prod/db-from-api', 'targets')?.workloads.map((w) => w.id)).toEqual(['prod/Pod/db']);
    expect(model.selection('prod/db-from-api', { direction: 'ingress', rule: 0 })?.workloads.map((w) => w.id)).toEqual(['prod/Pod/api']);
    expect(model.selection('prod/nope', 'targets')).toBeUndefined();
  });

  test('a foreign endpoint is refused, not answered wrongly', () => {
    const other = analyse({ files: [file('x.yaml', pod('solo', { ns: 'x' }))] });
    expect(() => model.allowed(found(other, 'x/Pod/solo'), db)).toThrow('x/Pod/solo is not an endpoint of this model');
  });
});

describe('the assumed DNS', () => {
  const dns = { namespace: 'kube-system', podSelector: { requirements: [{ key: 'k8s-app', operator: 'In' as const, values: ['kube-dns'] }] } };
  const denyEgress = file('deny.yaml', policy('deny', '  podSelector: {}\n  policyTypes: [Egress]'));

  test('is never in results, yet its cut is an exposure fact', () => {
    const { base, head } = analysePair({ files: [TRIO] }, { files: [TRIO, denyEgress] }, { dns });
    expect(base.workloads.map((w) => w.id)).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
    expect(base.resolve('kube-system/Pod/assumed-cluster-dns').kind).toBe('unknown');
    expect(base.matrix().paths.some((p) => p.from.id.includes('assumed') || p.to.id.includes('assumed'))).toBe(false);
    const c = compare(base, head);
    expect(c.closed.some((p) => p.to.id.includes('assumed'))).toBe(false);
    const cuts = c.exposures.filter((x) => x.kind === 'dns-cut');
    expect(cuts.map((x) => [x.workload.id, formatPorts(x.ports), x.location])).toEqual([
      ['prod/Pod/api', ['TCP/53', 'UDP/53'], { file: 'deny.yaml', line: 1, side: 'head' }],
      ['prod/Pod/db', ['TCP/53', 'UDP/53'], { file: 'deny.yaml', line: 1, side: 'head' }],
      ['prod/Pod/web', ['TCP/53', 'UDP/53'], { file: 'deny.yaml', line: 1, side: 'head' }],
    ]);
  });
});

describe('exposure facts carry their location', () => {
  test('lost ingress isolation points at the base policy; internet ingress at the head rule', () => {
    const open = file('open.yaml', policy('open', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 0.0.0.0/0}'));
    const { base, head } = analysePair({ files: [TRIO, file('policy.yaml', DB_FROM_API)] }, { files: [TRIO, open] });
    const c = compare(base, head);
    const of = (kind: string) => c.exposures.filter((x) => x.kind === kind).map((x) => [x.workload.id, x.location]);
    expect(of('internet-ingress')).toEqual([['prod/Pod/db', { file: 'open.yaml', line: 9, side: 'head' }]]);
    const lifted = compare(...Object.values(analysePair({ files: [TRIO, file('policy.yaml', DB_FROM_API)] }, { files: [TRIO] })) as [Model, Model]);
    expect(lifted.exposures.filter((x) => x.kind === 'lost-ingress-isolation').map((x) => [x.workload.id, x.location])).toEqual([['prod/Pod/db', { file: 'policy.yaml', line: 1, side: 'base' }]]);
  });
});
