/**
 * `--parse-threads`: the built CLI (bin/, lib/ rebuilt when older than src/) parsing on worker threads
 * prints byte for byte what it prints parsing in-process, on trees full of garbage.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GARBAGE } from '../k8s/garbage-manifests.js';
import { DB_FROM_API, pod, policy } from '../k8s/manifests.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'netpol-review.js');

const TREES: Record<string, Record<string, string>> = {
  base: { ...GARBAGE, 'np/db.yaml': DB_FROM_API },
  head: {
    ...GARBAGE,
    'moved/bad-yaml.yaml': GARBAGE['bad-yaml.yaml']!,
    'np/db.yaml': DB_FROM_API.replace('port: 5432', 'port: 6379'),
    'np/open.yaml': policy('open', '  podSelector: {}\n  ingress:\n  - {}\n'),
  },
  ctx: { 'cluster.yaml': pod('monitor', { ns: 'ops' }), 'same.yaml': GARBAGE['one-broken.yaml']! },
};

let root: string;
const at = (tree: string) => join(root, tree);

function netpolReview(...args: string[]) {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

beforeAll(() => {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'lib', 'cli', 'read-ahead-worker.js')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built < statSync(join(ROOT, 'src', 'cli', 'read-ahead.ts')).mtimeMs || built < statSync(join(ROOT, 'src', 'k8s', 'load-cluster.ts')).mtimeMs) {
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.json failed:\n${tsc.stdout}${tsc.stderr}`);
  }
  root = mkdtempSync(join(tmpdir(), 'netpol-review-threads-'));
  for (const [tree, files] of Object.entries(TREES)) {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, tree, path)), { recursive: true });
      writeFileSync(join(root, tree, path), text);
    }
  }
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('--parse-threads', () => {
  const commands: [string, string[]][] = [
    ['diff --format json', ['diff', 'base', 'head', '--format', 'json', '--context', 'ctx']],
    ['diff --format markdown', ['diff', 'base', 'head', '--format', 'markdown', '--context', 'ctx']],
    ['diff --format text', ['diff', 'base', 'head']],
    ['matrix --format json', ['matrix', 'head', '--format', 'json', '--context', 'ctx']],
    ['explain --format json', ['explain', 'head', 'prod/Pod/api', 'prod/Pod/db', '6379', '--format', 'json']],
  ];
  it.each(commands)('%s prints the same with 1 and 3 worker threads as in-process', (_, command) => {
    const [verb, ...trees] = command;
    const args = [verb!, ...trees.map((a, i) => (i < (verb === 'diff' ? 2 : 1) || trees[i - 1] === '--context' ? at(a) : a))];
    const inProcess = netpolReview(...args, '--parse-threads', '0');
    expect(inProcess.stderr).toBe('');
    expect(inProcess.status).toBe(0);
    for (const threads of ['1', '3']) expect(netpolReview(...args, '--parse-threads', threads)).toEqual(inProcess);
  });

  it('the garbage is reported, file by file and line by line, the same with threads', () => {
    const out = (threads: string) => JSON.parse(netpolReview('matrix', at('head'), '--format', 'json', '--parse-threads', threads).stdout) as { diagnostics: { file: string; line: number; message: string }[] };
    const diagnostics = out('2').diagnostics;
    expect(diagnostics).toEqual(out('0').diagnostics);
    expect(diagnostics.filter((d) => d.file === 'bad-yaml.yaml' || d.file === 'moved/bad-yaml.yaml').map((d) => [d.file, d.line])).toEqual([
      ['bad-yaml.yaml', 5],
      ['moved/bad-yaml.yaml', 5],
    ]);
    expect(diagnostics.find((d) => d.file === 'template.yaml')).toMatchObject({ line: 4, message: expect.stringContaining('Helm or Go template') });
    expect(diagnostics.filter((d) => d.file === 'one-broken.yaml').map((d) => d.line)).toEqual([11, 29]);
  });

  it('refuses a count that is not a whole number', () => {
    const child = netpolReview('matrix', at('head'), '--parse-threads', '1.5');
    expect(child.status).toBe(1);
    expect(child.stderr.split('\n')[0]).toBe('netpol-review: --parse-threads must be a whole number, 0 or more');
  });
});
