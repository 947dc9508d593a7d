/** renderAnnotations: what a check run or a workflow step marks in the head's files, most important first. */
import { describe, expect, test } from 'vitest';
import { type Annotation, renderAnnotations } from '../../src/report/annotations.js';
import { config, file, lineOf, objectLine, pod, policies, reviewScenario, reviewTrees, ruleLine, shopApp, tree } from '../review/manifests.js';
import { HOSTILE, hostileResult } from './hostile.js';
import { SCENARIOS } from './scenarios.js';

const scenario = (name: string) => {
  const s = SCENARIOS.find((x) => x.name === name)!;
  return { ...reviewScenario(s), headFile: (path: string) => s.head.find((f) => f.path === path)! };
};

describe('cluster policies', () => {
  test('a path an Admin tier Accept opens is marked at that rule, with its action', () => {
    const accept = file('cluster/accept.yaml', {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'shop-to-data' },
      spec: { tier: 'Admin', priority: 5, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }, ingress: [{ name: 'from-shop', action: 'Accept', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }] }] },
    });
    const result = reviewTrees(tree(...shopApp()), tree(...shopApp(), accept), config());
    const marks = renderAnnotations(result).filter((a) => a.title.includes('path opened'));
    expect(marks).toEqual([
      { path: 'cluster/accept.yaml', line: lineOf(accept, '- name: from-shop'), level: 'warning', title: 'netpol-review: medium risk path opened by ClusterNetworkPolicy/shop-to-data ingress rule 1 (Accept)', message: expect.stringMatching(/^shop\/Deployment\/\w+ → data\/Deployment\/db on /) },
    ]);
  });
});

describe('on the golden scenarios', () => {
  test('d: the internet exposure and the paths at the rule that opens them, the every-namespace exposure at the workload; errors first', () => {
    const { result, headFile } = scenario('d-internet-exposure');
    const rule = ruleLine(headFile('shop/policies.yaml'), 'web-from-internet', 'ingress', 0);
    expect(renderAnnotations(result)).toEqual([
      { path: 'shop/policies.yaml', line: rule, level: 'error', title: 'netpol-review: high risk exposure (internet-ingress)', message: 'shop/Deployment/web: internet ingress on TCP/8080' },
      { path: 'shop/workloads.yaml', line: objectLine(headFile('shop/workloads.yaml'), 'web'), level: 'error', title: 'netpol-review: high risk exposure (reachable-from-every-namespace)', message: 'shop/Deployment/web: reachable from every namespace' },
      { path: 'shop/policies.yaml', line: rule, level: 'error', title: 'netpol-review: high risk path opened by shop/web-from-internet ingress rule 1', message: '0.0.0.0/0 → shop/Deployment/web on TCP/8080 (1 path)' },
      { path: 'shop/policies.yaml', line: rule, level: 'warning', title: 'netpol-review: medium risk path opened by shop/web-from-internet ingress rule 1', message: 'data/Deployment/db → shop/Deployment/web on TCP/8080 (1 path)' },
    ]);
  });

  test('b: a medium opening is a warning at its rule', () => {
    const { result, headFile } = scenario('b-opened-only');
    expect(renderAnnotations(result)).toEqual([
      { path: 'data/policies.yaml', line: ruleLine(headFile('data/policies.yaml'), 'db-from-web', 'ingress', 0), level: 'warning', title: 'netpol-review: medium risk path opened by data/db-from-web ingress rule 1', message: 'shop/Deployment/web → data/Deployment/db on TCP/5432 (1 path)' },
    ]);
  });

  test('g: the DNS cut at the policy that isolates the egress', () => {
    const { result, headFile } = scenario('g-dns-cut');
    expect(renderAnnotations(result)).toEqual([
      { path: 'shop/policies.yaml', line: objectLine(headFile('shop/policies.yaml'), 'default-deny-egress'), level: 'error', title: 'netpol-review: high risk exposure (dns-cut)', message: 'all 2 workloads in shop: dns cut on TCP/53, UDP/53' },
    ]);
  });

  test('k: a new unprotected workload at its manifest', () => {
    const { result, headFile } = scenario('k-unprotected-workload');
    expect(renderAnnotations(result)).toEqual([
      { path: 'tools/debug.yaml', line: objectLine(headFile('tools/debug.yaml'), 'debug'), level: 'error', title: 'netpol-review: high risk exposure (unprotected-workload)', message: 'tools/Deployment/debug: unprotected workload on all ports' },
    ]);
  });

  test.each(['a-nothing-changed', 'c-closed-only', 'i-renamed-workload'])('%s: nothing opened, nothing exposed: nothing marked', (name) => {
    expect(renderAnnotations(scenario(name).result)).toEqual([]);
  });

  test('l: the uncertain exposure at the workload, the uncertain medium path at its rule', () => {
    const { result, headFile } = scenario('l-uncertain-ipblock');
    expect(renderAnnotations(result)).toEqual([
      { path: 'shop/workloads.yaml', line: objectLine(headFile('shop/workloads.yaml'), 'api'), level: 'error', title: 'netpol-review: high risk exposure (reachable-from-every-namespace)', message: 'shop/Deployment/api: reachable from every namespace (uncertain: see the review comment)' },
      { path: 'shop/policies.yaml', line: ruleLine(headFile('shop/policies.yaml'), 'api-from-office', 'ingress', 0), level: 'warning', title: 'netpol-review: medium risk path opened by shop/api-from-office ingress rule 1', message: '10.20.0.0/16 → shop/Deployment/api on TCP/8080 (1 path)' },
    ]);
  });

  test('e: the namespaceSelector rule behind 5,000 medium paths, once', () => {
    const { result, headFile } = scenario('e-aggregated-namespace-rule');
    expect(renderAnnotations(result)).toEqual([
      { path: 'b/policies.yaml', line: ruleLine(headFile('b/policies.yaml'), 'from-a', 'ingress', 0), level: 'warning', title: 'netpol-review: medium risk path opened by b/from-a ingress rule 1', message: 'all 50 workloads in a → all 100 workloads in b on all ports (5000 paths)' },
    ]);
  });

  test('h: an unchanged rule that matches more after a label change is marked too', () => {
    const { result } = scenario('h-label-change');
    const s = SCENARIOS.find((x) => x.name === 'h-label-change')!;
    const policiesFile = s.head.find((f) => f.path === 'data/policies.yaml')!;
    expect(renderAnnotations(result)).toEqual([
      { path: 'data/policies.yaml', line: ruleLine(policiesFile, 'db-from-api', 'ingress', 0), level: 'warning', title: 'netpol-review: medium risk path opened by data/db-from-api ingress rule 1', message: 'shop/Deployment/web → data/Deployment/db on TCP/5432 (1 path)' },
    ]);
  });

  test('j: lost isolation is located in base (the policies were deleted): no mark in head', () => {
    const { result } = scenario('j-lost-isolation');
    expect(result.exposures.map((e) => e.location.side)).toEqual(['base']);
    expect(renderAnnotations(result)).toEqual([]);
  });
});

