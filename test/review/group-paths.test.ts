/** Aggregation of path changes into rows that name whole namespaces. */
import { describe, expect, test } from 'vitest';
import type { Cause } from '../../src/review/causes.js';
import { type GroupPart, type PathChange, type SelectionNamer, describeEndpoints, groupPaths, namespaceMembers } from '../../src/review/group-paths.js';
import { deployment, file, namespace, peers, policies, reviewScenario } from './manifests.js';
import { part, ports, ref, wref } from './refs.js';

const SIZES = { a: 3, b: 2, c: 1 };
const cause = (key: string): Cause => ({ items: [], key });
const change = (from: string, to: string, extra: Partial<PathChange> = {}): PathChange => ({ from: ref(from), to: ref(to), ports: ports('TCP/80'), uncertain: false, cause: cause('k'), risk: 'low', ...extra });
/** Parts written with ids: workload and external parts become their typed form. */
type Written = { kind: 'workload' | 'external'; id: string } | { kind: 'namespace'; namespace: string; count: number } | { kind: 'every-workload'; count: number };
const typed = (parts: readonly Written[]): GroupPart[] => parts.map((p): GroupPart => ('id' in p ? part(p.id) : p));

describe('describeEndpoints', () => {
  test.each([
    ['one workload', ['a/Pod/1'], [{ kind: 'workload', id: 'a/Pod/1' }], 1],
    ['part of a namespace', ['a/Pod/1', 'a/Pod/2'], [{ kind: 'workload', id: 'a/Pod/1' }, { kind: 'workload', id: 'a/Pod/2' }], 2],
    ['a whole namespace', ['a/Pod/3', 'a/Pod/1', 'a/Pod/2'], [{ kind: 'namespace', namespace: 'a', count: 3 }], 3],
    ['a one-workload namespace stays a workload', ['c/Pod/1'], [{ kind: 'workload', id: 'c/Pod/1' }], 1],
    ['duplicates count once', ['b/Pod/1', 'b/Pod/1', 'b/Pod/2'], [{ kind: 'namespace', namespace: 'b', count: 2 }], 2],
    ['every workload, when one namespace has a single workload', ['a/Pod/1', 'a/Pod/2', 'a/Pod/3', 'b/Pod/1', 'b/Pod/2', 'c/Pod/1'], [{ kind: 'every-workload', count: 6 }], 6],
    ['every workload and an external endpoint, when one namespace has a single workload', ['ip:1.2.3.4/32', 'a/Pod/1', 'a/Pod/2', 'a/Pod/3', 'b/Pod/1', 'b/Pod/2', 'c/Pod/1'], [{ kind: 'every-workload', count: 6 }, { kind: 'external', id: 'ip:1.2.3.4/32' }], 7],
    ['two whole namespaces but not all', ['a/Pod/1', 'a/Pod/2', 'a/Pod/3', 'b/Pod/1', 'b/Pod/2'], [{ kind: 'namespace', namespace: 'a', count: 3 }, { kind: 'namespace', namespace: 'b', count: 2 }], 5],
    ['nothing', [], [], 0],
  ] as const)('%s', (_, ids, parts, count) => {
    expect(describeEndpoints(ids.map(ref), SIZES)).toEqual({ parts: typed(parts), count });
  });

  test('every workload, when every namespace has several', () => {
    expect(describeEndpoints(['a/Pod/1', 'a/Pod/2', 'a/Pod/3', 'b/Pod/1', 'b/Pod/2'].map(ref), { a: 3, b: 2 })).toEqual({ parts: [{ kind: 'every-workload', count: 5 }], count: 5 });
  });
});

describe('every workload in a namespace except a few', () => {
  const shop = Array.from({ length: 8 }, (_, i) => `shop/Deployment/w${i}`);
  const members = namespaceMembers([...shop, 'data/Deployment/db'].map(wref));
  const sizes = { shop: 8, data: 1 };
  const partsOf = (ids: string[]) => describeEndpoints(ids.map(ref), sizes, members).parts;

  test('all but one or two: the namespace and the few it leaves out', () => {
    expect(partsOf(shop.slice(1))).toEqual([{ kind: 'namespace-except', namespace: 'shop', count: 7, except: [wref('shop/Deployment/w0')] }]);
    expect(partsOf(shop.filter((_, i) => i !== 2 && i !== 5))).toEqual([{ kind: 'namespace-except', namespace: 'shop', count: 6, except: [wref('shop/Deployment/w2'), wref('shop/Deployment/w5')] }]);
  });

  test('more than three left out, or not fewer than half the group: the workloads themselves', () => {
    expect(partsOf(shop.slice(4)).map((p) => p.kind)).toEqual(['workload', 'workload', 'workload', 'workload']);
    expect(partsOf(shop.slice(0, 3)).map((p) => p.kind)).toEqual(['workload', 'workload', 'workload']);
  });

  test('without members (the engine answers): plain names', () => {
    expect(describeEndpoints(shop.slice(1).map(ref), sizes).parts.map((p) => p.kind)).toEqual(Array(7).fill('workload'));
  });

  test('a policy that admits only the front end: the closed row reads "every workload in `sock-shop` except" it', () => {
    const names = ['carts', 'carts-db', 'catalogue', 'catalogue-db', 'front-end', 'orders', 'payment', 'user'];
    const workloads = file('sock-shop/workloads.yaml', namespace('sock-shop'), ...names.map((n) => deployment('sock-shop', n, { name: n })));
    const only = policies.allowIngress('sock-shop', 'catalogue', { name: 'catalogue' }, [peers.pods({ name: 'front-end' })]);
    const s = reviewScenario({ base: [workloads], head: [workloads, file('sock-shop/catalogue.yaml', only)] });
    expect(s.markdown).toContain(
      '| 🟡 | every workload in <code>sock-shop</code> (7) except <code>sock-shop/Deployment/front-end</code> | <code>sock-shop/Deployment/catalogue</code> | all ports |',
    );
  });

  test('in the comment', () => {
    const rows = groupPaths(shop.slice(1).map((id) => change(id, 'data/Deployment/db')), sizes, undefined, members);
    expect(rows.map((r) => [r.from.parts.map((p) => p.kind), r.pairs])).toEqual([[['namespace-except'], 7]]);
  });
});

