/** Risk levels: of the whole review, of each row, and of each exposure. */
import { describe, expect, test } from 'vitest';
import type { RiskLevel } from '../../src/review/group-paths.js';
import type { ReviewedExposureKind as ExposureKind } from '../../src/review/review.js';
import { parseSettings } from '../../src/settings/settings.js';
import type { ExternalRef } from '../../src/values/endpoint.js';
import { type Scenario, deployment, file, namespace, networkPolicy, peers, policies, reviewScenario, shopApp, webToDb } from './manifests.js';

const configFrom = (yaml: string) => {
  const { settings, diagnostics } = parseSettings(yaml, 'netpol-review.yml');
  expect(diagnostics).toEqual([]);
  return settings;
};

/** data/etl → data/db opens inside `data` (one namespace). */
const etl = deployment('data', 'etl', { tier: 'etl' });
const insideData = (): Scenario => ({
  base: [...shopApp(), file('data/etl.yaml', etl)],
  head: [...shopApp(), file('data/etl.yaml', etl, policies.allowIngress('data', 'db-from-etl', { tier: 'db' }, [peers.pods({ tier: 'etl' })], [5432]))],
});

/** x, y, z: z/target becomes reachable from every namespace. */
const everyNamespace = (): Scenario => {
  const objects = [namespace('x'), namespace('y'), namespace('z'), deployment('x', 'a'), deployment('y', 'b'), deployment('z', 'target', { tier: 'target' }), policies.denyIngress('z')];
  const open = networkPolicy('z', 'from-everywhere', { podSelector: { matchLabels: { tier: 'target' } }, policyTypes: ['Ingress'], ingress: [{ from: [peers.everyNamespace()], ports: [{ protocol: 'TCP', port: 8080 }] }] });
  return { base: [file('all.yaml', ...objects)], head: [file('all.yaml', ...objects, open)] };
};

interface RiskCase {
  name: string;
  scenario: () => Scenario;
  risk: RiskLevel;
  /** Risks of the opened rows, in order (high first). */
  rows?: RiskLevel[];
  /** Kinds of the exposure changes, in order (all of them). */
  exposures: ExposureKind[];
  /** Risks of the closed rows, in order (high first); none when absent. */
  closedRows?: RiskLevel[];
}

