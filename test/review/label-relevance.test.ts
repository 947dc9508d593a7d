/**
 * Only label changes that can matter to a path are listed for it: in a PR with several edits, a namespace's
 * new labels that no selector reads are not appended to the paths a rule change opened or closed (and do not
 * split their rows), while a relabel that moves a workload out of a selector is named where it matters.
 */
import { describe, expect, test } from 'vitest';
import type { PathRow } from '../../src/review/group-paths.js';
import { deployment, file, namespace, networkPolicy, peers, policies, reviewScenario, shopApp } from './manifests.js';

const rows = (list: readonly PathRow[]) =>
  list.map((r) => [r.from.parts.map((p) => ('ref' in p ? p.ref.id : p.kind)).join(','), r.to.parts.map((p) => ('ref' in p ? p.ref.id : p.kind)).join(','), r.cause.items.map((i) => (i.kind === 'labels' ? `labels ${i.object}` : i.kind))]);

const dbFrom = (tier: string) =>
  policies.allowIngress('data', 'db-from-api', { tier: 'db' }, [{ ...peers.namespace('shop'), podSelector: { matchLabels: { tier } } }], [5432]);

const relabelled = (shopLabels: Record<string, string>, api: Record<string, string>, db: ReturnType<typeof dbFrom>, dataLabels: Record<string, string> = {}) => [
  file('shop/workloads.yaml', namespace('shop', shopLabels), deployment('shop', 'web', { tier: 'web' }), deployment('shop', 'api', api)),
  file('shop/policies.yaml', policies.denyIngress('shop'), policies.allowIngress('shop', 'api-from-web', { tier: 'api' }, [peers.pods({ tier: 'web' })], [8080])),
  file('data/workloads.yaml', namespace('data', dataLabels), deployment('data', 'db', { tier: 'db' }, [{ name: 'postgres', containerPort: 5432 }])),
  file('data/policies.yaml', policies.denyIngress('data'), db),
];

describe('label changes listed only where they matter', () => {
  test('a two-edit PR: a namespace label no selector reads is not a cause of the paths a rule change moved', () => {
    const s = reviewScenario({ base: shopApp(), head: relabelled({ team: 'checkout' }, { tier: 'api' }, dbFrom('web')) });
    expect(rows(s.result.opened)).toEqual([['shop/Deployment/web', 'data/Deployment/db', ['rule']]]);
    expect(rows(s.result.closed)).toEqual([['shop/Deployment/api', 'data/Deployment/db', ['rule']]]);
    expect(s.markdown).not.toContain('labels of <code>Namespace/shop</code>');
  });

  test('a relabel that takes a workload out of selectors is named on the paths it breaks, the unrelated namespace label is not', () => {
    const s = reviewScenario({ base: shopApp(), head: relabelled({}, { tier: 'backend' }, dbFrom('api'), { team: 'storage' }) });
    expect(rows(s.result.closed)).toEqual([
      ['shop/Deployment/api', 'data/Deployment/db', ['rule', 'labels shop/Deployment/api']],
      ['shop/Deployment/web', 'shop/Deployment/api', ['rule', 'labels shop/Deployment/api']],
    ]);
    expect(s.markdown).toContain('labels of <code>shop/Deployment/api</code> changed: <code>tier=api</code> → <code>tier=backend</code>');
    expect(s.markdown).not.toContain('Namespace/data');
  });

  test('a namespace label a namespaceSelector reads is named', () => {
    const byTeam = networkPolicy('data', 'db-from-checkout', {
      podSelector: { matchLabels: { tier: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'checkout' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
    const s = reviewScenario({ base: relabelled({}, { tier: 'api' }, byTeam), head: relabelled({ team: 'checkout' }, { tier: 'api' }, byTeam) });
    expect(rows(s.result.opened)).toEqual([['namespace', 'data/Deployment/db', ['rule', 'labels Namespace/shop']]]);
  });

  test('a namespace label a cluster policy subject reads is named', () => {
    const anp = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'deny-to-locked' },
      spec: { priority: 10, subject: { namespaces: { matchLabels: { locked: 'yes' } } }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] },
    };
    const s = reviewScenario({ base: [...relabelled({}, { tier: 'api' }, dbFrom('api')), file('cluster/anp.yaml', anp)], head: [...relabelled({}, { tier: 'api' }, dbFrom('api'), { locked: 'yes' }), file('cluster/anp.yaml', anp)] });
    expect(rows(s.result.closed)).toEqual([['shop/Deployment/api', 'data/Deployment/db', ['cluster-rule', 'labels Namespace/data']]]);
  });
});
