/** Aggregation of path changes into rows that name whole namespaces. */
import { describe, expect, test } from 'vitest';
import type { Cause } from '../../src/review/causes.js';
import { type GroupPart, type PathChange, type SelectionNamer, describeEndpoints, groupPaths } from '../../src/review/group-paths.js';
import { part, ports, ref } from './refs.js';

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
