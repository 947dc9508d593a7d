/**
 * A renamed Deployment with new labels is an added and a removed workload to the engine (a rename with identical
 * labels is compared as one). Its predecessor's access carries over: paths it already had are not new risk, not
 * lost paths, and its exposure is not "new workload → internet".
 */
import { describe, expect, test } from 'vitest';
import { deployment, file, namespace, peers, policies, reviewScenario } from './manifests.js';

const shop = (cart: string, cartLabels: Record<string, string>, extra: ReturnType<typeof policies.allowIngress>[] = []) => [
  file('shop/workloads.yaml', namespace('shop'), deployment('shop', 'web', { tier: 'web' }), deployment('shop', cart, cartLabels, [{ name: 'http', containerPort: 8080 }])),
  file('shop/policies.yaml', policies.denyIngress('shop'), policies.allowIngress('shop', 'web-from-cart', { tier: 'web' }, [peers.pods({ tier: 'cart' })], [8080]), ...extra),
];

describe('a rename with new labels carries its exposures', () => {
  test('an exposed workload renamed (and relabelled): no new exposure, its carried paths risk nothing and name what they replace', () => {
    const open = policies.allowIngress('shop', 'cart-open', {}, [peers.cidr('0.0.0.0/0')], [8080]);
    const s = reviewScenario({
      base: shop('cart', { tier: 'cart', app: 'cart' }, [open]),
      head: shop('cart-v2', { tier: 'cart', app: 'cart-v2' }, [open]),
    });
    expect(s.result.exposures).toEqual([]);
    expect(s.result.added.map((r) => [r.risk, r.cause.items.map((i) => (i.kind === 'replaces' ? i.workload.id : i.kind))])).toEqual([
      ['none', ['shop/Deployment/cart']],
      ['none', ['shop/Deployment/cart']],
      ['none', ['shop/Deployment/cart']],
    ]);
    expect(s.result.removed).toEqual([]);
    expect(s.markdown.split('\n')[1]).toBe('### 🟢 netpol-review: no new risk · 0 paths opened, 0 paths closed, 1 workload added (5 paths), 1 workload removed');
    expect(s.markdown).toContain('replaces <code>shop/Deployment/cart</code> (removed), which had this access');
  });

  test('what the predecessor did not have stays new: a relabel that opens more is still reported', () => {
    const s = reviewScenario({
      base: shop('cart', { tier: 'other' }),
      head: shop('cart-v2', { tier: 'cart' }),
    });
    const toWeb = s.result.added.filter((r) => r.to.parts.some((p) => 'ref' in p && p.ref.id === 'shop/Deployment/web'));
    expect(toWeb.map((r) => [r.risk, r.cause.key])).toEqual([['low', 'new']]);
  });

  test('a new workload of a kind or ports nothing was removed with is new, exposure and all', () => {
    const base = shop('cart', { tier: 'cart' });
    const head = [...shop('cart', { tier: 'cart' }), file('lab/extra.yaml', namespace('lab'), deployment('lab', 'extra', { tier: 'extra' }, [{ name: 'http', containerPort: 9090 }]))];
    const s = reviewScenario({ base, head });
    expect(s.result.exposures.map((e) => [e.kind, e.risk])).toEqual([['unprotected-workload', 'high']]);
    expect(s.result.added.every((r) => r.cause.key === 'new')).toBe(true);
  });

  test('a predecessor an Admin Deny protected, a successor it does not cover: the successor is unprotected, not carried', () => {
    const denyUntrusted = {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'deny-untrusted' },
      spec: {
        priority: 10,
        subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { tier: 'cart' } } } },
        ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'untrusted' } } }] }],
      },
    };
    const tree = (name: string, tier: string) => [
      file('lab/workloads.yaml', namespace('lab'), namespace('untrusted'), deployment('untrusted', 'scanner'), deployment('lab', name, { tier })),
      file('cluster/anp.yaml', denyUntrusted),
    ];
    const s = reviewScenario({ base: tree('cart', 'cart'), head: tree('cart-v2', 'cart-v2') });
    expect(s.result.exposures.map((e) => [e.kind, e.risk, e.refs.map((r) => r.id)])).toEqual([['unprotected-workload', 'high', ['lab/Deployment/cart-v2']]]);
  });
});
