/** The comment fits its budget (maxCharacters, and GitHub's hard 65,536) however big the diff. */
import { describe, expect, test } from 'vitest';
import { COMMENT_MARKER, MAX_COMMENT_CHARACTERS, type RenderLimits, renderComment } from '../../src/report/markdown.js';
import type { GroupPart, PathRow } from '../../src/review/group-paths.js';
import type { ReviewResult } from '../../src/review/review.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/settings/settings.js';
import { deployment, file, manyDeployments, namespace, peers, policies, reviewScenario, reviewTrees, shopApp, tree } from '../review/manifests.js';
import { ports, wpart, wref } from '../review/refs.js';
import { hostileResult } from './hostile.js';
import { safetyProblems } from './markdown-checks.js';
import { LINKED } from './scenarios.js';

const GITHUB_LIMIT = 65_536;
/** Rows (and items) per section of the huge result: each section alone is far over 65,536 characters. */
const N = 2000;
const HEADLINE = `netpol-review: high risk · ${N} paths opened, ${N} paths closed, ${N} workloads added (${N} paths), ${N} workloads removed, ${N} exposure changes, 1 object made invalid`;
const TOO_LARGE = 'The report is too large for a comment.';

/** A result with `n` distinct rows of long names in every section, and as many diagnostics and changed policies. */
function hugeResult(n: number): ReviewResult {
  const base = hostileResult(LINKED);
  base.context = { ...LINKED };
  const w = (i: number, side: string): GroupPart => wpart(`namespace-${String(i).padStart(5, '0')}/Deployment/${side}-${'x'.repeat(40)}`);
  const rows = (risk: PathRow['risk']): PathRow[] =>
    Array.from({ length: n }, (_, i) => ({
      from: { parts: [w(i, 'client')], count: 1 },
      to: { parts: [w(i, 'server')], count: 1 },
      ports: ports(`TCP/${1000 + i}`),
      uncertain: i % 7 === 0,
      cause: {
        key: 'k',
        items: [{ kind: 'rule', side: 'head', changed: true, rule: { policy: `namespace-${i}/allow`, namespace: `namespace-${i}`, name: 'allow', file: `namespaces/namespace-${i}/policies.yaml`, line: 12, direction: 'ingress', rule: 0, ports: ports(`TCP/${1000 + i}`), uncertain: false } }],
      },
      risk,
      pairs: 1,
    }));
  return {
    ...base,
    counts: { opened: n, closed: n, addedWorkloads: n, addedPaths: n, removedWorkloads: n, exposures: n },
    exposures: Array.from({ length: n }, (_, i) => ({
      kind: 'dns-cut',
      risk: 'high',
      workloads: { parts: [wpart(`ns-${i}/Pod/p`)], count: 1 },
      refs: [wref(`ns-${i}/Pod/p`)],
      ports: ports(`TCP/${i + 1}`),
      externals: [],
      uncertain: false,
      location: { file: `f-${i}.yaml`, line: 1, side: 'head' },
    })),
    opened: rows('medium'),
    closed: rows('none'),
    added: rows('low'),
    addedWorkloads: Array.from({ length: n }, (_, i) => `added-${i}/Pod/${'y'.repeat(50)}`),
    removedWorkloads: Array.from({ length: n }, (_, i) => `removed-${i}/Pod/${'z'.repeat(50)}`),
    renamed: Array.from({ length: n }, (_, i) => ({ from: `r/Pod/old-${i}`, to: `r/Pod/new-${i}` })),
    policyChanges: Array.from({ length: n }, (_, i) => ({ policy: `ns-${i}/p`, change: 'modified', file: `f-${i}.yaml`, line: 1, patch: `--- a\n+++ b\n${'+line\n'.repeat(50)}` })),
    diagnostics: Array.from({ length: n }, (_, i) => ({ side: 'head', file: `f-${i}.yaml`, line: i + 1, severity: i % 2 ? 'warning' : 'error', message: 'm'.repeat(200) })),
    relevantDiagnostics: Array.from({ length: n }, (_, i) => ({ side: 'head', file: `f-${i}.yaml`, line: i + 1, severity: i % 2 ? 'warning' : 'error', message: 'm'.repeat(200) })),
  };
}

