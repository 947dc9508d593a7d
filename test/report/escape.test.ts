/**
 * Untrusted text (names, label values, file paths, messages) cannot inject HTML, break tables or
 * `<details>`, format text, link elsewhere, mention anyone or reference issues.
 */
import { describe, expect, test } from 'vitest';
import { code, encodePath, escapeMarkdown, escapeMermaid } from '../../src/report/escape.js';
import { renderComment } from '../../src/report/markdown.js';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.js';
import type { ReviewContext } from '../../src/review/review.js';
import { file, peers, pod, policies, reviewScenario } from '../review/manifests.js';
import { HOSTILE, HOSTILE_IDS, HOSTILE_PATH, HOSTILE_PIECES, HOSTILE_RANGES, hostileResult } from './hostile.js';
import { fileLinks, outsideFences, safetyProblems, wwwAutolinks } from './markdown-checks.js';
import { BASE_SHA, HEAD_SHA, LINKED } from './scenarios.js';

const CONTEXTS: [string, ReviewContext][] = [
  ['without links', { fullReport: HOSTILE }],
  ['with links', { ...LINKED, fullReport: HOSTILE }],
];

/** A tree whose file paths are hostile (Kubernetes does not restrict them); names and labels must be valid to load. */
const treePath = (i: number) => `${HOSTILE_PATH.replace('.yaml', '')}-${i}.yaml`;

function hostileTree(context: ReviewContext) {
  const path = treePath;
  const objects = [pod('ns1', 'web', { tier: 'web' }), pod('ns1', 'db', { tier: 'db' }), policies.denyIngress('ns1')];
  const allow = policies.allowIngress('ns1', 'db-from-web', { tier: 'db' }, [peers.pods({ tier: 'web' })], [5432]);
  const allowMore = policies.allowIngress('ns1', 'db-from-web-2', { tier: 'db' }, [peers.pods({ tier: 'web' })], [6379]);
  return reviewScenario({
    base: [file(path(1), ...objects), file(path(2), allow)],
    // A label value the API server rejects: it comes back in a diagnostic message, quoted.
    head: [file(path(1), ...objects, pod('ns1', 'bad', { note: HOSTILE })), file(path(3), allowMore)],
    context,
  });
}

