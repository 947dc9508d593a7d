/** The full report (job summary, check run), the JSON report file, and links to a GitHub Enterprise server. */
import { describe, expect, test } from 'vitest';
import { diffJson } from '../../src/report/json.js';
import { COMMENT_MARKER, MAX_CHECK_SUMMARY_CHARACTERS, MAX_JOB_SUMMARY_CHARACTERS, renderComment, renderReport } from '../../src/report/markdown.js';
import { renderReportJson } from '../../src/report/review-json.js';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.js';
import { reviewScenario } from '../review/manifests.js';
import { hostileResult } from './hostile.js';
import { fileLinks, safetyProblems } from './markdown-checks.js';
import { BASE_SHA, HEAD_SHA, LINKED, SCENARIOS } from './scenarios.js';

const scenario = (name: string) => reviewScenario(SCENARIOS.find((s) => s.name === name)!);
const FOOTER = '\n\n---\n<sub>Full report:';

describe('renderReport', () => {
  test('limits', () => {
    expect([MAX_JOB_SUMMARY_CHARACTERS, MAX_CHECK_SUMMARY_CHARACTERS]).toEqual([1_048_576, 65_535]);
  });

  test.each(['b-opened-only', 'd-internet-exposure', 'g-dns-cut', 'j-lost-isolation', 'm-links-with-context'])('%s: the comment\'s body, without its footer', (name) => {
    const { result, markdown } = scenario(name);
    expect(renderReport(result, { maxCharacters: MAX_JOB_SUMMARY_CHARACTERS })).toBe(`${markdown.slice(0, markdown.indexOf(FOOTER))}\n`);
  });

  describe('400 distinct rows (f-truncated, whose comment folds them)', () => {
    const { result, markdown } = scenario('f-truncated');
    const rowsOf = (text: string) => text.split('\n').filter((l) => l.startsWith('| 🟡 |')).length;

    test('within a job summary: every row, every policy, the picture, no fold, no note', () => {
      const report = renderReport(result, { maxCharacters: MAX_JOB_SUMMARY_CHARACTERS, elsewhere: 'the JSON report file' });
      expect(rowsOf(markdown)).toBeLessThan(400);
      expect(rowsOf(report)).toBe(400);
      expect(report).not.toMatch(/more rows? \(/);
      expect(report).toContain('#### Changed policies (400)');
      expect(report.match(/^<details><summary><code>team-\d{4}\/server-from-client<\/code> added/gm)).toHaveLength(400);
      expect(report).toContain('```mermaid');
      expect(report).not.toContain('[!NOTE]');
      expect(report.split('\n')[0]).toBe(COMMENT_MARKER);
      expect(report.endsWith('</details>\n')).toBe(true);
      expect(safetyProblems(report)).toEqual([]);
    });

    test.each([65_535, 20_000, 6_000])('within %i characters: folded, with a note saying where the rest is', (max) => {
      const report = renderReport(result, { maxCharacters: max, elsewhere: 'the JSON report file' });
      expect(report.length).toBeLessThanOrEqual(max);
      expect(report.endsWith(`\n\n> [!NOTE]\n> This report was folded to fit ${max.toLocaleString('en-US')} characters; everything is in the JSON report file.\n`)).toBe(true);
      const fold = /…and (\d+) more rows \((\d+) paths\) not shown\./.exec(report);
      expect(fold).not.toBeNull();
      expect(Number(fold![1])).toBe(400 - rowsOf(report));
      expect(report.split('\n')[1]).toBe(markdown.split('\n')[1]);
      expect(safetyProblems(report)).toEqual([]);
    });

    test('the note without `elsewhere`', () => {
      expect(renderReport(result, { maxCharacters: 20_000 }).endsWith('\n\n> [!NOTE]\n> This report was folded to fit 20,000 characters.\n')).toBe(true);
    });

    test('a larger budget shows more rows', () => {
      const shown = [6_000, 20_000, 65_535, MAX_JOB_SUMMARY_CHARACTERS].map((max) => rowsOf(renderReport(result, { maxCharacters: max })));
      expect(shown).toEqual([...shown].sort((a, b) => a - b));
      expect(shown.at(-1)).toBe(400);
    });

    test.each([0, 10, 150, 400])('a budget below the last resort (%i): cut to it, never over', (max) => {
      const report = renderReport(result, { maxCharacters: max });
      expect(report.length).toBeLessThanOrEqual(max);
      expect(`${COMMENT_MARKER}\n${markdown.split('\n')[1]}\n\nThe report is too large to show here.`.startsWith(report.slice(0, Math.min(report.length, 60)))).toBe(true);
    });
  });

  test('the hostile result: everything shown, escaped, within a check run\'s summary', () => {
    const report = renderReport(hostileResult(LINKED), { maxCharacters: MAX_CHECK_SUMMARY_CHARACTERS, elsewhere: `<img src=x> @org/team` });
    expect(report.length).toBeLessThanOrEqual(MAX_CHECK_SUMMARY_CHARACTERS);
    expect(safetyProblems(report)).toEqual([]);
    expect(report).toContain('```diff');
  });

  test('an `elsewhere` with markup is escaped in the note', () => {
    const { result } = scenario('f-truncated');
    expect(renderReport(result, { maxCharacters: 20_000, elsewhere: '<img src=x> @org/team' })).toContain('everything is in &#60;img src=x&#62; @\u200borg/team.\n');
  });
});

describe('renderReportJson', () => {
  test('b-opened-only: the diff contract with renames, and the review', () => {
    const { result } = scenario('b-opened-only');
    const json = renderReportJson(result);
    expect({ ...json, review: undefined }).toEqual({ ...diffJson(result.comparison), renamed: [], review: undefined });
    expect(json.review).toEqual({
      risk: 'medium',
      incomplete: false,
      changed: true,
      counts: { opened: 1, closed: 0, addedWorkloads: 0, addedPaths: 0, removedWorkloads: 0, exposures: 0 },
      exposures: [],
      opened: [{ risk: 'medium', from: [{ kind: 'workload', id: 'shop/Deployment/web' }], to: [{ kind: 'workload', id: 'data/Deployment/db' }], ports: ['TCP/5432'], pairs: 1, uncertain: false }],
      closed: [],
      unanalysed: [],
      policyChanges: [{ policy: 'data/db-from-web', change: 'added', file: 'data/policies.yaml', line: 34 }],
      invalidated: [],
    });
  });

  test('d-internet-exposure: exposures with ids, ports as text, and their locations', () => {
    const { result } = scenario('d-internet-exposure');
    const review = renderReportJson(result).review as { exposures: unknown[] };
    expect(review.exposures).toEqual([
      { kind: 'internet-ingress', risk: 'high', workloads: ['shop/Deployment/web'], ports: ['TCP/8080'], externals: ['ip:0.0.0.0/0'], uncertain: false, location: { file: 'shop/policies.yaml', line: 43, side: 'head' } },
      { kind: 'reachable-from-every-namespace', risk: 'high', workloads: ['shop/Deployment/web'], ports: [], externals: [], uncertain: false, location: { file: 'shop/workloads.yaml', line: 8, side: 'head' } },
    ]);
  });

  test('i-renamed-workload: the renamed pair', () => {
    expect(renderReportJson(scenario('i-renamed-workload').result).renamed).toEqual([{ from: 'shop/Pod/api', to: 'shop/Pod/api-v2' }]);
  });

  test('plain JSON: it survives JSON.stringify (no BigInt, no models)', () => {
    const json = renderReportJson(scenario('d-internet-exposure').result);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('links to a GitHub Enterprise server (context.serverUrl)', () => {
  const { base, head } = SCENARIOS.find((s) => s.name === 'm-links-with-context')!;
  const linksWith = (serverUrl: string | undefined) => {
    const context = serverUrl === undefined ? LINKED : { ...LINKED, serverUrl };
    const { markdown } = reviewScenario({ base, head, context });
    return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  };
  const github = linksWith(undefined);

  test('without serverUrl: github.com, at each side\'s commit', () => {
    expect(github.length).toBeGreaterThanOrEqual(2);
    expect(github.every((l) => l.startsWith('https://github.com/o/r/blob/'))).toBe(true);
    expect(github.some((l) => l.includes(`/blob/${HEAD_SHA}/data/cache.yaml#L`))).toBe(true);
    expect(github.some((l) => l.includes(`/blob/${BASE_SHA}/data/policies.yaml#L`))).toBe(true);
  });

  test.each([
    ['https://ghe.example.com', 'https://ghe.example.com'],
    ['https://ghe.example.com/', 'https://ghe.example.com'],
    ['https://example.com/github/', 'https://example.com/github'],
    ['http://ghe.internal:8080', 'http://ghe.internal:8080'],
  ])('serverUrl %s: links to %s, otherwise the same', (serverUrl, origin) => {
    expect(linksWith(serverUrl)).toEqual(github.map((l) => l.replace('https://github.com', origin)));
  });

  test.each([['javascript:alert(1)'], ['not a url'], ['ftp://ghe.example.com'], ['']])('serverUrl %j: no links, plain file:line', (serverUrl) => {
    const { markdown } = reviewScenario({ base, head, context: { ...LINKED, serverUrl } });
    expect(fileLinks(markdown)).toEqual([]);
    expect(markdown).toContain('(data/cache.yaml:');
    expect(safetyProblems(markdown)).toEqual([]);
  });

  test('the renderers of the comment and the report agree', () => {
    const { result } = reviewScenario({ base, head, context: { ...LINKED, serverUrl: 'https://ghe.example.com' } });
    const comment = renderComment(result, DEFAULT_SETTINGS.comment);
    expect(renderReport(result, { maxCharacters: MAX_JOB_SUMMARY_CHARACTERS })).toBe(`${comment.slice(0, comment.indexOf(FOOTER))}\n`);
    expect(comment).toContain(`](https://ghe.example.com/o/r/blob/${HEAD_SHA}/data/cache.yaml#L`);
  });
});
