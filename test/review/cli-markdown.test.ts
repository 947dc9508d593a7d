/** `netpol-review diff --format markdown` prints exactly what analysePair() + review() + renderComment() give. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { run } from '../../src/cli/main.js';
import { readTree } from '../../src/cli/read-tree.js';
import { placeUnder } from '../../src/cli/repo-root.js';
import { type SourceFile, analysePair, changedFiles } from '../../src/index.js';
import { renderComment } from '../../src/report/markdown.js';
import { type ReviewContext, analysisOptions, review } from '../../src/review/review.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/settings/settings.js';
import { movedRule } from '../report/scenarios.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BASE_SHA = '0123456789abcdef0123456789abcdef01234567';
const HEAD_SHA = 'fedcba9876543210fedcba9876543210fedcba98';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) });
  return { code, stdout, stderr };
}

/** `prefixes`: where base's and head's files are under the repository root (links are relative to it). */
async function inProcess(base: string, head: string, context: Omit<ReviewContext, 'fullReport'>, configText?: string, prefixes = ['', '']) {
  const { settings, diagnostics } = configText === undefined ? { settings: structuredClone(DEFAULT_SETTINGS), diagnostics: [] } : parseSettings(configText, 'netpol-review.yml');
  const read = async (path: string, prefix: string) => {
    const tree = await readTree(path);
    return { files: placeUnder(tree.files, prefix), diagnostics: tree.diagnostics.map((d) => ({ ...d, file: prefix + d.file })) };
  };
  const [b, h] = [await read(base, prefixes[0]!), await read(head, prefixes[1]!)];
  const models = analysePair(b, h, analysisOptions(settings));
  const fullReport = `node bin/netpol-review.js diff ${base} ${head} --format text (from a netpol-review checkout)`;
  const result = review(models.base, models.head, settings, { fullReport, changedFiles: changedFiles(b.files, h.files), ...context }, diagnostics);
  return renderComment(result, settings.comment);
}

const tmp = mkdtempSync(join(tmpdir(), 'netpol-review-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeTree(name: string, files: SourceFile[]): string {
  const dir = join(tmp, name);
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  return dir;
}

describe('run() matches review() + renderComment()', () => {
  const { base, head } = movedRule();
  const trees = { examples: ['examples/base', 'examples/head'], built: [writeTree('base', base), writeTree('head', head)] } as const;

  test.each([
    ['examples, linked', 'examples', true],
    ['examples, unlinked', 'examples', false],
    ['a built tree, linked', 'built', true],
  ] as const)('%s', async (_, which, linked) => {
    const [b, h] = trees[which];
    const flags = linked ? ['--repo', 'o/r', '--base-sha', BASE_SHA, '--head-sha', HEAD_SHA] : [];
    const out = await cli(['diff', b, h, '--format', 'markdown', ...flags]);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    // Linked, the examples' links are relative to this repository's root (found by its .git entry).
    const prefixes = linked && which === 'examples' ? ['examples/base/', 'examples/head/'] : ['', ''];
    const expected = await inProcess(b, h, linked ? { repository: 'o/r', baseSha: BASE_SHA, headSha: HEAD_SHA } : {}, undefined, prefixes);
    expect(out.stdout).toBe(expected);
    if (linked) {
      expect(out.stdout).toContain(`<code>${HEAD_SHA.slice(0, 12)}</code>`);
      expect(out.stdout).toContain(`https://github.com/o/r/blob/${HEAD_SHA}/${prefixes[1]}`);
    }
  });

  test('--config is read and applied the same way', async () => {
    const configText = 'sensitive:\n  namespaces: [data]\ncomment: {maxRows: 1}\n';
    const file = join(tmp, 'netpol-review.yml');
    writeFileSync(file, configText);
    const out = await cli(['diff', 'examples/base', 'examples/head', '--format', 'markdown', '--config', file]);
    expect(out.stdout).toBe(await inProcess('examples/base', 'examples/head', {}, configText));
  });

  test('--config diagnostics reach the comment, with the config file name', async () => {
    const file = join(tmp, 'bad.yml');
    writeFileSync(file, 'comment:\n  maxRows: 0\n');
    const out = await cli(['diff', 'examples/base', 'examples/head', '--format', 'markdown', '--config', file]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('\n- head bad.yml:2 error: config: setting ignored, default used: comment.maxRows: must be a positive integer\n');
  });

  test('markdown is for diff only', async () => {
    const out = await cli(['matrix', 'examples/base', '--format', 'markdown']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('--format markdown is for diff only');
  });
});

describe('npm start (the CLI on the examples)', () => {
  // `npm start` runs exactly this command line; it runs here in-process (the built executable is
  // test/cli's concern), so the test neither rebuilds lib/ under other test files nor waits on npm.
  test('package.json\'s start script is the examples diff as markdown', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start']).toBe('node bin/netpol-review.js diff examples/base examples/head --format markdown');
  });

  test('reports the opened postgres path and the closed redis path', async () => {
    const { code, stdout, stderr } = await cli(['diff', 'examples/base', 'examples/head', '--format', 'markdown']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const section = (title: string) => stdout.slice(stdout.indexOf(title), stdout.indexOf('\n\n', stdout.indexOf(title)));
    expect(section('#### Opened paths (1)').split('\n').at(-1)).toBe(
      '| 🟠 | <code>shop/Deployment/cart-api</code> | <code>data/StatefulSet/postgres</code> | TCP/5432 | <code>data/db-debug</code> ingress rule 1 (data/db-debug.yaml:20), new or changed |',
    );
    expect(section('#### Closed paths (1)').split('\n').at(-1)).toBe(
      '| 🟡 | <code>shop/CronJob/session-gc</code> | <code>data/StatefulSet/redis</code> | TCP/6379 | was allowed by <code>data/redis-ingress</code> ingress rule 1 (data/policies.yaml:85), changed: <code>from&#91;0&#93;.podSelector.matchExpressions&#91;0&#93;.values</code> <code>&#91;api, batch&#93;</code> → <code>&#91;api&#93;</code> |',
    );
    expect(stdout.split('\n')[1]).toBe('### 🟠 netpol-review: medium risk · 1 path opened, 1 path closed');
  });
});