test('an invalid object the pull request adds: an error at its line', () => {
  const base = [file('a.yaml', pod('ns1', 'web', { tier: 'web' }), policies.denyIngress('ns1'))];
  const added = file('a.yaml', pod('ns1', 'web', { tier: 'web' }), policies.denyIngress('ns1'), pod('ns1', 'bad', { note: 'not a label value!' }));
  const { result } = reviewScenario({ base, head: [added] });
  const marks = renderAnnotations(result);
  expect(marks).toHaveLength(1);
  expect(marks[0]).toMatchObject({ path: 'a.yaml', level: 'error', title: 'netpol-review: invalid manifest (left out of the analysis)', message: result.newInvalid[0]!.message });
  expect(marks[0]!.line).toBeGreaterThanOrEqual(objectLine(added, 'bad'));
});

describe('hostile names: plain text, one line, no bidi controls, within GitHub\'s sizes', () => {
  const BIDI = '\u202e\u2066evil\u2069\u200f';
  const result = hostileResult({});
  // Put bidi controls and newlines into a rule's file, a workload's name and a diagnostic.
  const first = result.opened[0]!;
  first.cause.items = first.cause.items.map((i) => (i.kind === 'rule' ? { ...i, rule: { ...i.rule, policy: `${BIDI}\nnext/${i.rule.policy}`, file: 'head.yaml', line: 9 } } : i));
  result.exposures = result.exposures.map((e) => ({ ...e, location: { ...e.location, file: 'head.yaml' } }));
  result.newInvalid = [{ side: 'head', file: 'bad.yaml', line: 2, severity: 'error', message: `Pod ${BIDI}\r\n${'x'.repeat(5000)} is invalid and left out of the analysis` }];
  const marks = renderAnnotations(result);

  test('every mark is plain', () => {
    expect(marks.length).toBeGreaterThan(3);
    for (const a of marks) {
      for (const text of [a.title, a.message]) {
        expect(text).not.toMatch(/[\r\n\t\u0000-\u001f\u007f]/);
        expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
      }
      expect(a.title.length).toBeLessThanOrEqual(255);
      expect(a.message.length).toBeLessThanOrEqual(4000);
      expect(a.line).toBeGreaterThanOrEqual(1);
    }
  });

  test('the text is kept (not dropped): hostile names as they read, the long message cut with an ellipsis', () => {
    expect(marks.some((a) => a.title.startsWith('netpol-review: high risk path opened by evil next/'))).toBe(true);
    expect(marks.some((a) => a.message.includes(HOSTILE.slice(0, 20)))).toBe(true);
    const invalid = marks.find((a) => a.path === 'bad.yaml')!;
    expect(invalid.message).toHaveLength(4000);
    expect(invalid.message.endsWith('…')).toBe(true);
  });

  test('errors before warnings; no two marks with the same place and title', () => {
    const order: Record<Annotation['level'], number> = { error: 0, warning: 1, notice: 2 };
    expect(marks.map((a) => order[a.level])).toEqual([...marks.map((a) => order[a.level])].sort());
    const keys = marks.map((a) => `${a.path}:${a.line}:${a.title}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
