/**
 * Which diagnostics the comment lists: new in head or on a file the change touches; the rest (both sides
 * had them, on untouched files) are counted once, with where to see them. And the paths lost with a
 * removed workload.
 */
import { describe, expect, test } from 'vitest';
import { deployment, file, networkPolicy, peers, policies, reviewScenario, shopApp } from './manifests.js';

/** A policy whose peer matches no workload: a warning on the file that holds it. */
const stale = (ns: string) => policies.allowIngress(ns, 'from-nothing', { tier: 'db' }, [peers.pods({ tier: 'ghost' })], [5432]);

describe('diagnostics the comment lists', () => {
  const untouched = file('legacy/stale.yaml', stale('data'));
  const s = reviewScenario({
    base: [...shopApp(), untouched],
    head: [...shopApp(), untouched, file('shop/new.yaml', stale('shop'))],
    context: { fullReport: 'the job summary' },
  });

  test('a warning both sides have, on a file the PR does not touch, is pre-existing: counted once, not listed', () => {
    expect(s.result.preexistingDiagnostics.map((d) => [d.side, d.file])).toEqual([['head', 'legacy/stale.yaml']]);
    expect(s.markdown).not.toContain('legacy/stale.yaml');
    expect(s.markdown).toContain('\n1 pre-existing diagnostic on files this change does not touch is not listed: see the job summary.\n');
  });

  test('a warning new in head is listed, once', () => {
    expect(s.result.relevantDiagnostics.map((d) => [d.side, d.file, d.severity, d.message])).toEqual([
      ['head', 'shop/new.yaml', 'warning', 'NetworkPolicy shop/from-nothing selects no workload in namespace shop'],
      ['head', 'shop/new.yaml', 'warning', 'NetworkPolicy shop/from-nothing: ingress rule 1, peer 1 matches no workload'],
    ]);
    expect(s.markdown).toContain('<details><summary>2 warnings</summary>');
    expect(s.markdown).toMatch(/- head shop\/new\.yaml:\d+ warning: NetworkPolicy shop\/from-nothing: ingress rule 1, peer 1 matches no workload\n/);
  });

  test('the full diagnostics keep both sides (the text and JSON reports are unchanged)', () => {
    expect(s.result.diagnostics.filter((d) => d.file === 'legacy/stale.yaml').map((d) => d.side)).toEqual(['base', 'head']);
  });

  test('a pre-existing warning on a file the PR edits is listed (head only, not twice)', () => {
    const edited = reviewScenario({
      base: [...shopApp(), file('legacy/stale.yaml', stale('data'))],
      head: [...shopApp(), file('legacy/stale.yaml', stale('data'), deployment('data', 'extra', { tier: 'extra' }))],
    });
    expect(edited.result.relevantDiagnostics.map((d) => [d.side, d.file])).toEqual([['head', 'legacy/stale.yaml']]);
    expect(edited.result.preexistingDiagnostics).toEqual([]);
    expect(edited.markdown).not.toContain('pre-existing');
  });

  test('a warning only base had (the PR fixed it) is listed as base', () => {
    const fixed = reviewScenario({ base: [...shopApp(), untouched], head: shopApp() });
    expect(fixed.result.relevantDiagnostics.map((d) => [d.side, d.file])).toEqual([['base', 'legacy/stale.yaml']]);
  });
});

describe('DNS allows and the DNS check', () => {
  const egressTo = (to: Record<string, unknown>, ports: { protocol: string; port: number }[]) => ({ to: [to], ports });
  const dnsPolicy = networkPolicy('shop', 'egress', {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [
      egressTo({ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'coredns' } } }, [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]),
      egressTo({ namespaceSelector: { matchLabels: { name: 'openshift-dns' } } }, [{ protocol: 'UDP', port: 53 }]),
      egressTo({ podSelector: { matchLabels: { tier: 'ghost' } } }, [{ protocol: 'TCP', port: 5432 }]),
      egressTo({ podSelector: { matchLabels: { tier: 'ghost' } } }, [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 5432 }]),
    ],
  });
  const s = reviewScenario({ base: shopApp(), head: [...shopApp(), file('shop/egress.yaml', dnsPolicy)] });

  test('an egress rule only to port 53 is not "matching no workload": the DNS check probes DNS', () => {
    expect(s.result.diagnostics.filter((d) => d.message.includes('matches no workload')).map((d) => d.message)).toEqual([
      'NetworkPolicy shop/egress: egress rule 3, peer 1 matches no workload',
      'NetworkPolicy shop/egress: egress rule 4, peer 1 matches no workload',
    ]);
  });
});

describe('paths lost with a removed workload', () => {
  const s = reviewScenario({ base: [...shopApp(), file('data/etl.yaml', deployment('data', 'etl', { tier: 'etl' }))], head: shopApp() });

  test('listed in a fold, with "removed workload" as the cause, at no risk', () => {
    expect(s.result.removedWorkloads).toEqual(['data/Deployment/etl']);
    expect(s.result.removed.length).toBeGreaterThan(0);
    expect(s.result.removed.every((r) => r.risk === 'none' && r.cause.key === 'removed')).toBe(true);
    const pairs = s.result.removed.reduce((n, r) => n + r.pairs, 0);
    expect(s.markdown).toContain(`<details><summary>Paths lost with the removed workloads (${pairs})</summary>`);
    expect(s.markdown).toMatch(/\| ⚪ \| <code>data\/Deployment\/etl<\/code> \| .* \| removed workload \|/);
    expect(s.result.risk).toBe('none');
  });
});