const comment = (maxCharacters: number): RenderLimits => ({ ...DEFAULT_SETTINGS.comment, maxCharacters });
/** A lone UTF-16 surrogate: half of a character (an emoji cut in two). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('a huge hand-built result', () => {
  const result = hugeResult(N);
  /** Each budget rendered once, however many tests look at it. */
  const rendered = new Map<number, string>();
  const renderAt = (max: number) => rendered.get(max) ?? rendered.set(max, renderComment(result, comment(max))).get(max)!;

  test.each([2_000, 6_000, 20_000, 60_000, 65_000, 65_536])('maxCharacters %i: within budget, marker first, footer last, well-formed', (max) => {
    const markdown = renderAt(max);
    expect(markdown.length).toBeLessThanOrEqual(max);
    expect(markdown.split('\n')[0]).toBe(COMMENT_MARKER);
    expect(markdown.split('\n')[1]).toBe(`### 🔴 ${HEADLINE}`);
    expect(markdown).toMatch(/\n<sub>Full report: .*<\/sub>\n$/);
    expect(safetyProblems(markdown)).toEqual([]);
  });

  test('the bigger the budget, the more is shown (60,000 is used, not wasted on a small fallback)', () => {
    const lengths = [2_000, 6_000, 20_000, 60_000].map((max) => renderAt(max).length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(lengths[3]).toBeGreaterThan(20_000);
  });

  test.each([65_537, 1_000_000, Infinity])('maxCharacters %d from a caller: the comment of a 65,536 budget (GitHub\'s limit)', (max) => {
    // parseSettings rejects more than 65,536, but renderComment is exported and caps whatever it is given.
    const markdown = renderComment(result, comment(max));
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_LIMIT);
    expect(markdown).toBe(renderAt(GITHUB_LIMIT));
  });

  test('MAX_COMMENT_CHARACTERS is GitHub\'s limit', () => expect(MAX_COMMENT_CHARACTERS).toBe(GITHUB_LIMIT));
});

describe('budgets below the last-resort comment (direct renderComment callers only)', () => {
  const result = hugeResult(2);
  // With 400 characters nothing but the last resort fits: marker, headline, one sentence, footer.
  const minimal = renderComment(result, comment(400));

  test('the last-resort comment: marker, headline, one sentence, footer', () => {
    expect(minimal.split('\n')).toEqual([
      COMMENT_MARKER,
      '### 🔴 netpol-review: high risk · 2 paths opened, 2 paths closed, 2 workloads added (2 paths), 2 workloads removed, 2 exposure changes, 1 object made invalid',
      '',
      TOO_LARGE,
      '',
      '---',
      expect.stringMatching(/^<sub>Full report: .*<\/sub>$/),
      '',
    ]);
    expect(safetyProblems(minimal)).toEqual([]);
  });

  test.each([0, 1, 22, 23, 26, 100, 200])('maxCharacters %i: cut to the budget, a prefix of the last resort', (max) => {
    expect(max).toBeLessThan(minimal.length);
    const markdown = renderComment(result, comment(max));
    expect(markdown.length).toBeLessThanOrEqual(max);
    expect(minimal.startsWith(markdown)).toBe(true);
    if (max >= COMMENT_MARKER.length) expect(markdown.startsWith(COMMENT_MARKER)).toBe(true);
  });

  test('a cut never splits a character in two (no lone surrogate: half of an emoji)', () => {
    // The headline's risk icon (🔴, two UTF-16 code units) sits at index 27 and 28.
    const cuts = Array.from({ length: minimal.length }, (_, max) => max).filter((max) => LONE_SURROGATE.test(renderComment(result, comment(max))));
    expect(cuts, 'budgets whose comment ends in half a character').toEqual([]);
  });
});

