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
import { DB_FROM_API, docs, pod, policy } from '../k8s/manifests.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'netpol-review.js');

/** A ConfigMap (not analysed, but parsed and read like the rest): 8 lines. */
const configMap = (name: string, ns: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  a: "${name.repeat(8)}"\n  b: {x: [1, 2, 3], y: {z: "${name}"}}\n`;

/**
 * A large file (ConfigMaps, with a broken document and an invalid policy at known lines) of about
 * `kib` KiB. The workers take the largest files first and the main thread the smallest, and these
 * take the main thread long enough that the workers (which start 0.1-0.3 s late) read some of them.
 */
function filler(n: number, kib: number): string {
  const maps: string[] = [];
  for (let size = 0; size < kib * 1024; ) {
    maps.push(configMap(`f${n}-${maps.length}`, `fill-${n}`));
    size += maps[maps.length - 1]!.length + 4;
  }
  // Lines: 9 ConfigMaps of 8 lines and their 9 separators = 81 lines; the broken document starts on line 82.
  return docs(...maps.slice(0, 9), 'kind: Pod\n  bad: indentation\n: x\n', policy('broken', '  podSelector: {matchLabels: {app: 5}}\n', `fill-${n}`), ...maps.slice(9));
}
const FILLERS = Object.fromEntries([1200, 1000, 900, 800, 700, 600].map((kib, n) => [`fill/${n}.yaml`, filler(n, kib)]));

const TREES: Record<string, Record<string, string>> = {
  base: { ...GARBAGE, ...FILLERS, 'np/db.yaml': DB_FROM_API },
  head: {
    ...GARBAGE,
    ...FILLERS,
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
  const sources = ['cli/read-ahead.ts', 'cli/read-ahead-worker.ts', 'cli/parse-threads.ts', 'cli/main.ts', 'k8s/load-cluster.ts'];
  if (sources.some((f) => built < statSync(join(ROOT, 'src', f)).mtimeMs)) {
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
  const commands: [string, string[], string[]][] = [
    ['diff --format json', ['diff', 'base', 'head', '--format', 'json', '--context', 'ctx'], ['1', '3']],
    ['diff --format markdown', ['diff', 'base', 'head', '--format', 'markdown', '--context', 'ctx'], ['1']],
    ['matrix --format json', ['matrix', 'head', '--format', 'json', '--context', 'ctx'], ['1']],
    ['explain --format text', ['explain', 'head', 'prod/Pod/api', 'prod/Pod/db', '6379'], ['1']],
  ];
  it.each(commands)('%s prints the same with worker threads as in-process', (_, command, threads) => {
    const [verb, ...rest] = command;
    const args = [verb!, ...rest.map((a, i) => (i < (verb === 'diff' ? 2 : 1) || rest[i - 1] === '--context' ? at(a) : a))];
    const inProcess = netpolReview(...args, '--parse-threads', '0');
    expect(inProcess.stderr).toBe('');
    expect(inProcess.status).toBe(0);
    for (const n of threads) expect(netpolReview(...args, '--parse-threads', n)).toEqual(inProcess);
  });

  it('prints the same with the threads started as the process starts, by default or asked for as --parse-threads=N', () => {
    const args = ['diff', at('base'), at('head'), '--format', 'json', '--context', at('ctx')];
    const inProcess = netpolReview(...args, '--parse-threads', '0');
    expect(JSON.parse(inProcess.stdout).opened.length).toBeGreaterThan(0);
    expect(netpolReview(...args)).toEqual(inProcess);
    expect(netpolReview(...args, '--parse-threads=2')).toEqual(inProcess);
  });

  it('the garbage is reported, file by file and line by line, the same with threads', () => {
    const out = (threads: string) => JSON.parse(netpolReview('matrix', at('head'), '--format', 'json', '--parse-threads', threads).stdout) as { diagnostics: { file: string; line: number; severity: string; message: string }[] };
    const diagnostics = out('1').diagnostics;
    expect(diagnostics).toEqual(out('0').diagnostics);
    expect(diagnostics.filter((d) => d.file === 'bad-yaml.yaml' || d.file === 'moved/bad-yaml.yaml').map((d) => [d.file, d.line])).toEqual([
      ['bad-yaml.yaml', 5],
      ['moved/bad-yaml.yaml', 5],
    ]);
    expect(diagnostics.find((d) => d.file === 'template.yaml')).toMatchObject({ line: 4, message: expect.stringContaining('Helm or Go template') });
    expect(diagnostics.filter((d) => d.file === 'one-broken.yaml').map((d) => d.line)).toEqual([11, 29]);
    for (const f of Object.keys(FILLERS)) expect(diagnostics.filter((d) => d.file === f && d.severity === 'error').map((d) => d.line)).toEqual([83, 92]);
  });

  it.each(['1.5', '65'])('refuses %s threads: not a whole number from 0 to 64', (count) => {
    const child = netpolReview('matrix', at('head'), '--parse-threads', count);
    expect(child.status).toBe(1);
    expect(child.stderr.split('\n')[0]).toBe('netpol-review: --parse-threads must be a whole number from 0 to 64');
  });
});
