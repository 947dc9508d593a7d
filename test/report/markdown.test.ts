/** The comment's wording on small hand-built results: headline, legend, ports, external endpoints, footnotes, folds. */
import { describe, expect, test } from 'vitest';
import { COMMENT_MARKER, renderComment } from '../../src/report/markdown.js';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.js';
import type { EndpointGroup, PathRow } from '../../src/review/group-paths.js';
import type { Exposure, ReviewResult } from '../../src/review/review.js';
import { one, ports as portSet, wpart, wref, xpart, xref } from '../review/refs.js';
import { complete, emptyComparison } from './hostile.js';
import { safetyProblems } from './markdown-checks.js';

const COMPARISON = emptyComparison();
const row = (from: string, to: string, ports: string[], extra: Partial<PathRow> = {}): PathRow => ({
  from: one(from),
  to: one(to),
  ports: portSet(...ports),
  uncertain: false,
  cause: { items: [], key: '' },
  risk: 'low',
  pairs: 1,
  ...extra,
});

function result(parts: Partial<ReviewResult> = {}): ReviewResult {
  const r: ReviewResult = {
    context: {},
    risk: 'none',
    ...complete(),
    counts: { opened: 0, closed: 0, addedWorkloads: 0, addedPaths: 0, removedWorkloads: 0, exposures: 0 },
    exposures: [],
    opened: [],
    closed: [],
    added: [],
    renamed: [],
    addedWorkloads: [],
    removedWorkloads: [],
    policyChanges: [],
    policyMoves: [],
    unevaluatedRules: [],
    diagnostics: [],
    relevantDiagnostics: parts.diagnostics ?? [],
    externals: {},
    namespaceSizes: { a: 2, b: 2 },
    comparison: COMPARISON,
    ...parts,
  };
  const pairs = (rows: PathRow[]) => rows.reduce((n, x) => n + x.pairs, 0);
  r.counts = {
    opened: pairs(r.opened),
    closed: pairs(r.closed),
    addedWorkloads: r.addedWorkloads.length,
    addedPaths: pairs(r.added),
    removedWorkloads: r.removedWorkloads.length,
    exposures: r.exposures.length,
    ...parts.counts,
  };
  return r;
}

const render = (r: ReviewResult) => {
  const markdown = renderComment(r, DEFAULT_SETTINGS.comment);
  expect(safetyProblems(markdown)).toEqual([]);
  return markdown;
};
const lines = (markdown: string) => markdown.split('\n');
const LEGEND = 'Risk: 🔴 high · 🟠 medium · 🟡 low · 🟢 none. A path is one source and one destination.';
const CLOSING_LEGEND =
  "Risk: 🔴 high · 🟠 medium · 🟡 low · 🟢 none · ⚪ closed, breaks no workload's traffic; a closed path between workloads may break traffic (🟡, 🟠 into a sensitive workload). A path is one source and one destination.";

