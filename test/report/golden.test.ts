/**
 * The review comment for small scenarios, compared with golden files, plus what each scenario must
 * say whatever the golden holds.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { diffJson } from '../../src/report/json.js';
import { COMMENT_MARKER } from '../../src/report/markdown.js';
import type { SourceFile } from '../../src/index.js';
import { objectLine, reviewScenario, ruleLine } from '../review/manifests.js';
import { one, ports, wref, xref } from '../review/refs.js';
import { GOLDEN_DIR, UPDATING, expectGolden } from './golden.js';
import { safetyProblems } from './markdown-checks.js';
import { HEAD_SHA, SCENARIOS } from './scenarios.js';

const rendered = new Map(SCENARIOS.map((s) => [s.name, reviewScenario(s)]));
const get = (name: string) => rendered.get(name)!;
const ALL_PORTS = ports('SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535');
/** A file of one side of a scenario. */
const fileOf = (name: string, side: 'base' | 'head', path: string): SourceFile => SCENARIOS.find((s) => s.name === name)![side].find((f) => f.path === path)!;

describe('golden review comments', () => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (name, s) => {
    const { markdown, config } = get(name);
    expectGolden(name, markdown);
    for (const needle of s.contains ?? []) {
      if (typeof needle === 'string') expect(markdown).toContain(needle);
      else expect(markdown).toMatch(needle);
    }
    for (const needle of s.lacks ?? []) {
      if (typeof needle === 'string') expect(markdown).not.toContain(needle);
      else expect(markdown).not.toMatch(needle);
    }
    // (n) every comment: the hidden marker first, the head commit when known, well-formed, within budget.
    expect(markdown.split('\n')[0]).toBe(COMMENT_MARKER);
    if (s.context?.headSha) expect(markdown).toContain(`<code>${HEAD_SHA.slice(0, 12)}</code>`);
    expect(safetyProblems(markdown)).toEqual([]);
    expect(markdown.length).toBeLessThanOrEqual(config.comment.maxCharacters);
    expect(markdown.trimEnd().split('\n').at(-1)).toMatch(/^<sub>Full report: .*<\/sub>$/);
  });
});

test.skipIf(UPDATING)('every golden file belongs to a scenario (none left over from a renamed one)', () => {
  expect(readdirSync(GOLDEN_DIR).sort()).toEqual(SCENARIOS.map((s) => `${s.name}.md`).sort());
});

