import { describe, expect, it } from 'vitest';
import { type FailOn, type SettingsOverrides, loadSettings, reviewTrees, selectPaths } from '../../src/github/index.js';
import { fixtureFile, shopTrees } from '../support/fixture-trees.js';

const CONTEXT = { repository: 'acme/shop', baseSha: '1'.repeat(40), headSha: '2'.repeat(40), fullReport: 'the job summary' };
const manifests = (files: Record<string, string>) => Object.entries(files).filter(([p]) => p.startsWith('deploy/')).map(([path, text]) => ({ path, text }));

function outcome(head: 'opened' | 'synchronized', overrides: SettingsOverrides = {}, reportBytes = 900_000) {
  const trees = shopTrees();
  const { settings } = loadSettings(undefined, '.github/netpol-review.yml', overrides);
  return reviewTrees({ files: manifests(trees.base), context: [], diagnostics: [] }, { files: manifests(trees[head]), context: [], diagnostics: [] }, settings, CONTEXT, [], { bytes: reportBytes, elsewhere: 'the JSON file of the report output' });
}

describe('settings', () => {
  it('selects manifests by paths and exclude, context by its own globs (context wins)', () => {
    const { settings } = loadSettings(undefined, 'c.yml', { paths: ['deploy/**/*.yaml'], exclude: ['deploy/tmp/**'], context: ['deploy/cluster/**'] });
    const select = selectPaths(settings);
    expect(['deploy/a.yaml', 'deploy/tmp/b.yaml', 'deploy/cluster/ns.yaml', 'docs/a.yaml', 'deploy/a.yml'].map(select)).toEqual(['manifest', undefined, 'context', undefined, undefined]);
    const defaults = selectPaths(loadSettings(undefined, 'c.yml', {}).settings);
    expect(['a.yaml', 'x/b.yml', 'c.json', '.github/netpol-review.yml', 'x/.hidden/d.yaml', 'README.md'].map(defaults)).toEqual(['manifest', 'manifest', 'manifest', undefined, undefined, undefined]);
  });

  it('lets inputs override the file, and checks them as the file is checked', () => {
    const file = 'defaultNamespace: apps\npodCidrs: [10.0.0.0/8]\n';
    expect(loadSettings(file, 'c.yml', {}).settings).toMatchObject({ defaultNamespace: 'apps', podCidrs: ['10.0.0.0/8'] });
    expect(loadSettings(file, 'c.yml', { defaultNamespace: 'web', podCidrs: [] }).settings).toMatchObject({ defaultNamespace: 'web', podCidrs: [] });
    const bad = loadSettings(file, 'c.yml', { podCidrs: ['10.0.0.0/33'] });
    expect(bad.settings.podCidrs).toEqual(['10.0.0.0/8']);
    expect(bad.diagnostics).toEqual([{ file: '', line: 1, severity: 'error', message: 'inputs: setting ignored, the config file\'s value (or the default) kept: podCidrs: "10.0.0.0/33" is not a CIDR' }]);
  });

  it('falls back to defaults with a warning on a broken config', () => {
    const { settings, diagnostics } = loadSettings('comment: [unclosed\n', '.github/netpol-review.yml', {});
    expect(settings.comment.maxRows).toBe(30);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toMatch(/^config not read, defaults used: /);
  });
});

describe('gate', () => {
  const cases: [FailOn, 'opened' | 'synchronized', boolean][] = [
    ['none', 'synchronized', false],
    ['low', 'opened', true],
    ['medium', 'opened', true],
    ['high', 'opened', false],
    ['high', 'synchronized', true],
    ['any-change', 'opened', true],
  ];
  it.each(cases)('fail-on %s with the %s head fails: %s', (failOn, head, fail) => {
    expect(outcome(head, { failOn }).gate.fail).toBe(fail);
  });

  it('names its reasons, including invalid manifests the head adds', () => {
    expect(outcome('synchronized', { failOn: 'medium', failOnInvalid: true }).gate).toEqual({
      fail: true,
      reasons: ['the risk is high (fail-on: medium)', 'the head has 1 invalid manifest object(s) the base did not have (fail-on-invalid)'],
    });
    expect(outcome('opened', { failOnInvalid: true, failOnIncomplete: true }).gate).toEqual({ fail: false, reasons: [] });
  });
});

describe('outcome', () => {
  it('counts, risk and change of the medium-risk head', () => {
    const o = outcome('opened');
    expect([o.risk, o.counts, o.changed, o.incomplete]).toEqual(['medium', { opened: 1, closed: 0, exposures: 0 }, true, false]);
    expect(o.comment.startsWith('<!-- netpol-review -->\n### 🟠 netpol-review: medium risk · 1 path opened, 0 paths closed')).toBe(true);
  });

  it('annotates exposures, the rules behind high and medium openings and the invalid manifest, errors first', () => {
    const o = outcome('synchronized');
    expect(o.annotations.map((a) => `${a.level} ${a.path}:${a.line} ${a.title}`)).toEqual([
      'error deploy/prod/allow-internet.yaml:13 netpol-review: high risk exposure (internet-ingress)',
      'error deploy/prod/db.yaml:1 netpol-review: high risk exposure (reachable-from-every-namespace)',
      'error deploy/prod/allow-internet.yaml:13 netpol-review: high risk path opened by prod/allow-internet ingress rule 1',
      'error deploy/shop/worker.yaml:7 netpol-review: invalid manifest (left out of the analysis)',
      'warning deploy/prod/allow-internet.yaml:13 netpol-review: medium risk path opened by prod/allow-internet ingress rule 1',
      'warning deploy/prod/allow-shop.yaml:13 netpol-review: medium risk path opened by prod/allow-shop ingress rule 1',
    ]);
    expect(fixtureFile('allow-internet.yaml').split('\n')[12]).toBe('    - from:');
  });

  it('writes the JSON report as the engine diff plus the review', () => {
    const json = JSON.parse(outcome('opened').reportJson);
    expect(json.opened.map((e: { from: string; to: string }) => `${e.from} → ${e.to}`)).toEqual(['shop/Deployment/cart → prod/Deployment/db']);
    expect(json.review).toMatchObject({ risk: 'medium', changed: true, incomplete: false, counts: { opened: 1, closed: 0 } });
  });

  it('folds the full report to fit the byte limit and says where everything is', () => {
    const whole = outcome('synchronized').report;
    const folded = outcome('synchronized', {}, 3_000).report;
    expect(whole).toContain('#### Opened paths (3)');
    expect(whole).not.toContain('folded');
    expect(Buffer.byteLength(folded)).toBeLessThanOrEqual(3_000);
    expect(folded).toMatch(/> This report was folded to fit [\d,]+ characters; everything is in the JSON file of the report output\.\n$/);
  });
});