describe('headline and legend', () => {
  test('nothing changed: the one-line verdict, no legend', () => {
    expect(lines(render(result()))).toEqual([
      COMMENT_MARKER,
      '### 🟢 netpol-review: no change in reachability',
      '',
      '---',
      '<sub>Full report: run the same `netpol-review diff` with `--format text` or `--format json`.</sub>',
      '',
    ]);
  });

  test('only closing to the internet: "no new risk", closed rows ⚪, the legend names ⚪', () => {
    const markdown = render(result({ closed: [row('a/Pod/1', 'b/Pod/1', ['TCP/80'], { risk: 'none' })] }));
    expect(lines(markdown).slice(1, 3)).toEqual(['### 🟢 netpol-review: no new risk · 0 paths opened, 1 path closed', `<sub>${CLOSING_LEGEND}</sub>`]);
    expect(markdown).toContain('\n#### Closed paths (1)\n');
    expect(markdown).toContain('\n| ⚪ | <code>a/Pod/1</code> | <code>b/Pod/1</code> | TCP/80 | — |\n');
    expect(markdown).not.toContain('🟢 |');
  });

  test('a closed path that may break traffic keeps its risk icon', () => {
    const markdown = render(result({ risk: 'medium', closed: [row('a/Pod/1', 'b/Pod/1', ['TCP/80'], { risk: 'medium' }), row('a/Pod/1', 'b/Pod/2', ['TCP/80'], { risk: 'low' })] }));
    expect(lines(markdown)[1]).toBe('### 🟠 netpol-review: medium risk · 0 paths opened, 2 paths closed');
    expect(markdown).toContain('\n| 🟠 | <code>a/Pod/1</code> | <code>b/Pod/1</code> | TCP/80 | — |\n| 🟡 | <code>a/Pod/1</code> | <code>b/Pod/2</code> | TCP/80 | — |\n');
  });

  test('incomplete: the headline says so with the count of unanalysed files, never green', () => {
    const unanalysed = [
      { side: 'head' as const, file: 'chart/templates/a.yaml', line: 1, severity: 'error' as const, message: 'template' },
      { side: 'head' as const, file: 'chart/templates/a.yaml', line: 9, severity: 'error' as const, message: 'template' },
      { side: 'head' as const, file: 'big.yaml', line: 1, severity: 'error' as const, message: 'too large' },
    ];
    expect(lines(render(result({ incomplete: true, unanalysed })))[1]).toBe('### ⚠️ netpol-review: incomplete, 2 files not analysed · no change in what was analysed');
    const opened = render(result({ incomplete: true, unanalysed: unanalysed.slice(2), risk: 'low', opened: [row('a/Pod/1', 'b/Pod/1', ['TCP/80'])] }));
    expect(lines(opened)[1]).toBe('### 🟡 netpol-review: incomplete, 1 file not analysed · low risk in the rest · 1 path opened, 0 paths closed');
    const quiet = render(result({ incomplete: true, unanalysed: unanalysed.slice(2), risk: 'none', closed: [row('a/Pod/1', 'ip:0.0.0.0/0', ['TCP/80'], { risk: 'none' })] }));
    expect(lines(quiet)[1]).toBe('### ⚠️ netpol-review: incomplete, 1 file not analysed · no new risk in the rest · 0 paths opened, 1 path closed');
  });

  test('incomplete with invalid objects: each counted once however many errors it has, apart from the files not analysed', () => {
    const error = (file: string, line: number, message: string) => ({ side: 'head' as const, file, line, severity: 'error' as const, message });
    const invalid = [
      error('a.yaml', 7, 'NetworkPolicy prod/x is invalid and left out of the analysis: spec.ingress[0].ports[0].protocol: unsupported protocol "TPC"'),
      error('a.yaml', 9, 'NetworkPolicy prod/x is invalid and left out of the analysis: spec.egress[0].to[0]: an empty peer'),
      error('a.yaml', 20, 'Deployment prod/y is invalid and left out of the analysis: spec.template: required'),
    ];
    const unanalysed = [...invalid, error('big.yaml', 1, 'file skipped: too large')];
    expect(lines(render(result({ incomplete: true, unanalysed, newInvalid: invalid })))[1]).toBe('### ⚠️ netpol-review: incomplete, 1 file not analysed, 2 invalid objects left out · no change in what was analysed');
    expect(lines(render(result({ incomplete: true, unanalysed: invalid.slice(0, 2), newInvalid: invalid.slice(0, 2) })))[1]).toBe('### ⚠️ netpol-review: incomplete, 1 invalid object left out · no change in what was analysed');
  });

  test('paths lost with removed workloads: folded, counted in paths', () => {
    const lost = [row('a/Pod/gone', 'b/Pod/1', ['TCP/80'], { risk: 'none', cause: { items: [], key: 'removed' } }), row('b/Pod/1', 'a/Pod/gone', ['TCP/81'], { risk: 'none', cause: { items: [], key: 'removed' } })];
    const markdown = render(result({ removedWorkloads: ['a/Pod/gone'], removed: lost }));
    expect(markdown).toContain('<details><summary>Paths lost with the removed workloads (2)</summary>');
    expect(markdown).toContain('\n| ⚪ | <code>a/Pod/gone</code> | <code>b/Pod/1</code> | TCP/80 | removed workload |\n');
  });

  test('only a rename: no legend (no path, no exposure)', () => {
    const markdown = render(result({ renamed: [{ from: 'a/Pod/1', to: 'a/Pod/2' }], context: { headSha: 'abcdef0123456789' } }));
    expect(lines(markdown)[2]).toBe('<sub>Head <code>abcdef012345</code>.</sub>');
    expect(markdown).not.toContain('Risk:');
  });

  test('section counts are paths (pairs), not rows', () => {
    const wide: PathRow = { ...row('a/Pod/1', 'b/Pod/1', ['TCP/80']), from: { parts: [{ kind: 'namespace', namespace: 'a', count: 2 }], count: 2 }, to: { parts: [{ kind: 'namespace', namespace: 'b', count: 2 }], count: 2 }, pairs: 4 };
    const markdown = render(result({ risk: 'low', opened: [wide] }));
    expect(lines(markdown)[1]).toBe('### 🟡 netpol-review: low risk · 4 paths opened, 0 paths closed');
    expect(markdown).toContain('\n#### Opened paths (4)\n');
    expect(markdown).toContain('\n| 🟡 | all 2 workloads in <code>a</code> | all 2 workloads in <code>b</code> | TCP/80 | — |\n');
  });

  test('added workloads: "N workloads added (M paths)", M the paths of the new workloads', () => {
    const wide: PathRow = { ...row('c/Pod/1', 'a/Pod/1', ['TCP/80'], { cause: { items: [], key: 'new' } }), to: { parts: [{ kind: 'namespace', namespace: 'a', count: 2 }], count: 2 }, pairs: 2 };
    const markdown = render(result({ risk: 'low', addedWorkloads: ['c/Pod/1', 'c/Pod/2'], added: [wide, row('c/Pod/2', 'b/Pod/1', ['TCP/81'], { cause: { items: [], key: 'new' } })], removedWorkloads: ['b/Pod/7'] }));
    expect(lines(markdown)[1]).toBe('### 🟡 netpol-review: low risk · 0 paths opened, 0 paths closed, 2 workloads added (3 paths), 1 workload removed');
    expect(lines(markdown)[2]).toBe(`<sub>${LEGEND}</sub>`);
  });

  test.each([
    [0, '1 workload added (0 paths)'],
    [1, '1 workload added (1 path)'],
  ])('one added workload with %i paths: "%s"', (paths, words) => {
    const markdown = render(result({ addedWorkloads: ['c/Pod/1'], counts: { opened: 0, closed: 0, addedWorkloads: 1, addedPaths: paths, removedWorkloads: 0, exposures: 0 } }));
    expect(lines(markdown)[1]).toBe(`### 🟢 netpol-review: no new risk · 0 paths opened, 0 paths closed, ${words}`);
  });
});

