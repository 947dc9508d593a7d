/** The CLI's rendering (Kustomize roots, --no-render), --version, --fail-on and --repo-root. */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { BINARY, FIXTURE, withoutComponent } from '../render/fixture.js';
import { makeTrees, type Trees } from './trees.js';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) });
  return { code, stdout, stderr };
}

let trees: Trees;
/** root/{base,head}/.git and root/{base,head}/k8s: two checkouts of one repository; and the Kustomize shop. */
let root: string;
beforeAll(async () => {
  trees = await makeTrees();
  root = await mkdtemp(join(tmpdir(), 'netpol-review-repo-'));
  for (const side of ['base', 'head']) {
    await mkdir(join(root, side, '.git'), { recursive: true });
    await cp(trees.path(side as 'base' | 'head'), join(root, side, 'k8s'), { recursive: true });
    await cp(FIXTURE, join(root, side, 'shop'), { recursive: true });
  }
  await cp(join(root, 'base'), join(root, 'low'), { recursive: true });
  const db = join(root, 'low', 'k8s', 'np', 'db.yaml');
  await writeFile(db, (await readFile(db, 'utf8')).replace('port: 5432', 'port: 6379'));
  const overlay = join(root, 'base', 'shop', 'overlays', 'prod', 'kustomization.yaml');
  await writeFile(overlay, withoutComponent(await readFile(overlay, 'utf8')));
});
afterAll(async () => {
  await trees.remove();
  await rm(root, { recursive: true, force: true });
});

describe('--version', () => {
  it("prints package.json's version", async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toBe('0.1.0');
    expect(await cli('--version')).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});

describe('--fail-on', () => {
  // base → low opens api → db on TCP/6379 inside prod: low risk. base → head also adds a workload no
  // ingress policy selects: high risk.
  it.each([
    ['low', 'none', 0],
    ['low', 'low', 2],
    ['low', 'medium', 0],
    ['low', 'high', 0],
    ['low', 'any-change', 2],
    ['head', 'medium', 2],
    ['head', 'high', 2],
  ])('base → %s with --fail-on %s exits %i', async (tree, level, code) => {
    for (const format of ['json', 'text', 'markdown']) {
      const outcome = await cli('diff', join(root, 'base', 'k8s'), join(root, tree === 'low' ? 'low' : 'head', 'k8s'), '--format', format, '--fail-on', level);
      expect([format, outcome.code, outcome.stderr]).toEqual([format, code, '']);
      expect(outcome.stdout.length).toBeGreaterThan(0);
    }
  });

  it('passes when nothing changes, even with any-change', async () => {
    expect((await cli('diff', trees.path('base'), trees.path('base'), '--fail-on', 'any-change')).code).toBe(0);
  });

  it('is a usage error (exit 1) with an unknown level or another command', async () => {
    const unknown = await cli('diff', trees.path('base'), trees.path('head'), '--fail-on', 'severe');
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([1, 'netpol-review: --fail-on must be one of none, low, medium, high, any-change']);
    const matrix = await cli('matrix', trees.path('base'), '--fail-on', 'low');
    expect([matrix.code, matrix.stderr.split('\n')[0]]).toEqual([1, 'netpol-review: --fail-on is for diff only']);
  });
});

describe('rendering', () => {
  it.skipIf(!BINARY)('diff renders both sides: the component switched on closes paths, causes in the component file', async () => {
    const { code, stdout, stderr } = await cli('diff', join(root, 'base', 'shop'), join(root, 'head', 'shop'), '--format', 'json');
    expect([code, stderr]).toEqual([0, '']);
    const out = JSON.parse(stdout);
    const closed = out.closed.filter((e: { from: string; to: string }) => !e.from.startsWith('ip:') && !e.to.startsWith('ip:'));
    expect(closed).toHaveLength(9);
    expect(closed.find((e: { from: string; to: string }) => e.from === 'shop/Deployment/prod-web' && e.to === 'shop/StatefulSet/prod-db').now.ingress.selectedBy.map((p: { file: string; line: number }) => `${p.file}:${p.line}`)).toEqual([
      'components/network-policies/allow.yaml:15',
      'components/network-policies/default-deny.yaml:1',
    ]);
    // The remote root is refused on both sides; nothing of the shop is analysed raw (no broken patch).
    expect(out.diagnostics.map((d: { side: string; file: string; line: number }) => `${d.side} ${d.file}:${d.line}`)).toEqual([
      'head components/network-policies/allow.yaml:28',
      'base remote/kustomization.yaml:1',
      'head remote/kustomization.yaml:1',
      'base remote/kustomization.yaml:3',
      'head remote/kustomization.yaml:3',
    ]);
  });

  it('--no-render runs nothing: the roots are unanalysed and their files are not read raw', async () => {
    const { code, stdout } = await cli('matrix', join(root, 'head', 'shop'), '--format', 'json', '--no-render');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.workloads).toEqual([]);
    expect(out.diagnostics.map((d: { file: string; message: string }) => `${d.file}: ${d.message}`)).toEqual([
      'overlays/prod/kustomization.yaml: Kustomize root overlays/prod is not analysed: rendering is off; render it in a workflow step and pass the output, or turn rendering on',
      'remote/kustomization.yaml: Kustomize root remote is not analysed: rendering is off; render it in a workflow step and pass the output, or turn rendering on',
      'remote/kustomization.yaml: remote reference refused: resources "https://github.com/example/manifests//base?ref=v1.0.0" (only files of the tree are rendered; vendor it or render in a workflow step)',
    ]);
  });
});

describe('--repo-root', () => {
  const link = (stdout: string) => [...new Set(stdout.match(/https:\/\/github\.com\/o\/r\/blob\/[^)"\s]+/g) ?? [])];

  it('links are relative to the git root found above each path argument', async () => {
    const { code, stdout } = await cli('diff', join(root, 'base', 'k8s'), join(root, 'head', 'k8s'), '--format', 'markdown', '--repo', 'o/r', '--base-sha', 'b1b1b1b', '--head-sha', 'a1a1a1a');
    expect(code).toBe(0);
    expect(link(stdout)).toEqual(['https://github.com/o/r/blob/a1a1a1a/k8s/np/db.yaml#L9', 'https://github.com/o/r/blob/b1b1b1b/k8s/np/db.yaml#L9', 'https://github.com/o/r/blob/b1b1b1b/k8s/broken.yaml#L7']);
  });

  it('an explicit root is used for both sides', async () => {
    const { code, stdout } = await cli('diff', join(root, 'head', 'k8s'), join(root, 'head', 'k8s', 'np'), '--format', 'markdown', '--repo', 'o/r', '--head-sha', 'a1a1a1a', '--base-sha', 'b1b1b1b', '--repo-root', join(root, 'head'));
    expect(code).toBe(0);
    expect(link(stdout).every((l) => l.includes('/k8s/'))).toBe(true);
  });

  it('a path outside the given root is a usage error', async () => {
    const outcome = await cli('diff', join(root, 'base', 'k8s'), join(root, 'head', 'k8s'), '--format', 'markdown', '--repo', 'o/r', '--repo-root', join(root, 'head'));
    expect([outcome.code, outcome.stderr.split('\n')[0]]).toEqual([1, `netpol-review: ${join(root, 'base', 'k8s')} is not inside --repo-root ${join(root, 'head')}`]);
  });

  it('without --repo, causes keep paths relative to the path argument', async () => {
    const { stdout } = await cli('diff', join(root, 'base', 'k8s'), join(root, 'head', 'k8s'), '--format', 'markdown');
    expect(stdout).toContain('(np/db.yaml:9)');
  });
});
