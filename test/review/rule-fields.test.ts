/**
 * A changed rule says what changed: the written fields of the rule (and of its policy's subject) that differ
 * between base and head, before → after, in the cause of each path it explains.
 */
import { describe, expect, test } from 'vitest';
import type { CauseItem } from '../../src/review/causes.js';
import { changedFields, ruleFields } from '../../src/review/rule-fields.js';
import { deployment, file, namespace, networkPolicy, reviewScenario } from './manifests.js';

const workloads = file(
  'app/workloads.yaml',
  namespace('app'),
  deployment('app', 'api', { tier: 'api' }),
  deployment('app', 'gc', { tier: 'batch' }),
  deployment('app', 'db', { tier: 'db' }, [{ name: 'pg', containerPort: 5432 }]),
);

const dbIngress = (tiers: string[], ports: number[], podSelector: Record<string, unknown> = { matchLabels: { tier: 'db' } }) =>
  file(
    'app/db.yaml',
    networkPolicy('app', 'db-ingress', {
      podSelector,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: tiers }] } }], ports: ports.map((port) => ({ protocol: 'TCP', port })) }],
    }),
  );

const ruleItems = (items: readonly CauseItem[]) => items.filter((i) => i.kind === 'rule').map((i) => [i.side, i.rule.policy, i.changed, i.fields]);

describe('what changed in a rule', () => {
  test('a value dropped from a selector list: the closed path says which list, before and after', () => {
    const s = reviewScenario({ base: [workloads, dbIngress(['api', 'batch'], [5432])], head: [workloads, dbIngress(['api'], [5432])] });
    expect(s.result.closed.map((r) => ruleItems(r.cause.items))).toEqual([
      [['base', 'app/db-ingress', true, [{ field: 'from[0].podSelector.matchExpressions[0].values', before: '[api, batch]', after: '[api]' }]]],
    ]);
    expect(s.markdown).toContain(
      'was allowed by <code>app/db-ingress</code> ingress rule 1 (app/db.yaml:13), changed: <code>from&#91;0&#93;.podSelector.matchExpressions&#91;0&#93;.values</code> <code>&#91;api, batch&#93;</code> → <code>&#91;api&#93;</code>',
    );
  });

  test('a port added: the opened path names the new port field, absent before', () => {
    const s = reviewScenario({ base: [workloads, dbIngress(['api'], [5432])], head: [workloads, dbIngress(['api'], [5432, 8080])] });
    expect(s.result.opened.map((r) => ruleItems(r.cause.items))).toEqual([
      [['head', 'app/db-ingress', true, [{ field: 'ports[1].port', after: '8080' }, { field: 'ports[1].protocol', after: 'TCP' }]]],
    ]);
    expect(s.markdown).toContain('changed: <code>ports&#91;1&#93;.port</code> (absent) → <code>8080</code>, <code>ports&#91;1&#93;.protocol</code> (absent) → <code>TCP</code>');
  });

  test('a rule added to a policy has no earlier self to compare: it reads "new or changed", with no fields', () => {
    const twoRules = file(
      'app/db.yaml',
      networkPolicy('app', 'db-ingress', {
        podSelector: { matchLabels: { tier: 'db' } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: { tier: 'api' } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
          { from: [{ podSelector: { matchLabels: { tier: 'batch' } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
        ],
      }),
    );
    const s = reviewScenario({ base: [workloads, dbIngress(['api'], [5432])], head: [workloads, twoRules] });
    expect(s.result.opened.map((r) => ruleItems(r.cause.items))).toEqual([[['head', 'app/db-ingress', true, undefined]]]);
    expect(s.markdown).toMatch(/<code>app\/db-ingress<\/code> ingress rule 2 \(app\/db\.yaml:\d+\), new or changed \|/);
  });

  test('more than three changed fields: the first three, then a count', () => {
    const s = reviewScenario({ base: [workloads, dbIngress(['api'], [5432])], head: [workloads, dbIngress(['batch'], [5432, 5433, 5434])] });
    expect(s.markdown).toContain(
      'changed: <code>from&#91;0&#93;.podSelector.matchExpressions&#91;0&#93;.values</code> <code>&#91;api&#93;</code> → <code>&#91;batch&#93;</code>, <code>ports&#91;1&#93;.port</code> (absent) → <code>5433</code>, <code>ports&#91;1&#93;.protocol</code> (absent) → <code>TCP</code> and 2 more fields',
    );
  });
});

describe('ruleFields', () => {
  const spec = (selector: string, priority: number) => ({ podSelector: { matchLabels: { tier: selector } }, priority, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] });
  const model = (selector: string, priority: number) =>
    ({ policies: [{ id: 'app/np', spec: spec(selector, priority) }], clusterPolicies: [{ id: 'AdminNetworkPolicy/anp', spec: spec(selector, priority) }] }) as unknown as Parameters<typeof ruleFields>[0];

  test("a NetworkPolicy's rules carry its podSelector and policyTypes; a cluster policy's its subject, priority and tier", () => {
    const [before, after] = [ruleFields(model('db', 10)), ruleFields(model('web', 20))];
    expect(changedFields(before({ policy: 'app/np', direction: 'ingress', rule: 0 }), after({ policy: 'app/np', direction: 'ingress', rule: 0 }))).toEqual([{ field: 'spec.podSelector.matchLabels.tier', before: 'db', after: 'web' }]);
    expect(changedFields(before({ policy: 'AdminNetworkPolicy/anp', direction: 'ingress', rule: 0 }), after({ policy: 'AdminNetworkPolicy/anp', direction: 'ingress', rule: 0 }))).toEqual([{ field: 'spec.priority', before: '10', after: '20' }]);
    expect([...before({ policy: 'AdminNetworkPolicy/anp', direction: 'ingress', rule: 0 })!]).toEqual([
      ['spec.subject.namespaces', '{}'],
      ['spec.priority', '10'],
      ['action', 'Deny'],
      ['from[0].namespaces', '{}'],
    ]);
  });

  test('a rule a side lacks, or a policy it lacks, is undefined', () => {
    const fields = ruleFields(model('db', 10));
    expect(fields({ policy: 'app/np', direction: 'egress', rule: 0 })).toBeUndefined();
    expect(fields({ policy: 'app/np', direction: 'ingress', rule: 1 })).toBeUndefined();
    expect(fields({ policy: 'app/other', direction: 'ingress', rule: 0 })).toBeUndefined();
  });
});

describe('changedFields', () => {
  const m = (entries: [string, string][]) => new Map(entries);
  test('fields in order, with absent sides left out', () => {
    expect(changedFields(m([['b', '1'], ['a', '1'], ['c', '2']]), m([['a', '2'], ['c', '2'], ['d', '3']]))).toEqual([
      { field: 'a', before: '1', after: '2' },
      { field: 'b', before: '1' },
      { field: 'd', after: '3' },
    ]);
  });
  test('nothing when a side lacks the rule', () => {
    expect(changedFields(undefined, m([['a', '1']]))).toEqual([]);
    expect(changedFields(m([['a', '1']]), undefined)).toEqual([]);
  });
});