describe('long endpoint lists', () => {
  const group = (parts: EndpointGroup['parts']): EndpointGroup => ({ parts, count: parts.reduce((n, p) => n + ('count' in p ? p.count : 1), 0) });
  const cell = (from: EndpointGroup) => {
    const markdown = render(result({ risk: 'low', opened: [{ ...row('a/Pod/1', 'b/Pod/1', ['TCP/80']), from }] }));
    const line = lines(markdown).find((l) => l.startsWith('| 🟡 |'))!;
    return line.split(' | ')[1];
  };
  const w = (i: number) => wpart(`c/Pod/${i}`);

  test('four parts: all shown', () => {
    expect(cell(group([w(1), w(2), w(3), w(4)]))).toBe('<code>c/Pod/1</code>, <code>c/Pod/2</code>, <code>c/Pod/3</code>, <code>c/Pod/4</code>');
  });

  test('five workloads: four shown, "and 1 more endpoint"', () => {
    expect(cell(group([w(1), w(2), w(3), w(4), w(5)]))).toBe('<code>c/Pod/1</code>, <code>c/Pod/2</code>, <code>c/Pod/3</code>, <code>c/Pod/4</code> and 1 more endpoint');
  });

  test('folded namespaces, selections and externals count their endpoints, not their parts', () => {
    const from = group([
      w(1),
      w(2),
      w(3),
      w(4),
      { kind: 'namespace', namespace: 'd', count: 7 },
      { kind: 'selection', terms: [{ pods: { requirements: [{ key: 'x', operator: 'In', values: ['y'] }] }, namespace: 'e' }], count: 3 },
      xpart('ip:10.0.0.0/8'),
      w(5),
    ]);
    expect(cell(from)).toBe('<code>c/Pod/1</code>, <code>c/Pod/2</code>, <code>c/Pod/3</code>, <code>c/Pod/4</code> and 12 more endpoints');
  });
});

