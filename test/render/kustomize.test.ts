/**
 * Kustomize rendering, run for real with the local kubectl (or kustomize): the fixture shop has a
 * base, a network-policies component switched on in head only, a strategic-merge patch and a
 * namePrefix; a second root refers to a remote base. Tests that run a binary are skipped, with a
 * printed message, only where neither binary is on PATH.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AnalysisInput, analysePair, analysisOptions, diff, explain, formatPorts, matrix, review, type SourceFile } from '../../src/index.js';
import { missingReferences, renderTree } from '../../src/render/index.js';
import { planKustomize } from '../../src/render/plan-kustomize.js';
import { renderComment } from '../../src/report/markdown.js';
import { expectGolden } from '../report/golden.js';
import { BINARY, FIXTURE, SHOP_DIRS, shopTree } from './fixture.js';

const RENDER_GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

const withBinary = it.skipIf(!BINARY);
const ids = (list: { id: string }[]) => list.map((w) => w.id);
const cluster = (edges: { from: string; to: string; ports: string[] }[]) => edges.filter((e) => !e.from.startsWith('ip:') && !e.to.startsWith('ip:'));

describe('planning (no process runs)', () => {
  it('finds the roots a tree deploys: the overlay and the remote one, not the base or the component', async () => {
    const plan = planKustomize(await shopTree('head'));
    expect(plan.roots.map((r) => [r.dir, r.kustomization])).toEqual([
      ['overlays/prod', 'overlays/prod/kustomization.yaml'],
      ['remote', 'remote/kustomization.yaml'],
    ]);
    expect(plan.roots[0]!.files).toEqual([
      'base/api.yaml',
      'base/db.yaml',
      'base/kustomization.yaml',
      'base/web.yaml',
      'components/network-policies/allow.yaml',
      'components/network-policies/default-deny.yaml',
      'components/network-policies/kustomization.yaml',
      'overlays/prod/db-tier.yaml',
      'overlays/prod/kustomization.yaml',
      'overlays/prod/namespace.yaml',
    ]);
    expect(plan.roots[0]!.problems).toEqual([]);
  });

  it('refuses a remote reference at its line, before anything runs', async () => {
    const plan = planKustomize(await shopTree('head', 'remote'));
    expect(plan.roots[0]!.problems).toEqual([
      {
        file: 'remote/kustomization.yaml',
        line: 3,
        severity: 'error',
        message: 'remote reference refused: resources "https://github.com/example/manifests//base?ref=v1.0.0" (only files of the tree are rendered; vendor it or render in a workflow step)',
      },
    ]);
  });

  it.each([
    ['a git URL', 'git@github.com:org/repo.git//base'],
    ['a github.com path with a ref', 'github.com/org/repo/base?ref=main'],
    ['a go-getter git:: reference', 'git::https://example.com/repo.git'],
    ['an http URL to a file', 'http://example.com/all.yaml'],
  ])('refuses %s', (_name, reference) => {
    const plan = planKustomize([{ path: 'kustomization.yaml', text: `resources:\n- ${reference}\n` }]);
    expect(plan.roots[0]!.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^remote reference refused: resources /)]);
  });

  it('refuses helmCharts, absolute paths and paths that leave the tree', () => {
    const text = 'resources:\n- /etc/passwd\n- ../../outside\nhelmCharts:\n- name: redis\n';
    const plan = planKustomize([{ path: 'app/kustomization.yaml', text }]);
    expect(plan.roots[0]!.problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [2, 'absolute path refused'],
      [4, 'helmCharts refused'],
      [3, 'resources "../../outside" refused'],
    ]);
  });

  it('refuses a kustomization that is not YAML within the bounds (here: over 1000 aliases)', () => {
    const text = `x: &x a.yaml\nresources:\n${'- *x\n'.repeat(1001)}`;
    const plan = planKustomize([{ path: 'kustomization.yaml', text }]);
    expect(plan.roots[0]!.problems.map((p) => [p.line, p.message.slice(0, 36)])).toEqual([[1, 'kustomization is not valid YAML: ali']]);
  });

  it('lists referenced files that were not read (generator files beyond the manifests)', async () => {
    const files = (await shopTree('head', ...SHOP_DIRS)).filter((f) => f.path !== 'base/db.yaml');
    files.push({ path: 'gen/kustomization.yaml', text: 'configMapGenerator:\n- name: c\n  files: [app.properties, key=other.txt]\n  envs: [.env]\n' });
    expect(missingReferences(files)).toEqual(['base/db.yaml', 'gen/.env', 'gen/app.properties', 'gen/other.txt']);
  });

  it('renders only the configured roots, saying which roots are left out', async () => {
    const plan = planKustomize(await shopTree('head'), ['remote', 'nowhere']);
    expect(plan.roots.map((r) => r.dir)).toEqual(['remote']);
    expect(plan.diagnostics.map((d) => [d.file, d.severity, d.message])).toEqual([
      ['nowhere', 'error', 'render root "nowhere" has no kustomization.yaml, kustomization.yml or Kustomization among the files read'],
      ['overlays/prod/kustomization.yaml', 'info', 'Kustomize root overlays/prod is not rendered (not among the configured roots); its files are not analysed'],
    ]);
  });
});

describe('rendering for real', () => {
  withBinary('head: the component is switched on, the patch applied, causes point at the resource files', async () => {
    const result = await renderTree(await shopTree('head', ...SHOP_DIRS));
    expect(result.rendered).toEqual([{ dir: 'overlays/prod', command: BINARY!.name === 'kubectl' ? 'kubectl kustomize' : 'kustomize build', documents: 8 }]);
    expect(result.unanalysed).toEqual([]);
    expect(result.diagnostics).toEqual([]);
    // Every raw file of the root left the analysis; only the rendered output is analysed.
    expect(result.files.map((f) => f.path)).toEqual(['overlays/prod/kustomization.yaml']);
    const input = { files: result.files };
    const m = matrix(input);
    expect(ids(m.workloads)).toEqual(['shop/Deployment/prod-api', 'shop/Deployment/prod-web', 'shop/StatefulSet/prod-db']);
    // The patch gave the db tier: data, which the component's api-to-db policy selects.
    expect(cluster(m.edges)).toEqual([
      { from: 'shop/Deployment/prod-api', to: 'shop/StatefulSet/prod-db', ports: ['TCP/5432'] },
      { from: 'shop/Deployment/prod-web', to: 'shop/Deployment/prod-api', ports: ['TCP/9000'] },
    ]);
    // The warning is placed at the peer's line in the component's file, not in the rendered output.
    expect(m.diagnostics).toEqual([
      { file: 'components/network-policies/allow.yaml', line: 28, severity: 'warning', message: 'NetworkPolicy shop/prod-api-to-db: ingress rule 2, peer 1 matches no workload' },
    ]);
    const outcome = explain(input, 'shop/Deployment/prod-web', 'shop/Deployment/prod-api', { protocol: 'TCP', port: 9000 });
    expect(outcome.kind).toBe('explained');
    if (outcome.kind !== 'explained') return;
    expect(outcome.result.ingress.allowedBy.map((r) => [r.policy, r.file, r.line, r.rule])).toEqual([['shop/prod-web-to-api', 'components/network-policies/allow.yaml', 9, 0]]);
    expect(outcome.result.ingress.selectedBy.map((p) => [p.policy, p.file, p.line])).toEqual([
      ['shop/prod-default-deny', 'components/network-policies/default-deny.yaml', 1],
      ['shop/prod-web-to-api', 'components/network-policies/allow.yaml', 1],
    ]);
  });

  withBinary('base → head: switching the component on closes the paths the policies deny, each cause naming its source', async () => {
    const base = await renderTree(await shopTree('base', ...SHOP_DIRS));
    const head = await renderTree(await shopTree('head', ...SHOP_DIRS));
    const d = diff({ files: base.files }, { files: head.files });
    expect(d.opened).toEqual([]);
    expect(cluster(d.closed).map((e) => [e.from, e.to, e.ports.join(' ')])).toEqual([
      ['shop/Deployment/prod-api', 'shop/Deployment/prod-api', 'SCTP/1-65535 TCP/1-65535 UDP/1-65535'],
      ['shop/Deployment/prod-api', 'shop/Deployment/prod-web', 'SCTP/1-65535 TCP/1-65535 UDP/1-65535'],
      ['shop/Deployment/prod-api', 'shop/StatefulSet/prod-db', 'SCTP/1-65535 TCP/1-5431 TCP/5433-65535 UDP/1-65535'],
      ['shop/Deployment/prod-web', 'shop/Deployment/prod-api', 'SCTP/1-65535 TCP/1-8999 TCP/9001-65535 UDP/1-65535'],
      ['shop/Deployment/prod-web', 'shop/Deployment/prod-web', 'SCTP/1-65535 TCP/1-65535 UDP/1-65535'],
      ['shop/Deployment/prod-web', 'shop/StatefulSet/prod-db', 'SCTP/1-65535 TCP/1-65535 UDP/1-65535'],
      ['shop/StatefulSet/prod-db', 'shop/Deployment/prod-api', 'SCTP/1-65535 TCP/1-65535 UDP/1-65535'],
      ['shop/StatefulSet/prod-db', 'shop/Deployment/prod-web', 'SCTP/1-65535 TCP/1-65535 UDP/1-65535'],
      ['shop/StatefulSet/prod-db', 'shop/StatefulSet/prod-db', 'SCTP/1-65535 TCP/1-65535 UDP/1-65535'],
    ]);
    const webToDb = d.closed.find((e) => e.from === 'shop/Deployment/prod-web' && e.to === 'shop/StatefulSet/prod-db')!;
    expect(webToDb.now.ingress.selectedBy.map((p) => [p.policy, p.file, p.line])).toEqual([
      ['shop/prod-api-to-db', 'components/network-policies/allow.yaml', 15],
      ['shop/prod-default-deny', 'components/network-policies/default-deny.yaml', 1],
    ]);
  });

  withBinary('golden: the analysis of the root equals the analysis of its `kubectl kustomize` output', async () => {
    const head = await renderTree(await shopTree('head', ...SHOP_DIRS));
    const args = BINARY!.name === 'kubectl' ? ['kustomize', join(FIXTURE, 'overlays/prod')] : ['build', join(FIXTURE, 'overlays/prod')];
    const output = execFileSync(BINARY!.file, args, { encoding: 'utf8' });
    const viaRoot = matrix({ files: head.files });
    const viaOutput = matrix({ files: [{ path: 'rendered.yaml', text: output }] });
    expect(viaRoot.workloads).toEqual(viaOutput.workloads);
    expect(viaRoot.externals).toEqual(viaOutput.externals);
    expect(viaRoot.edges).toEqual(viaOutput.edges);
    expect(viaRoot.skipped).toEqual(viaOutput.skipped);
    expect(viaRoot.diagnostics.map((d) => d.message)).toEqual(viaOutput.diagnostics.map((d) => d.message));
    expect(viaRoot.edges.length).toBeGreaterThan(0);
  });

  withBinary('golden: the review of the rendered roots equals the review of the `kubectl kustomize` outputs', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'netpol-review-golden-'));
    try {
      const output = async (side: 'base' | 'head') => {
        const files = await shopTree(side, ...SHOP_DIRS);
        for (const f of files) {
          await mkdir(dirname(join(temp, side, f.path)), { recursive: true });
          await writeFile(join(temp, side, f.path), f.text);
        }
        const dir = join(temp, side, 'overlays/prod');
        return execFileSync(BINARY!.file, BINARY!.name === 'kubectl' ? ['kustomize', dir] : ['build', dir], { encoding: 'utf8' });
      };
      const reviewOf = (base: AnalysisInput, head: AnalysisInput) => {
        const models = analysePair(base, head, analysisOptions(DEFAULT_SETTINGS));
        return review(models.base, models.head, DEFAULT_SETTINGS, { fullReport: '' });
      };
      const viaOutputs = reviewOf({ files: [{ path: 'rendered.yaml', text: await output('base') }] }, { files: [{ path: 'rendered.yaml', text: await output('head') }] });
      const viaRoots = reviewOf({ files: (await renderTree(await shopTree('base', ...SHOP_DIRS))).files }, { files: (await renderTree(await shopTree('head', ...SHOP_DIRS))).files });
      const path = (e: { from: { id: string }; to: { id: string }; ports: readonly number[] }) => [e.from.id, e.to.id, formatPorts(e.ports)];
      const shape = (r: typeof viaRoots) => ({
        risk: r.risk,
        counts: r.counts,
        opened: r.comparison.opened.map(path),
        closed: r.comparison.closed.map(path),
        exposures: r.exposures.map((e) => [e.kind, e.refs.map((w) => w.id)]),
      });
      expect(shape(viaRoots)).toEqual(shape(viaOutputs));
      expect(viaRoots.counts.closed).toBeGreaterThan(0);
      // The comment a reviewer reads for the one-line change that switches the component on.
      expectGolden('component-switched-on', renderComment(viaRoots, DEFAULT_SETTINGS.comment), RENDER_GOLDEN_DIR);
      expect(viaRoots.policyChanges.map((c) => [c.policy, c.file, c.line])).toEqual([
        ['shop/prod-api-to-db', 'components/network-policies/allow.yaml', 15],
        ['shop/prod-default-deny', 'components/network-policies/default-deny.yaml', 1],
        ['shop/prod-web-to-api', 'components/network-policies/allow.yaml', 1],
      ]);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });

  withBinary('a remote reference: the root is unanalysed, the others still render', async () => {
    const result = await renderTree(await shopTree('head'));
    expect(result.rendered.map((r) => r.dir)).toEqual(['overlays/prod']);
    expect(result.unanalysed).toEqual([{ dir: 'remote', kustomization: 'remote/kustomization.yaml', reason: '1 reference refused before rendering' }]);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.message.slice(0, 40)])).toEqual([
      ['remote/kustomization.yaml', 3, 'remote reference refused: resources "htt'],
      ['remote/kustomization.yaml', 1, 'Kustomize root remote is not analysed: 1'],
    ]);
    // remote/local.yaml is used by the unrendered root: not analysed raw either.
    expect(result.files.map((f) => f.path)).toEqual(['overlays/prod/kustomization.yaml']);
  });

  withBinary('the time limit stops a render', async () => {
    const result = await renderTree(await shopTree('head', ...SHOP_DIRS), { timeoutMs: 1 });
    expect(result.unanalysed).toEqual([{ dir: 'overlays/prod', kustomization: 'overlays/prod/kustomization.yaml', reason: `${BINARY!.name} did not finish within 1 ms` }]);
    expect(result.files).toEqual([]);
  });

  withBinary('the output limit stops a render', async () => {
    const result = await renderTree(await shopTree('head', ...SHOP_DIRS), { maxOutputBytes: 100 });
    expect(result.unanalysed.map((u) => u.reason)).toEqual(['its output exceeds the limit of 100 bytes']);
    expect(result.diagnostics).toEqual([
      { file: 'overlays/prod/kustomization.yaml', line: 1, severity: 'error', message: 'Kustomize root overlays/prod is not analysed: its output exceeds the limit of 100 bytes' },
    ]);
  });

  withBinary("kustomize's own error is the diagnostic, without the temporary directory's path", async () => {
    const files: SourceFile[] = [
      { path: 'app/kustomization.yaml', text: 'resources: [pod.yaml]\npatches:\n- path: patch.yaml\n' },
      { path: 'app/pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i}]}\n' },
      { path: 'app/patch.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: missing}\nspec: {}\n' },
    ];
    const result = await renderTree(files);
    const [reason] = result.unanalysed.map((u) => u.reason);
    expect(reason).toMatch(new RegExp(`^${BINARY!.name} failed: `));
    expect(reason).toContain('missing');
    expect(reason).not.toMatch(/netpol-review-|\/tmp\//);
  });

  withBinary('generated objects point at the kustomization that configures them', async () => {
    const files: SourceFile[] = [
      { path: 'app/kustomization.yaml', text: 'resources: [pod.yaml]\nconfigMapGenerator:\n- name: cfg\n  literals: [a=b]\n' },
      { path: 'app/pod.yaml', text: '# a pod\n\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i}]}\n' },
    ];
    const result = await renderTree(files);
    expect(result.files[0]!.origins).toEqual([
      { file: 'app/kustomization.yaml', line: 1 },
      { file: 'app/pod.yaml', line: 3, text: files[1]!.text },
    ]);
    expect(matrix({ files: result.files }).workloads.map((w) => w.id)).toEqual(['default/Pod/a']);
  });
});

describe('when Kustomize cannot run', () => {
  it('neither binary on PATH: one diagnostic per root, the root unanalysed, its files not analysed raw', async () => {
    const result = await renderTree(await shopTree('head', ...SHOP_DIRS), { searchPath: '/nonexistent' });
    expect(result.diagnostics).toEqual([
      {
        file: 'overlays/prod/kustomization.yaml',
        line: 1,
        severity: 'error',
        message: 'Kustomize root overlays/prod is not analysed: neither kubectl nor kustomize is on PATH; install one, or render it in a workflow step and pass the output',
      },
    ]);
    expect(result.unanalysed.map((u) => u.dir)).toEqual(['overlays/prod']);
    expect(result.files).toEqual([]);
  });

  it('rendering off: the roots are unanalysed, files no kustomization uses are kept', async () => {
    const extra = { path: 'plain/pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n' };
    const result = await renderTree([...(await shopTree('head', ...SHOP_DIRS)), extra], { kustomize: false });
    expect(result.unanalysed.map((u) => [u.dir, u.reason])).toEqual([['overlays/prod', 'rendering is off; render it in a workflow step and pass the output, or turn rendering on']]);
    expect(result.files).toEqual([extra]);
  });

  it('a path that is not plain and relative is never written', async () => {
    const result = await renderTree([{ path: '../k/kustomization.yaml', text: 'resources: []\n' }]);
    if (!BINARY) return;
    expect(result.unanalysed.map((u) => u.reason)).toEqual(['file path "../k/kustomization.yaml" refused (only plain relative paths are written)']);
  });
});