describe('rendered comments with hostile text are safe', () => {
  const cases = CONTEXTS.flatMap(([label, context]) => [
    [`manifest tree, ${label}`, () => hostileTree(context).markdown, treePath(2)] as const,
    [`hand-built ReviewResult, ${label}`, () => renderComment(hostileResult(context), DEFAULT_SETTINGS.comment), HOSTILE_PATH] as const,
  ]);

  test.each(cases)('%s: no HTML, mention, reference, formatting, foreign link or broken table', (_, render) => {
    const markdown = render();
    expect(safetyProblems(markdown)).toEqual([]);
    // Inside fenced code (the policy patch) text is inert; everywhere else nothing may survive raw.
    const live = outsideFences(markdown);
    expect(live).not.toMatch(/<img/i);
    expect(live).not.toMatch(/@org/);
    expect(live.replace(/&#\d+;/g, '')).not.toMatch(/#123/);
  });

  test.each(cases)('%s: the hostile text is still shown, escaped, not dropped', (_, render, path) => {
    expect(render().includes(escapeMarkdown(path)), 'escaped path shown').toBe(true);
  });

  test('the hand-built result shows every field, escaped', () => {
    const markdown = renderComment(hostileResult({ fullReport: HOSTILE }), DEFAULT_SETTINGS.comment);
    const { external, privateExternal, ...workloads } = HOSTILE_IDS;
    for (const id of Object.values(workloads)) expect(markdown.includes(escapeMarkdown(id)), id).toBe(true);
    // External endpoints by their range (never their id, hostile here): the internet says so, a private range stands alone.
    expect(markdown).toContain(`the internet (${code(HOSTILE_RANGES.external)})`);
    expect(markdown).toContain(`| ${code(HOSTILE_RANGES.privateExternal)} |`);
    expect(markdown).not.toContain(`the internet (${code(HOSTILE_RANGES.privateExternal)})`);
    // The ids (hostile) are never shown: only ranges.
    expect(markdown).not.toContain(escapeMarkdown('ip:'));
    expect(markdown).not.toContain(escapeMarkdown(privateExternal));
    for (const heading of ['#### Exposure', '#### Opened paths', '#### Closed paths', 'New workloads (1)', 'Removed workloads (1)', 'Renamed workloads (1)', '#### Changed policies (1)', '<details open><summary>⚠️ 1 error: what the verdict did not see, and 1 warning</summary>', 'Picture of the changed paths']) {
      expect(markdown).toContain(heading);
    }
    // The patch stays inside its fence: its backtick runs are broken up.
    const patch = markdown.slice(markdown.indexOf('```diff'), markdown.indexOf('```\n', markdown.indexOf('```diff') + 7));
    expect(patch).toContain('</details><img src=x>');
    expect(patch.slice(7)).not.toMatch(/```/);
  });

  test.each([
    ['the hostile path', HOSTILE_PATH],
    ['a path with an unbalanced ")"', 'deploy/evil)www.evil.example/x.yaml'],
    ['a path with "*" and "_"', 'deploy/*x*/_y_.yaml'],
  ])('file links stay whole: %s', (_, path) => {
    // A ")" that closes no "(" ends a markdown link early; the rest of the path then becomes live
    // markdown (formatting, autolinks).
    const result = { ...hostileResult(LINKED), opened: [], closed: [], added: [], policyChanges: [], unevaluatedRules: [], invalidated: [] };
    result.diagnostics = result.relevantDiagnostics = [{ side: 'head', file: path, line: 2, severity: 'error', message: 'm' }];
    const markdown = renderComment(result, DEFAULT_SETTINGS.comment);
    const links = fileLinks(markdown);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(new RegExp(`^https://github\\.com/o/r/blob/${HEAD_SHA}/[^\\s]+#L2$`));
    expect(decodeURIComponent(links[0]!.replace(/^.*?\/blob\/[0-9a-f]+\//, '').replace(/#L2$/, ''))).toBe(path);
  });

  test('a file path with " www." does not become a link to another site (GFM extended autolink)', () => {
    // escapeMarkdown neutralises "http://" (the colon) but not "www.", which GitHub links after whitespace.
    const base = [file('deploy/a www.evil.example b.yaml', pod('ns1', 'web', { tier: 'web' }), pod('ns1', 'db', { tier: 'db' }), policies.denyIngress('ns1'))];
    const head = [...base, file('deploy/x www.evil.example y.yaml', policies.allowIngress('ns1', 'db-from-web', { tier: 'db' }, [peers.pods({ tier: 'web' })]))];
    for (const context of [{}, LINKED]) {
      const { markdown } = reviewScenario({ base, head, context });
      expect(wwwAutolinks(markdown)).toEqual([]);
    }
  });

  test('the hostile table rows keep the header cell count even with | and newlines in every cell', () => {
    const markdown = renderComment(hostileResult({}), DEFAULT_SETTINGS.comment);
    const rows = markdown.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const r of rows) expect(r.split('|').length).toBe(7);
  });
});

describe('links', () => {
  test.each([
    ['a repository with a path in it', { repository: 'o/r/../../evil', headSha: HEAD_SHA, baseSha: BASE_SHA }],
    ['a repository with markup', { repository: 'o/r)[x](http://evil', headSha: HEAD_SHA, baseSha: BASE_SHA }],
    ['a non-hex sha', { repository: 'o/r', headSha: 'main', baseSha: 'x)y' }],
    ['no sha', { repository: 'o/r' }],
  ])('%s: plain file:line, no link', (_, context) => {
    const markdown = renderComment(hostileResult(context), DEFAULT_SETTINGS.comment);
    expect(fileLinks(markdown)).toEqual([]);
    expect(safetyProblems(markdown)).toEqual([]);
  });
});

test('diagnostics link to the commit of their side', () => {
  const result = { ...hostileResult(LINKED), opened: [], closed: [], added: [], unevaluatedRules: [], invalidated: [] };
  result.diagnostics = result.relevantDiagnostics = [
    { side: 'base', file: 'a.yaml', line: 3, severity: 'warning', message: 'm' },
    { side: 'head', file: 'b.yaml', line: 4, severity: 'error', message: 'm' },
  ];
  expect(fileLinks(renderComment(result, DEFAULT_SETTINGS.comment))).toEqual([`https://github.com/o/r/blob/${BASE_SHA}/a.yaml#L3`, `https://github.com/o/r/blob/${HEAD_SHA}/b.yaml#L4`]);
});

describe('escape functions', () => {
  test.each(HOSTILE_PIECES.map((p) => [JSON.stringify(p), p]))('escapeMarkdown(%s) is one inert line', (_, piece) => {
    const out = escapeMarkdown(piece);
    expect(out).not.toMatch(/[\r\n\t<>|`*_[\]~\\"'()!${}]/);
    expect(out).not.toMatch(/:\/\/|www\./i);
    expect(out.replace(/&#\d+;/g, '')).not.toMatch(/[@#][\w-]/);
  });

  test('escapeMarkdown keeps plain names readable', () => {
    expect(escapeMarkdown('shop/Deployment/web-1.x')).toBe('shop/Deployment/web-1.x');
    expect(code('a|b')).toBe('<code>a&#124;b</code>');
    expect(escapeMarkdown('@org/team #123')).toBe('@\u200borg/team #\u200b123');
    // A colon alone is plain text (file:line reads as written); only a scheme's "://" is broken up.
    expect(escapeMarkdown('data/policies.yaml:12')).toBe('data/policies.yaml:12');
    expect(escapeMarkdown('ipv6 fd00::1')).toBe('ipv6 fd00::1');
    expect(escapeMarkdown('see http://evil.example')).toBe('see http:\u200b//evil.example');
    expect(escapeMarkdown('javascript:alert')).toBe('javascript:alert');
  });

  test.each(['www.evil.example', 'a www.evil.example', 'x(www.evil.example)', 'WWW.EVIL.EXAMPLE', '_www.evil.example_'])('escapeMarkdown(%j) breaks the "www." autolink', (text) => {
    // cmark-gfm links "www." after whitespace, "*", "_", "~" or "(" in the source (an entity's ";" is none of them).
    const out = escapeMarkdown(text);
    expect(out).not.toMatch(/(^|[\s*_~(])www\./i);
    expect(wwwAutolinks(out)).toEqual([]);
    expect(out.replace(/\u200b/g, '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))).toBe(text);
  });

  test.each(HOSTILE_PIECES.map((p) => [JSON.stringify(p), p]))('escapeMermaid(%s) keeps only plain characters and entity codes', (_, piece) => {
    expect(escapeMermaid(piece)).toMatch(/^([A-Za-z0-9 ./_:,=+-]|#\d+;)*$/);
  });

  test('encodePath keeps the separators and encodes the segments', () => {
    expect(encodePath('a b/c#d/e?f.yaml')).toBe('a%20b/c%23d/e%3Ff.yaml');
  });

  test("encodePath encodes what encodeURIComponent leaves and a link would read: ! ' ( ) *", () => {
    expect(encodePath("x!/'y'/(z)/*.yaml")).toBe('x%21/%27y%27/%28z%29/%2A.yaml');
    expect(encodePath('deploy/evil)www.evil.example/x.yaml')).toBe('deploy/evil%29www.evil.example/x.yaml');
    expect(encodePath('plain/dir-1/file_2.v3~x.yaml')).toBe('plain/dir-1/file_2.v3~x.yaml');
  });
});