describe('the smallest budget parseSettings accepts (2,000)', () => {
  test.each([
    ['a huge hand-built result', () => hugeResult(50)],
    ['the hostile result', () => hostileResult(LINKED)],
  ])('%s: a whole comment, marker to footer, within 2,000', (_, build) => {
    const { settings, diagnostics } = parseSettings('comment: {maxCharacters: 2000}\n', 'c.yml');
    expect(diagnostics).toEqual([]);
    const markdown = renderComment(build(), settings.comment);
    expect(markdown.length).toBeLessThanOrEqual(2_000);
    expect(markdown.split('\n')[0]).toBe(COMMENT_MARKER);
    expect(markdown).toMatch(/\n<sub>Full report: .*<\/sub>\n$/);
    expect(safetyProblems(markdown)).toEqual([]);
  });
});

describe('many new workloads', () => {
  test('2,000 new workloads: the list folds into "and N more", the other sections stay', () => {
    const head = [...shopApp(), file('batch/jobs.yaml', namespace('batch'), policies.denyAll('batch'), ...manyDeployments('batch', 'job', 2000))];
    const { markdown, config } = reviewScenario({ base: shopApp(), head, context: LINKED });
    expect(markdown.length).toBeLessThanOrEqual(config.comment.maxCharacters);
    expect(markdown.split('\n')[1]).toBe('### 🟢 netpol-review: no new risk · 0 paths opened, 0 paths closed, 2000 workloads added (0 paths)');
    expect(markdown).toContain('<details><summary>New workloads (2000) and their paths</summary>');
    // maxRows (30) × 4 names shown, the rest counted.
    const list = markdown.split('\n').find((l) => l.startsWith('<code>batch/Deployment/job-0001</code>'))!;
    expect(list.match(/<code>batch\/Deployment\/job-\d{4}<\/code>/g)).toHaveLength(120);
    expect(list).toMatch(/<code>batch\/Deployment\/job-0120<\/code>, and 1880 more$/);
    expect(markdown).toContain('They can reach nothing and nothing can reach them.');
    expect(markdown).toContain('#### Changed policies (1)');
  });
});

describe('a huge diff from manifests', () => {
  // 500 namespaces, each with its own client → server opening on its own port: 500 distinct rows of
  // some 330 characters, well over the default 60,000.
  const TEAMS = 500;
  const teams = (opened: boolean) =>
    Array.from({ length: TEAMS }, (_, i) => {
      const ns = `team-${String(i).padStart(4, '0')}`;
      const objects = [namespace(ns), deployment(ns, 'server', { role: 'server' }), deployment(ns, 'client', { role: 'client' }), policies.denyIngress(ns)];
      if (opened) objects.push(policies.allowIngress(ns, 'server-from-client', { role: 'server' }, [peers.pods({ role: 'client' })], [1024 + i]));
      return file(`teams/${ns}.yaml`, ...objects);
    });
  // The review does not depend on the comment settings: computed once, rendered per budget.
  const result = reviewTrees(tree(...teams(false)), tree(...teams(true)), DEFAULT_SETTINGS, LINKED);

  test.each([DEFAULT_SETTINGS.comment.maxCharacters, 10_000, 2_000])('maxCharacters %i', (max) => {
    expect(result.opened).toHaveLength(TEAMS);
    const markdown = renderComment(result, comment(max));
    expect(markdown.length).toBeLessThanOrEqual(max);
    expect(markdown.split('\n')[1]).toBe(`### 🟡 netpol-review: low risk · ${TEAMS} paths opened, 0 paths closed`);
    const fold = /…and (\d+) more rows \((\d+) paths\) not shown\./.exec(markdown);
    expect(fold, 'fold line').not.toBeNull();
    const shown = markdown.split('\n').filter((l) => l.startsWith('| 🟡 |')).length;
    expect(shown).toBeGreaterThan(0);
    expect([Number(fold![1]), Number(fold![2])]).toEqual([TEAMS - shown, TEAMS - shown]);
    expect(markdown).toMatch(/\n<sub>Full report: .*<\/sub>\n$/);
    expect(safetyProblems(markdown)).toEqual([]);
  });
});