const CASES: RiskCase[] = [
  {
    name: 'new path inside one namespace → low',
    scenario: insideData,
    risk: 'low',
    rows: ['low'],
    exposures: [],
  },
  {
    name: 'new cross-namespace path → medium',
    scenario: () => ({ base: shopApp(), head: shopApp({ dataPolicies: [webToDb] }) }),
    risk: 'medium',
    rows: ['medium'],
    exposures: [],
  },
  {
    name: 'path inside a namespace listed in sensitive.namespaces → medium',
    scenario: () => ({ ...insideData(), config: configFrom('sensitive:\n  namespaces: [data]\n') }),
    risk: 'medium',
    rows: ['medium'],
    exposures: [],
  },
  {
    name: 'path to a workload matching sensitive.podSelectors → medium',
    scenario: () => ({ ...insideData(), config: configFrom('sensitive:\n  podSelectors:\n    - matchLabels: {tier: db}\n') }),
    risk: 'medium',
    rows: ['medium'],
    exposures: [],
  },
  {
    name: 'path to a workload matching sensitive.podSelectors (matchExpressions) → medium',
    scenario: () => ({ ...insideData(), config: configFrom('sensitive:\n  podSelectors:\n    - matchExpressions: [{key: tier, operator: In, values: [db, cache]}]\n') }),
    risk: 'medium',
    rows: ['medium'],
    exposures: [],
  },
  {
    name: 'sensitive settings that match nothing changed keep it low',
    scenario: () => ({ ...insideData(), config: configFrom('sensitive:\n  namespaces: [shop]\n  podSelectors:\n    - matchLabels: {tier: web}\n') }),
    risk: 'low',
    rows: ['low'],
    exposures: [],
  },
  {
    name: 'a sensitive source does not make the path sensitive (the destination does)',
    scenario: () => ({ ...insideData(), config: configFrom('sensitive:\n  podSelectors:\n    - matchLabels: {tier: etl}\n') }),
    risk: 'low',
    rows: ['low'],
    exposures: [],
  },
  {
    name: 'ingress from 0.0.0.0/0 → high (internet)',
    scenario: () => ({ base: shopApp(), head: shopApp({ shopPolicies: [policies.allowIngress('shop', 'web-from-internet', { tier: 'web' }, [peers.cidr('0.0.0.0/0')], [8080])] }) }),
    risk: 'high',
    exposures: ['internet-ingress', 'reachable-from-every-namespace'],
  },
  {
    name: 'ingress from a private range only → not internet',
    scenario: () => ({
      base: shopApp(),
      head: shopApp({ shopPolicies: [policies.allowIngress('shop', 'web-from-office', { tier: 'web' }, [peers.cidr('192.168.10.0/24')], [8080])] }),
      config: configFrom('podCidrs: [10.0.0.0/8]\n'),
    }),
    risk: 'medium',
    rows: ['medium'],
    exposures: [],
  },
  {
    name: 'internalCidrs decide what the internet is',
    scenario: () => ({
      base: shopApp(),
      head: shopApp({ shopPolicies: [policies.allowIngress('shop', 'web-from-partner', { tier: 'web' }, [peers.cidr('203.0.113.0/24')], [8080])] }),
      config: configFrom('internalCidrs: [10.0.0.0/8, 203.0.113.0/24]\n'),
    }),
    risk: 'medium',
    rows: ['medium'],
    exposures: [],
  },
  {
    name: 'reachable from every namespace → high',
    scenario: everyNamespace,
    risk: 'high',
    exposures: ['reachable-from-every-namespace'],
  },
  {
    // Losing isolation already means reachable from everywhere: no separate internet or every-namespace item.
    name: 'lost ingress isolation → high (one exposure, implying the internet and every namespace)',
    scenario: () => ({ base: shopApp(), head: shopApp().filter((f) => f.path !== 'data/policies.yaml') }),
    risk: 'high',
    exposures: ['lost-ingress-isolation'],
  },
  {
    name: 'lost isolation implies the rest for that workload only: another one opened to the internet keeps its items',
    scenario: () => ({
      base: shopApp(),
      head: shopApp({ shopPolicies: [policies.allowIngress('shop', 'web-from-internet', { tier: 'web' }, [peers.cidr('0.0.0.0/0')], [8080])] }).filter((f) => f.path !== 'data/policies.yaml'),
    }),
    risk: 'high',
    exposures: ['lost-ingress-isolation', 'internet-ingress', 'reachable-from-every-namespace'],
  },
  {
    name: 'DNS cut → high',
    scenario: () => ({ base: shopApp(), head: shopApp({ shopPolicies: [policies.denyEgress('shop')] }) }),
    risk: 'high',
    exposures: ['dns-cut'],
    // Paths between workloads may break (low); the one to the internet is not a workload's traffic (none).
    closedRows: ['low', 'low', 'none'],
  },
  {
    name: 'only closing between workloads → low (may break traffic)',
    scenario: () => ({ base: shopApp({ dataPolicies: [webToDb] }), head: shopApp() }),
    risk: 'low',
    rows: [],
    exposures: [],
    closedRows: ['low'],
  },
  {
    name: 'closing into a sensitive workload → medium',
    scenario: () => ({ base: shopApp({ dataPolicies: [webToDb] }), head: shopApp(), config: configFrom('sensitive:\n  namespaces: [data]\n') }),
    risk: 'medium',
    rows: [],
    exposures: [],
    closedRows: ['medium'],
  },
  {
    name: 'a new workload no ingress policy selects → unprotected (and so reachable from the internet: high)',
    scenario: () => ({ base: shopApp(), head: [...shopApp(), file('tools.yaml', deployment('tools', 'debug'), policies.denyEgress('tools'))] }),
    risk: 'high',
    exposures: ['unprotected-workload'],
  },
  {
    name: 'a new unprotected workload when nothing is the internet (internalCidrs cover every address) → medium',
    scenario: () => ({
      base: shopApp(),
      head: [...shopApp(), file('tools.yaml', deployment('tools', 'debug'), policies.denyEgress('tools'))],
      config: configFrom('internalCidrs: [0.0.0.0/0, "::/0"]\n'),
    }),
    risk: 'medium',
    exposures: ['unprotected-workload'],
  },
  {
    name: 'new egress to the internet → high',
    scenario: () => {
      const toInternet = networkPolicy('shop', 'web-to-internet', { podSelector: { matchLabels: { tier: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [peers.cidr('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'])], ports: [{ protocol: 'TCP', port: 443 }] }] });
      return { base: shopApp({ shopPolicies: [policies.denyEgress('shop')] }), head: shopApp({ shopPolicies: [policies.denyEgress('shop'), toInternet] }) };
    },
    risk: 'high',
    rows: ['high'],
    exposures: ['internet-egress'],
  },
];