describe('groupPaths', () => {
  test('a namespace-to-namespace change is one row with whole namespaces on both ends', () => {
    const changes = ['a/Pod/1', 'a/Pod/2', 'a/Pod/3'].flatMap((f) => ['b/Pod/1', 'b/Pod/2'].map((t) => change(f, t)));
    const rows = groupPaths(changes, SIZES);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ from: { parts: [{ kind: 'namespace', namespace: 'a' }] }, to: { parts: [{ kind: 'namespace', namespace: 'b' }] }, pairs: 6 });
  });

  test.each([
    ['ports', { ports: ports('TCP/81') }],
    ['cause', { cause: cause('other') }],
    ['uncertainty', { uncertain: true }],
    ['risk', { risk: 'high' as const }],
  ])('changes that differ in %s are separate rows', (_, extra) => {
    const rows = groupPaths([change('a/Pod/1', 'b/Pod/1'), change('a/Pod/2', 'b/Pod/1', extra)], SIZES);
    expect(rows).toHaveLength(2);
    expect(rows.reduce((n, r) => n + r.pairs, 0)).toBe(2);
  });

  test('rows are ordered by risk, then by pairs', () => {
    const rows = groupPaths(
      [change('a/Pod/1', 'c/Pod/1', { risk: 'low' }), change('a/Pod/2', 'c/Pod/1', { risk: 'low' }), change('b/Pod/1', 'c/Pod/1', { risk: 'medium', ports: ports('TCP/1') }), change('a/Pod/3', 'b/Pod/2', { risk: 'low', ports: ports('TCP/2') })],
      SIZES,
    );
    expect(rows.map((r) => [r.risk, r.pairs])).toEqual([
      ['medium', 1],
      ['low', 2],
      ['low', 1],
    ]);
  });

  test('every pair is counted exactly once', () => {
    const changes = Array.from({ length: 60 }, (_, i) => change(`a/Pod/${i % 3}`, `b/Pod/${i % 2}`, { ports: ports(`TCP/${i % 5}`), risk: i % 7 ? 'low' : 'medium' }));
    const unique = [...new Map(changes.map((c) => [JSON.stringify(c), c])).values()];
    expect(groupPaths(unique, SIZES).reduce((n, r) => n + r.pairs, 0)).toBe(unique.length);
  });
});

describe('groupPaths with a selection namer', () => {
  const selection: GroupPart = { kind: 'selection', terms: [{ pods: { requirements: [{ key: 'role', operator: 'In', values: ['client'] }] }, namespace: 'a' }], count: 2 };
  const asked: [string[], 'from' | 'to'][] = [];
  const namer: SelectionNamer = (endpoints, _, end) => {
    asked.push([endpoints.map((e) => e.id), end]);
    return endpoints.length === 2 && endpoints.every((e) => e.id.startsWith('a/')) ? selection : undefined;
  };

  test('several workloads of one group are named by the selection; single workloads, whole namespaces and externals are not asked', () => {
    asked.length = 0;
    const rows = groupPaths(
      [change('a/Pod/1', 'c/Pod/1'), change('a/Pod/2', 'c/Pod/1'), change('b/Pod/1', 'c/Pod/1', { ports: ports('TCP/1') }), change('b/Pod/2', 'c/Pod/1', { ports: ports('TCP/1') }), change('ip:1.2.3.4/32', 'a/Pod/3', { ports: ports('TCP/2') }), change('a/Pod/1', 'a/Pod/3', { ports: ports('TCP/2') })],
      SIZES,
      namer,
    );
    expect(rows.map((r) => [r.from.parts, r.to.parts, r.pairs])).toEqual([
      [typed([{ kind: 'workload', id: 'a/Pod/1' }, { kind: 'external', id: 'ip:1.2.3.4/32' }]), typed([{ kind: 'workload', id: 'a/Pod/3' }]), 2],
      [[{ kind: 'namespace', namespace: 'b', count: 2 }], typed([{ kind: 'workload', id: 'c/Pod/1' }]), 2],
      [[selection], typed([{ kind: 'workload', id: 'c/Pod/1' }]), 2],
    ]);
    expect(rows[2]!.from.count).toBe(2);
    expect(asked).toEqual([[['a/Pod/1', 'a/Pod/2'], 'from']]);
  });

  test('a namer that finds nothing leaves the plain names', () => {
    const rows = groupPaths([change('a/Pod/1', 'c/Pod/1'), change('b/Pod/1', 'c/Pod/1')], SIZES, () => undefined);
    expect(rows.map((r) => r.from.parts)).toEqual([typed([{ kind: 'workload', id: 'a/Pod/1' }, { kind: 'workload', id: 'b/Pod/1' }])]);
  });
});