describe('ports as people say them', () => {
  test.each([
    [['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535'], 'all ports'],
    [['TCP/1-65535'], 'all TCP'],
    [['TCP/1-65535', 'UDP/53'], 'all TCP, UDP/53'],
    [['SCTP/1-65535', 'UDP/1-65535'], 'all SCTP, all UDP'],
    [['SCTP/1-65535', 'TCP/1-5431', 'TCP/5433-65535', 'UDP/1-65535'], 'all ports except TCP/5432'],
    [['SCTP/1-65535', 'TCP/1-52', 'TCP/54-65535', 'UDP/1-52', 'UDP/54-65535'], 'all ports except TCP/53, UDP/53'],
    [['TCP/80'], 'TCP/80'],
    [['TCP/80', 'TCP/443', 'UDP/53'], 'TCP/80, TCP/443, UDP/53'],
    [['TCP/8000-8999'], 'TCP/8000-8999'],
    [['TCP/1-5431', 'TCP/5433-65535'], 'TCP/1-5431, TCP/5433-65535'],
  ])('%j → %s', (ports, text) => {
    const markdown = render(result({ risk: 'low', opened: [row('a/Pod/1', 'b/Pod/1', ports)] }));
    expect(markdown).toContain(`\n| 🟡 | <code>a/Pod/1</code> | <code>b/Pod/1</code> | ${text} | — |\n`);
  });
});

describe('external endpoints', () => {
  test('the internet says so; a private range stands alone; neither shows the "ip:" id', () => {
    const markdown = render(
      result({
        risk: 'high',
        opened: [row('ip:0.0.0.0/0 except 10.0.0.0/8', 'a/Pod/1', ['TCP/443'], { risk: 'high' }), row('a/Pod/1', 'ip:10.1.0.0/16', ['TCP/5432'], { risk: 'medium' })],
        externals: { 'ip:0.0.0.0/0 except 10.0.0.0/8': 'internet', 'ip:10.1.0.0/16': 'private' },
      }),
    );
    expect(markdown).toContain('\n| 🔴 | the internet (<code>0.0.0.0/0 except 10.0.0.0/8</code>) | <code>a/Pod/1</code> | TCP/443 | — |\n');
    expect(markdown).toContain('\n| 🟠 | <code>a/Pod/1</code> | <code>10.1.0.0/16</code> | TCP/5432 | — |\n');
    expect(markdown).not.toContain('ip:');
  });
});