/** Each case reviewed once, however many tests look at it. */
const reviewed = new Map<RiskCase, ReturnType<typeof reviewScenario>>();
const reviewOf = (c: RiskCase) => reviewed.get(c) ?? reviewed.set(c, reviewScenario(c.scenario())).get(c)!;

describe('risk levels', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { result, markdown } = reviewOf(c);
    expect(result.risk).toBe(c.risk);
    if (c.rows) expect(result.opened.map((r) => r.risk)).toEqual(c.rows);
    expect(result.exposures.map((e) => e.kind)).toEqual(c.exposures);
    expect(result.closed.map((r) => r.risk)).toEqual(c.closedRows ?? result.closed.map(() => 'none'));
    // The headline says the same.
    const headline = markdown.split('\n')[1]!;
    if (result.counts.opened + result.counts.closed + result.counts.exposures + result.counts.addedWorkloads > 0) {
      expect(headline).toContain(`netpol-review: ${c.risk === 'none' ? 'no new' : c.risk} risk · `);
    }
  });

  test('the review risk is the highest of its rows and exposures', () => {
    for (const c of CASES) {
      const { result } = reviewOf(c);
      const order: RiskLevel[] = ['high', 'medium', 'low', 'none'];
      const levels = [...result.opened, ...result.closed, ...result.added].map((r) => r.risk).concat(result.exposures.map((e) => e.risk));
      const highest = levels.reduce<RiskLevel>((best, l) => (order.indexOf(l) < order.indexOf(best) ? l : best), 'none');
      expect(result.risk, c.name).toBe(highest);
    }
  });

  test('exposure risks: high for internet, every namespace, lost isolation, DNS; unprotected high from the internet, else medium', () => {
    const expected: Record<ExposureKind, (externals: ExternalRef[]) => RiskLevel> = {
      'internet-ingress': () => 'high',
      'internet-egress': () => 'high',
      'reachable-from-every-namespace': () => 'high',
      'lost-ingress-isolation': () => 'high',
      'dns-cut': () => 'high',
      'unprotected-workload': (externals) => (externals.length > 0 ? 'high' : 'medium'),
    };
    const seen = new Set<string>();
    for (const c of CASES) {
      const { result } = reviewOf(c);
      for (const e of result.exposures) {
        expect(e.risk, `${c.name}: ${e.kind}`).toBe(expected[e.kind](e.externals));
        // Externals of an exposure are the internet, as the result says.
        for (const x of e.externals) expect(result.externals[x.id], `${c.name}: ${x.id}`).toBe('internet');
        seen.add(`${e.kind} ${e.risk}`);
      }
    }
    expect([...seen].sort()).toEqual([
      'dns-cut high',
      'internet-egress high',
      'internet-ingress high',
      'lost-ingress-isolation high',
      'reachable-from-every-namespace high',
      'unprotected-workload high',
      'unprotected-workload medium',
    ]);
  });
});
