/** The real executable: `node bin/netpol-review.js`, built from src (rebuilt here when lib/ is older than src/). */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrees, type Trees } from './trees.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'netpol-review.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds lib/ with `tsc -p tsconfig.json` unless it is newer than every source file. */
function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'lib', 'cli', 'main.js')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newestMtime(join(ROOT, 'src'))) return;
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.json failed:\n${tsc.stdout}${tsc.stderr}`);
}

const netpolReview = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });

let trees: Trees;
beforeAll(async () => {
  ensureBuilt();
  trees = await makeTrees();
}, 120_000);
afterAll(async () => {
  await trees.remove();
});

describe('node bin/netpol-review.js', () => {
  it('exits 0 and prints the matrix as JSON with the contract keys, diagnostics relative to the path', () => {
    const child = netpolReview('matrix', trees.path('repo'), '--format', 'json');
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const out = JSON.parse(child.stdout);
    expect(Object.keys(out)).toEqual(['workloads', 'externals', 'edges', 'diagnostics', 'skipped']);
    expect(out.workloads.map((w: { id: string }) => w.id)).toEqual(['default/Pod/loner', 'prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
    expect(out.diagnostics.map((d: { file: string; line: number; severity: string }) => [d.file, d.line, d.severity])).toEqual([['np/sub/broken.yml', 7, 'error']]);
  });

  it('exits 1 on a usage error, with the message on stderr and nothing on stdout', () => {
    const child = netpolReview('explain', trees.path('repo'), 'prod/Pod/api', 'prod/Pod/db', 'TCP/80/UDP');
    expect(child.status).toBe(1);
    expect(child.stdout).toBe('');
    expect(child.stderr.split('\n')[0]).toBe('netpol-review: port "TCP/80/UDP" must be 80, TCP/80 or 80/TCP with a port 1-65535');
  });

  it('exits 1 on an unreadable path', () => {
    const missing = trees.path('empty', 'missing');
    const child = netpolReview('matrix', missing);
    expect(child.status).toBe(1);
    expect(child.stderr.split('\n')[0]).toBe(`netpol-review: cannot read ${missing}: ENOENT`);
  });
});
