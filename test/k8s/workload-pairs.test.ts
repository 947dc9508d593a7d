/** Pairing removed and added workloads one-to-one by fingerprint (renames in the engine, replacements in the review). */
import { describe, expect, test } from 'vitest';
import type { Workload } from '../../src/k8s/types.js';
import { uniquePairs, workloadFingerprint } from '../../src/k8s/workload-pairs.js';

const w = (name: string, labels: Record<string, string>, port = 8080): Workload => ({
  id: `shop/Deployment/${name}`,
  namespace: 'shop',
  kind: 'Deployment',
  name,
  labels,
  ports: [{ protocol: 'TCP', port, name: 'http' }],
  location: { file: 'a.yaml', line: 1 },
  context: false,
});

describe('uniquePairs', () => {
  const byLabels = (x: Workload) => workloadFingerprint(x, true);
  const withoutLabels = (x: Workload) => workloadFingerprint(x, false);

  test('one removed, one added, alike: a pair (added id → removed)', () => {
    const pairs = uniquePairs([w('cart', { app: 'cart' })], [w('cart-v2', { app: 'cart' })], byLabels);
    expect([...pairs].map(([added, removed]) => [added, removed.id])).toEqual([['shop/Deployment/cart-v2', 'shop/Deployment/cart']]);
  });

  test('labels count only when asked', () => {
    expect(uniquePairs([w('cart', { app: 'cart' })], [w('cart-v2', { app: 'cart-v2' })], byLabels).size).toBe(0);
    expect(uniquePairs([w('cart', { app: 'cart' })], [w('cart-v2', { app: 'cart-v2' })], withoutLabels).size).toBe(1);
  });

  test('ambiguous on either side, or other ports: no pair', () => {
    expect(uniquePairs([w('a', {}), w('b', {})], [w('c', {})], withoutLabels).size).toBe(0);
    expect(uniquePairs([w('a', {})], [w('c', {}), w('d', {})], withoutLabels).size).toBe(0);
    expect(uniquePairs([w('a', {}, 80)], [w('c', {}, 81)], withoutLabels).size).toBe(0);
  });
});