describe('what the scenarios must show', () => {
  test('(a) nothing changed: a one-line verdict and nothing else', () => {
    const { markdown, result } = get('a-nothing-changed');
    expect(result.risk).toBe('none');
    const body = markdown.split('\n---\n')[0]!.split('\n').filter((l) => l.trim() !== '');
    expect(body).toEqual([COMMENT_MARKER, '### 🟢 netpol-review: no change in reachability', expect.stringMatching(/^<sub>Head /)]);
  });

  test('(b) opened only: one row, medium (cross-namespace), no closed section', () => {
    const { result } = get('b-opened-only');
    expect(result.counts).toMatchObject({ opened: 1, closed: 0 });
    expect(result.opened).toHaveLength(1);
    expect(result.risk).toBe('medium');
  });

  test('(c) closed only: low (may break traffic between two workloads), no opened section', () => {
    const { result } = get('c-closed-only');
    expect(result.counts).toMatchObject({ opened: 0, closed: 1 });
    expect(result.closed.map((r) => r.risk)).toEqual(['low']);
    expect(result.risk).toBe('low');
  });

  test('(d) internet exposure: high, with the external endpoint and port', () => {
    const { result, markdown } = get('d-internet-exposure');
    expect(result.risk).toBe('high');
    const web = { workloads: one('shop/Deployment/web'), refs: [wref('shop/Deployment/web')], risk: 'high', uncertain: false };
    const policies = fileOf('d-internet-exposure', 'head', 'shop/policies.yaml');
    const workloads = fileOf('d-internet-exposure', 'head', 'shop/workloads.yaml');
    expect(result.exposures).toEqual([
      // Located at the rule that opens it; "every namespace" at the workload (no one rule is responsible).
      { kind: 'internet-ingress', ...web, ports: ports('TCP/8080'), externals: [xref('ip:0.0.0.0/0')], location: { file: 'shop/policies.yaml', line: ruleLine(policies, 'web-from-internet', 'ingress', 0), side: 'head' } },
      { kind: 'reachable-from-every-namespace', ...web, ports: [], externals: [], location: { file: 'shop/workloads.yaml', line: objectLine(workloads, 'web'), side: 'head' } },
    ]);
    expect(result.externals).toEqual({ 'ip:0.0.0.0/0': 'internet' });
    // The range as plain code after the words (the internet named once), then the ports.
    const section = markdown.slice(markdown.indexOf('#### Exposure'), markdown.indexOf('\n\n', markdown.indexOf('#### Exposure')));
    expect(section.split('\n')).toEqual([
      '#### Exposure',
      '- 🔴 <code>shop/Deployment/web</code>: newly reachable from the internet <code>0.0.0.0/0</code>, on TCP/8080',
      '- 🔴 <code>shop/Deployment/web</code>: newly reachable from every namespace',
    ]);
    expect(markdown).toContain('| 🔴 | the internet (<code>0.0.0.0/0</code>) | <code>shop/Deployment/web</code> | TCP/8080 |');
    expect(markdown).not.toContain('ip:');
    // The picture names the internet too.
    expect(markdown).toContain('\n  n1["internet 0.0.0.0/0"]\n');
  });

  test('(e) 5,000 pairs from one namespaceSelector rule aggregate into one row naming whole namespaces', () => {
    const { result, markdown } = get('e-aggregated-namespace-rule');
    expect(result.counts.opened).toBe(5000);
    expect(result.opened.length).toBeLessThanOrEqual(3);
    expect(result.opened.reduce((n, r) => n + r.pairs, 0)).toBe(5000);
    const tableRows = markdown.split('\n').filter((l) => /^\| [🔴🟠🟡🟢]/u.test(l));
    expect(tableRows.length).toBeLessThanOrEqual(3);
    expect(tableRows[0]).toContain('| all 50 workloads in <code>a</code> | all 100 workloads in <code>b</code> |');
  });

  test('(f) a huge diff is truncated: within budget, folded rows counted, footer last', () => {
    const { result, markdown, config } = get('f-truncated');
    expect(result.opened.length).toBe(400);
    expect(markdown.length).toBeLessThanOrEqual(config.comment.maxCharacters);
    const fold = /…and (\d+) more rows \((\d+) paths\) not shown\./.exec(markdown);
    expect(fold).not.toBeNull();
    const shown = markdown.split('\n').filter((l) => l.startsWith('| 🟡')).length;
    expect(shown).toBeGreaterThan(0);
    // One path per row: the rows and the paths left out are the same number.
    expect([Number(fold![1]), Number(fold![2])]).toEqual([400 - shown, 400 - shown]);
    expect(markdown.endsWith('</sub>\n')).toBe(true);
  });

  test('(g) DNS cut: the assumed kube-dns is probed but never shown', () => {
    const { result, markdown } = get('g-dns-cut');
    // Both shop workloads lose DNS the same way: one exposure naming the whole namespace.
    expect(result.exposures).toEqual([
      {
        kind: 'dns-cut',
        risk: 'high',
        workloads: { parts: [{ kind: 'namespace', namespace: 'shop', count: 2 }], count: 2 },
        refs: [wref('shop/Deployment/api'), wref('shop/Deployment/web')],
        ports: ports('TCP/53', 'UDP/53'),
        externals: [],
        uncertain: false,
        // The policy that isolates their egress now.
        location: { file: 'shop/policies.yaml', line: objectLine(fileOf('g-dns-cut', 'head', 'shop/policies.yaml'), 'default-deny-egress'), side: 'head' },
      },
    ]);
    expect(markdown).toContain('\n- 🔴 all 2 workloads in <code>shop</code>: DNS egress cut off, on TCP/53, UDP/53\n');
    expect(markdown).toContain('1 exposure change');
    expect(result.risk).toBe('high');
    const everything = JSON.stringify([result.opened, result.closed, result.added, diffJson(result.comparison), result.addedWorkloads, result.removedWorkloads], (_, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    expect(everything).not.toContain('assumed-cluster-dns');
    expect(markdown).not.toContain('assumed');
  });

  test('(h) a label change names the object and its labels before → after', () => {
    const { result } = get('h-label-change');
    const items = [...result.opened, ...result.closed].flatMap((r) => r.cause.items).filter((i) => i.kind === 'labels');
    expect(items).toHaveLength(2);
    for (const i of items) expect(i).toMatchObject({ object: 'shop/Deployment/web', before: { tier: 'web' }, after: { tier: 'api' } });
  });

  test('(i) a renamed workload is compared with its old self, not reported as new paths', () => {
    const { result } = get('i-renamed-workload');
    expect(result.renamed).toEqual([{ from: 'shop/Pod/api', to: 'shop/Pod/api-v2' }]);
    expect(result.added).toEqual([]);
    expect(result.addedWorkloads).toEqual([]);
    expect(result.removedWorkloads).toEqual([]);
  });

  test('(j) lost ingress isolation is high risk, one exposure that says the internet is included', () => {
    // Losing isolation implies "from the internet" and "from every namespace": no separate items for them.
    const { result, markdown } = get('j-lost-isolation');
    expect(result.exposures).toEqual([
      {
        kind: 'lost-ingress-isolation',
        risk: 'high',
        workloads: one('data/Deployment/db'),
        refs: [wref('data/Deployment/db')],
        ports: [],
        externals: [],
        uncertain: false,
        // The (removed) policy that isolated it, at the base commit.
        location: { file: 'data/policies.yaml', line: objectLine(fileOf('j-lost-isolation', 'base', 'data/policies.yaml'), 'default-deny'), side: 'base' },
      },
    ]);
    expect(result.risk).toBe('high');
    expect(markdown.split('\n').filter((l) => l.startsWith('- 🔴 '))).toEqual([
      '- 🔴 <code>data/Deployment/db</code>: no policy restricts ingress to it any more: reachable from everywhere, the internet included',
    ]);
    expect(markdown.split('\n')[1]).toBe('### 🔴 netpol-review: high risk · 4 paths opened, 0 paths closed, 1 exposure change');
    // The internet path is still a row of its own.
    expect(markdown).toContain('\n| 🔴 | the internet (<code>0.0.0.0/0</code>) | <code>data/Deployment/db</code> | all ports | no ingress policy selects the destination any more (was <code>data/default-deny</code>, <code>data/db-from-api</code>) |\n');
  });

  test('(k) a new workload no ingress policy selects is unprotected', () => {
    // Reachable from the internet (nothing isolates it), so high; one exposure, not one per path, and
    // no internet-egress item for a new workload no egress policy selects.
    const { result, markdown } = get('k-unprotected-workload');
    expect(result.exposures).toEqual([
      {
        kind: 'unprotected-workload',
        risk: 'high',
        workloads: one('tools/Deployment/debug'),
        refs: [wref('tools/Deployment/debug')],
        ports: ALL_PORTS,
        externals: [xref('ip:0.0.0.0/0')],
        uncertain: false,
        // No rule opens it: located at the new workload.
        location: { file: 'tools/debug.yaml', line: objectLine(fileOf('k-unprotected-workload', 'head', 'tools/debug.yaml'), 'debug'), side: 'head' },
      },
    ]);
    expect(result.addedWorkloads).toEqual(['tools/Deployment/debug']);
    expect(markdown.split('\n').filter((l) => l.startsWith('- 🔴 '))).toEqual([
      '- 🔴 <code>tools/Deployment/debug</code>: new, and no policy restricts ingress to it: reachable from everywhere <code>0.0.0.0/0</code>, on all ports',
    ]);
    // The headline counts the new workload's paths: to and from the internet, from data and shop (3), to itself.
    expect(result.counts).toMatchObject({ addedWorkloads: 1, addedPaths: 6 });
    expect(result.added.reduce((n, r) => n + r.pairs, 0)).toBe(6);
    expect(markdown.split('\n')[1]).toBe('### 🔴 netpol-review: high risk · 0 paths opened, 0 paths closed, 1 workload added (6 paths), 1 exposure change');
  });

  test('(l) uncertain paths are marked and the footnote names the settling option', () => {
    const { result, markdown } = get('l-uncertain-ipblock');
    const uncertain = result.opened.filter((r) => r.uncertain);
    expect(uncertain.length).toBeGreaterThan(0);
    const marked = markdown.split('\n').filter((l) => l.startsWith('| ') && l.includes('(uncertain¹)'));
    expect(marked).toHaveLength(uncertain.length);
    expect(markdown.split('\n').filter((l) => l.startsWith('¹ '))).toHaveLength(1);
  });

  test('(l) an exposure that rests only on uncertain paths says so', () => {
    // shop/api is "newly reachable from every namespace" only through the uncertain ipBlock match
    // (data/db and kube-system reach it uncertainly).
    const { result, markdown } = get('l-uncertain-ipblock');
    expect(result.exposures).toEqual([
      {
        kind: 'reachable-from-every-namespace',
        risk: 'high',
        workloads: one('shop/Deployment/api'),
        refs: [wref('shop/Deployment/api')],
        ports: [],
        externals: [],
        uncertain: true,
        location: { file: 'shop/workloads.yaml', line: objectLine(fileOf('l-uncertain-ipblock', 'head', 'shop/workloads.yaml'), 'api'), side: 'head' },
      },
    ]);
    expect(markdown).toContain('\n- 🔴 <code>shop/Deployment/api</code>: newly reachable from every namespace (uncertain¹)\n');
    // 10.20.0.0/16 is inside internalCidrs: a private range, shown as itself.
    expect(result.externals).toEqual({ 'ip:10.20.0.0/16': 'private' });
    expect(markdown).toContain('| 🟠 | <code>10.20.0.0/16</code> | <code>shop/Deployment/api</code> | TCP/8080 |');
  });
});