describe('exposures', () => {
  /** An exposure written with ids and ports in the CLI's notation. */
  type Written = Partial<Omit<Exposure, 'refs' | 'ports' | 'externals'>> & { ids?: string[]; ports?: string[]; externals?: string[] };
  const exposure = ({ ids = ['a/Pod/1'], ports = [], externals = [], ...e }: Written): Exposure => ({
    kind: 'internet-ingress',
    risk: 'high',
    workloads: one('a/Pod/1'),
    refs: ids.map(wref),
    ports: portSet(...ports),
    externals: externals.map(xref),
    uncertain: false,
    location: { file: 'a.yaml', line: 1, side: 'head' },
    ...e,
  });

  test('one line per group, with its externals, ports and uncertainty', () => {
    const markdown = render(
      result({
        risk: 'high',
        exposures: [
          exposure({ kind: 'dns-cut', workloads: { parts: [{ kind: 'namespace', namespace: 'a', count: 2 }], count: 2 }, ids: ['a/Pod/1', 'a/Pod/2'], ports: ['TCP/53', 'UDP/53'] }),
          exposure({ kind: 'reachable-from-every-namespace', uncertain: true }),
          exposure({ kind: 'unprotected-workload', risk: 'medium', workloads: one('b/Pod/9'), ids: ['b/Pod/9'] }),
        ],
      }),
    );
    expect(lines(markdown)[1]).toBe('### 🔴 netpol-review: high risk · 0 paths opened, 0 paths closed, 3 exposure changes');
    const section = markdown.slice(markdown.indexOf('#### Exposure'), markdown.indexOf('\n\n', markdown.indexOf('#### Exposure')));
    expect(section.split('\n')).toEqual([
      '#### Exposure',
      '- 🔴 all 2 workloads in <code>a</code>: DNS egress cut off, on TCP/53, UDP/53',
      '- 🔴 <code>a/Pod/1</code>: newly reachable from every namespace (uncertain¹)',
      '- 🟠 <code>b/Pod/9</code>: new, and no policy restricts ingress to it: reachable from everywhere',
    ]);
  });

  test('every kind in its words; externals as plain code ranges, then ports, then the uncertainty mark', () => {
    const internet = 'ip:0.0.0.0/0 except 10.0.0.0/8';
    const v6 = 'ip:::/0';
    const markdown = render(
      result({
        risk: 'high',
        exposures: [
          exposure({ kind: 'internet-ingress', ports: ['TCP/443', 'TCP/8080'], externals: [internet, v6] }),
          exposure({ kind: 'lost-ingress-isolation' }),
          exposure({ kind: 'reachable-from-every-namespace', ports: ['TCP/8080'] }),
          exposure({ kind: 'internet-egress', ports: ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535'], externals: [internet], uncertain: true }),
          exposure({ kind: 'dns-cut', ports: ['UDP/53'] }),
          exposure({ kind: 'unprotected-workload', ports: ['SCTP/1-65535', 'TCP/1-5431', 'TCP/5433-65535', 'UDP/1-65535'], externals: [internet] }),
        ],
        externals: { [internet]: 'internet', [v6]: 'internet' },
      }),
    );
    const section = markdown.slice(markdown.indexOf('#### Exposure'), markdown.indexOf('\n\n', markdown.indexOf('#### Exposure')));
    expect(section.split('\n')).toEqual([
      '#### Exposure',
      '- 🔴 <code>a/Pod/1</code>: newly reachable from the internet <code>0.0.0.0/0 except 10.0.0.0/8</code>, <code>::/0</code>, on TCP/443, TCP/8080',
      '- 🔴 <code>a/Pod/1</code>: no policy restricts ingress to it any more: reachable from everywhere, the internet included',
      '- 🔴 <code>a/Pod/1</code>: newly reachable from every namespace, on TCP/8080',
      '- 🔴 <code>a/Pod/1</code>: newly able to reach the internet <code>0.0.0.0/0 except 10.0.0.0/8</code>, on all ports (uncertain¹)',
      '- 🔴 <code>a/Pod/1</code>: DNS egress cut off, on UDP/53',
      '- 🔴 <code>a/Pod/1</code>: new, and no policy restricts ingress to it: reachable from everywhere <code>0.0.0.0/0 except 10.0.0.0/8</code>, on all ports except TCP/5432',
    ]);
    // The internet is named once per line: no "the internet (…)" wrapper around the ranges.
    expect(section).not.toContain('the internet (');
    expect(section).not.toContain('ip:');
  });

  test('a group of workloads reads "them", one workload "it"', () => {
    const two = { workloads: { parts: [{ kind: 'namespace' as const, namespace: 'a', count: 2 }], count: 2 }, ids: ['a/Pod/1', 'a/Pod/2'] };
    const markdown = render(
      result({ risk: 'high', exposures: [exposure({ kind: 'lost-ingress-isolation', ...two }), exposure({ kind: 'unprotected-workload', ...two })] }),
    );
    expect(lines(markdown)).toContain('- 🔴 all 2 workloads in <code>a</code>: no policy restricts ingress to them any more: reachable from everywhere, the internet included');
    expect(lines(markdown)).toContain('- 🔴 all 2 workloads in <code>a</code>: new, and no policy restricts ingress to them: reachable from everywhere');
  });

  test('exposures fold after maxRows: "- …and N more exposure changes"', () => {
    const many = Array.from({ length: 7 }, (_, i) => exposure({ kind: 'dns-cut', workloads: one(`a/Pod/${i}`), ids: [`a/Pod/${i}`], ports: ['UDP/53'] }));
    const markdown = renderComment(result({ risk: 'high', exposures: many }), { ...DEFAULT_SETTINGS.comment, maxRows: 3 });
    expect(lines(markdown).filter((l) => l.startsWith('- 🔴 '))).toHaveLength(3);
    expect(markdown).toContain('\n- …and 4 more exposure changes\n');
  });

  test('an exposure marked (uncertain¹) comes with the ¹ footnote when it is the only thing there', () => {
    const markdown = render(result({ risk: 'high', exposures: [exposure({ kind: 'reachable-from-every-namespace', uncertain: true })] }));
    expect(lines(markdown).filter((l) => l.includes('¹'))).toEqual([
      '- 🔴 <code>a/Pod/1</code>: newly reachable from every namespace (uncertain¹)',
      "¹ Through an ipBlock that covers only part of the pod CIDRs: pods may or may not match it. Set the cluster's pod CIDRs (`podCidrs` in the config, `--pod-cidr` on the CLI) to settle it.",
    ]);
  });

  test('no mark, no footnote', () => {
    const markdown = render(result({ risk: 'high', exposures: [exposure({ kind: 'reachable-from-every-namespace' })], opened: [row('a/Pod/2', 'a/Pod/1', ['TCP/80'])] }));
    expect(markdown).not.toContain('¹');
  });

  test('an exposure marked (uncertain¹) comes with the ¹ footnote, even when no row is uncertain', () => {
    // review() gives this when the only uncertain path behind "reachable from every namespace" is not
    // a row (see test/review/review.test.ts): the mark must not point at a footnote that is not there.
    const markdown = render(result({ risk: 'high', exposures: [exposure({ kind: 'reachable-from-every-namespace', uncertain: true })], opened: [row('a/Pod/2', 'a/Pod/1', ['TCP/80'])] }));
    expect(markdown).toContain('(uncertain¹)');
    expect(lines(markdown).filter((l) => l.startsWith('¹ '))).toEqual([
      "¹ Through an ipBlock that covers only part of the pod CIDRs: pods may or may not match it. Set the cluster's pod CIDRs (`podCidrs` in the config, `--pod-cidr` on the CLI) to settle it.",
    ]);
  });
});

describe('diagnostics', () => {
  const d = (severity: 'error' | 'warning', i: number) => ({ side: 'head' as const, file: `f${i}.yaml`, line: i, severity, message: `m${i}` });
  const summaryOf = (diagnostics: ReturnType<typeof d>[]) => lines(render(result({ diagnostics }))).find((l) => l.startsWith('<details'))!;

  test.each([
    ['one error', [d('error', 1)], '<details open><summary>⚠️ 1 error: what the verdict did not see</summary>'],
    ['two errors', [d('error', 1), d('error', 2)], '<details open><summary>⚠️ 2 errors: what the verdict did not see</summary>'],
    ['an error and a warning', [d('warning', 1), d('error', 2)], '<details open><summary>⚠️ 1 error: what the verdict did not see, and 1 warning</summary>'],
    ['an error and three warnings', [d('error', 1), d('warning', 2), d('warning', 3), d('warning', 4)], '<details open><summary>⚠️ 1 error: what the verdict did not see, and 3 warnings</summary>'],
    ['one warning (closed)', [d('warning', 1)], '<details><summary>1 warning</summary>'],
    ['two warnings (closed)', [d('warning', 1), d('warning', 2)], '<details><summary>2 warnings</summary>'],
  ])('%s', (_, diagnostics, summary) => {
    expect(summaryOf(diagnostics)).toBe(summary);
  });

  test('each diagnostic: side, file:line, severity, message', () => {
    const markdown = render(result({ diagnostics: [d('error', 1), { ...d('warning', 2), side: 'base' }] }));
    expect(markdown).toContain('\n- head f1.yaml:1 error: m1\n- base f2.yaml:2 warning: m2\n');
  });
});

describe('folds', () => {
  test('rows beyond maxRows: "…and N more rows (M paths) not shown."', () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ ...row(`a/Pod/${i}`, 'b/Pod/1', [`TCP/${i + 1}`]), pairs: i + 1 }));
    const markdown = renderComment(result({ risk: 'low', opened: rows }), { ...DEFAULT_SETTINGS.comment, maxRows: 3 });
    expect(markdown.split('\n').filter((l) => l.startsWith('| 🟡 |'))).toHaveLength(3);
    // Rows 4..7 stand for 4 + 5 + 6 + 7 paths.
    expect(markdown).toContain('\n…and 4 more rows (22 paths) not shown.\n');
    expect(markdown).toContain('\n#### Opened paths (28)\n');
  });

  test('one row, one path: singular', () => {
    const rows = [row('a/Pod/1', 'b/Pod/1', ['TCP/1']), row('a/Pod/2', 'b/Pod/1', ['TCP/2'])];
    expect(renderComment(result({ risk: 'low', opened: rows }), { ...DEFAULT_SETTINGS.comment, maxRows: 1 })).toContain('\n…and 1 more row (1 path) not shown.\n');
  });

  test.each([
    ['new', 'addedWorkloads', 'New workloads (130) and their paths'],
    ['removed', 'removedWorkloads', 'Removed workloads (130)'],
  ] as const)('%s workloads: maxRows × 4 names, then "and N more"', (_, field, summary) => {
    const ids = Array.from({ length: 130 }, (__, i) => `c/Pod/w-${String(i).padStart(3, '0')}`);
    const markdown = renderComment(result({ [field]: ids }), { ...DEFAULT_SETTINGS.comment, maxRows: 10 });
    expect(markdown).toContain(`<details><summary>${summary}</summary>`);
    const list = lines(markdown).find((l) => l.startsWith('<code>c/Pod/w-000</code>'))!;
    expect(list.match(/<code>/g)).toHaveLength(40);
    expect(list.endsWith('<code>c/Pod/w-039</code>, and 90 more')).toBe(true);
  });

  test('renamed workloads: maxRows lines, then "- …and N more"', () => {
    const renamed = Array.from({ length: 12 }, (_, i) => ({ from: `c/Pod/old-${i}`, to: `c/Pod/new-${i}` }));
    const markdown = renderComment(result({ renamed }), { ...DEFAULT_SETTINGS.comment, maxRows: 5 });
    expect(lines(markdown).filter((l) => l.startsWith('- <code>c/Pod/old-'))).toHaveLength(5);
    expect(markdown).toContain('\n- …and 7 more\n');
  });
});
