import { describe, expect, it } from 'vitest';
import { loadSettings, reviewTrees } from '../../src/github/index.js';
import { shopTrees } from '../support/fixture-trees.js';

const CONTEXT = { repository: 'acme/shop', baseSha: '1'.repeat(40), headSha: '2'.repeat(40), fullReport: 'the job summary' };
const manifests = (files: Record<string, string>) => Object.entries(files).filter(([p]) => p.startsWith('deploy/')).map(([path, text]) => ({ path, text }));

/** A clock that advances `step` ms each time it is read, and counts the reads. */
function steppingClock(step: number) {
  const clock = { reads: 0, now: () => clock.reads++ * step };
  return clock;
}

function outcome(config: string, now: () => number) {
  const trees = shopTrees();
  const { settings, diagnostics } = loadSettings(config, '.github/netpol-review.yml', {});
  expect(diagnostics).toEqual([]);
  const side = (files: Record<string, string>) => ({ files: manifests(files), context: [], diagnostics: [] });
  return reviewTrees(side(trees.base), side(trees.synchronized), settings, CONTEXT, [], { bytes: 900_000 }, now);
}

const HEADLINE = '### ⚠️ netpol-review: incomplete: the review exceeded its time budget of 2 s';
const MESSAGE = 'incomplete: the review exceeded its time budget of 2 s; nothing was analysed (raise limits.timeBudgetSeconds or narrow paths)';

describe('the time budget of a review (limits.timeBudgetSeconds)', () => {
  it('defaults to 300 s', () => {
    expect(loadSettings(undefined, 'c.yml', {}).settings.limits.timeBudgetSeconds).toBe(300);
  });

  it('stops an analysis that runs past it: incomplete, nothing claimed, the headline says why', () => {
    // Each read of the clock is one second later: the third file loaded is past a budget of 2 s.
    const clock = steppingClock(1000);
    const o = outcome('limits:\n  timeBudgetSeconds: 2\n', clock.now);
    expect(clock.reads).toBe(4);
    expect(o.result.budgetExceeded).toBe(2);
    expect([o.incomplete, o.changed, o.risk, o.counts]).toEqual([true, false, 'none', { opened: 0, closed: 0, exposures: 0 }]);
    expect(o.result.unanalysed).toEqual([{ file: '', line: 1, severity: 'error', message: MESSAGE, side: 'head' }]);
    expect([o.result.opened, o.result.closed, o.result.added, o.result.exposures, o.result.addedWorkloads]).toEqual([[], [], [], [], []]);
    expect(o.comment.split('\n').slice(0, 2)).toEqual(['<!-- netpol-review -->', HEADLINE]);
    expect(o.comment).toContain(`- head error: ${MESSAGE.replace(/\(/g, '&#40;').replace(/\)/g, '&#41;')}\n`);
    expect(o.report).toContain(HEADLINE);
    expect(JSON.parse(o.reportJson).review).toMatchObject({ incomplete: true, changed: false, risk: 'none' });
    expect(o.gate).toEqual({ fail: false, reasons: [] });
  });

  it('fails the gate with failOnIncomplete', () => {
    const o = outcome('failOnIncomplete: true\nlimits:\n  timeBudgetSeconds: 2\n', steppingClock(1000).now);
    expect(o.gate).toEqual({ fail: true, reasons: ['part of the input could not be analysed: 1 problem(s) (fail-on-incomplete)'] });
  });

  it('stops while comparing, after every file was loaded', () => {
    // Time stands still while loading (the first reads), then jumps past the budget.
    let reads = 0;
    const files = manifests(shopTrees().base).length + manifests(shopTrees().synchronized).length;
    const o = outcome('limits:\n  timeBudgetSeconds: 2\n', () => (reads++ <= files ? 0 : 5000));
    expect(reads).toBeGreaterThan(files + 1);
    expect([o.result.budgetExceeded, o.incomplete, o.counts.opened]).toEqual([2, true, 0]);
  });

  it('leaves a review within its budget as it is', () => {
    const o = outcome('limits:\n  timeBudgetSeconds: 2\n', () => 0);
    expect(o.result.budgetExceeded).toBeUndefined();
    expect([o.counts, o.result.unanalysed.map((d) => d.file)]).toEqual([{ opened: 3, closed: 0, exposures: 2 }, ['deploy/shop/worker.yaml']]);
  });
});

describe('limits.timeBudgetSeconds in the config', () => {
  it('refuses a budget below 1 ms, keeping the default', () => {
    const { settings, diagnostics } = loadSettings('limits:\n  timeBudgetSeconds: 0\n', 'c.yml', {});
    expect(settings.limits.timeBudgetSeconds).toBe(300);
    expect(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual(['c.yml:2: config: setting ignored, default used: limits.timeBudgetSeconds: must be a number of seconds, at least 0.001']);
  });
});
