/** shouldFail: every failOn value, failOnInvalid and failOnIncomplete, with the reasons a door shows. */
import { describe, expect, test } from 'vitest';
import type { SidedDiagnostic } from '../../src/engine/types.js';
import { shouldFail } from '../../src/review/gate.js';
import type { ReviewResult } from '../../src/review/review.js';
import { DEFAULT_SETTINGS, FAIL_ON, type FailOn, RISK_LEVELS, type RiskLevel, type Settings } from '../../src/settings/settings.js';
import { config, file, pod, policies, reviewScenario, shopApp, webToDb } from './manifests.js';

type Gated = Pick<ReviewResult, 'risk' | 'changed' | 'incomplete' | 'unanalysed' | 'newInvalid'>;
const problem = (message: string): SidedDiagnostic => ({ side: 'head', file: 'a.yaml', line: 3, severity: 'error', message });
const result = (parts: Partial<Gated> = {}): Gated => ({ risk: 'none', changed: false, incomplete: false, unanalysed: [], newInvalid: [], ...parts });
const gate = (parts: Partial<Pick<Settings, 'failOn' | 'failOnInvalid' | 'failOnIncomplete'>>) => ({ failOn: DEFAULT_SETTINGS.failOn, failOnInvalid: false, failOnIncomplete: false, ...parts });

describe('failOn', () => {
  /** Whether each failOn value fails a changed review of each risk. */
  const EXPECTED: Record<FailOn, Record<RiskLevel, boolean>> = {
    none: { none: false, low: false, medium: false, high: false },
    low: { none: false, low: true, medium: true, high: true },
    medium: { none: false, low: false, medium: true, high: true },
    high: { none: false, low: false, medium: false, high: true },
    'any-change': { none: true, low: true, medium: true, high: true },
  };

  test('every value is covered', () => expect(Object.keys(EXPECTED)).toEqual([...FAIL_ON]));

  test.each(FAIL_ON.flatMap((failOn) => RISK_LEVELS.map((risk) => [failOn, risk] as const)))('failOn %s, risk %s', (failOn, risk) => {
    const fail = EXPECTED[failOn][risk];
    const reasons = !fail ? [] : failOn === 'any-change' ? ['reachability or exposure changed (fail-on: any-change)'] : [`the risk is ${risk} (fail-on: ${failOn})`];
    expect(shouldFail(result({ risk, changed: true }), gate({ failOn }))).toEqual({ fail, reasons });
  });

  test('any-change: nothing changed, nothing to fail on', () => {
    expect(shouldFail(result(), gate({ failOn: 'any-change' }))).toEqual({ fail: false, reasons: [] });
  });

  test('the default never fails, however high the risk', () => {
    expect(DEFAULT_SETTINGS.failOn).toBe('none');
    expect(shouldFail(result({ risk: 'high', changed: true, incomplete: true, unanalysed: [problem('x')], newInvalid: [problem('x')] }), DEFAULT_SETTINGS)).toEqual({ fail: false, reasons: [] });
  });
});

describe('failOnInvalid and failOnIncomplete: flags apart from the risk', () => {
  const invalid = [problem('Pod a/b is invalid and left out of the analysis: x'), problem('Pod a/c is invalid and left out of the analysis: y')];
  const incomplete = result({ incomplete: true, unanalysed: [...invalid, problem('file not read')], newInvalid: invalid });

  test('failOnInvalid: the invalid objects the head adds', () => {
    expect(shouldFail(incomplete, gate({ failOnInvalid: true }))).toEqual({ fail: true, reasons: ['the head has 2 invalid manifest object(s) the base did not have (fail-on-invalid)'] });
    expect(shouldFail(result(), gate({ failOnInvalid: true }))).toEqual({ fail: false, reasons: [] });
  });

  test('failOnIncomplete: everything not analysed', () => {
    expect(shouldFail(incomplete, gate({ failOnIncomplete: true }))).toEqual({ fail: true, reasons: ['part of the input could not be analysed: 3 problem(s) (fail-on-incomplete)'] });
    expect(shouldFail(result(), gate({ failOnIncomplete: true }))).toEqual({ fail: false, reasons: [] });
  });

  test('off, they do not fail', () => {
    expect(shouldFail(incomplete, gate({}))).toEqual({ fail: false, reasons: [] });
  });

  test('every reason at once, the risk first', () => {
    expect(shouldFail({ ...incomplete, risk: 'medium', changed: true }, gate({ failOn: 'medium', failOnInvalid: true, failOnIncomplete: true }))).toEqual({
      fail: true,
      reasons: [
        'the risk is medium (fail-on: medium)',
        'the head has 2 invalid manifest object(s) the base did not have (fail-on-invalid)',
        'part of the input could not be analysed: 3 problem(s) (fail-on-incomplete)',
      ],
    });
  });
});

describe('on real reviews', () => {
  test('a cross-namespace opening (medium) fails failOn medium, not high', () => {
    const { result: r } = reviewScenario({ base: shopApp(), head: shopApp({ dataPolicies: [webToDb] }) });
    expect([r.risk, r.changed, r.incomplete]).toEqual(['medium', true, false]);
    expect(shouldFail(r, config({ failOn: 'medium' })).fail).toBe(true);
    expect(shouldFail(r, config({ failOn: 'high' })).fail).toBe(false);
  });

  test('an invalid object the head adds: incomplete, and failOnInvalid fails', () => {
    const base = [file('a.yaml', pod('ns1', 'web', { tier: 'web' }), policies.denyIngress('ns1'))];
    const head = [file('a.yaml', pod('ns1', 'web', { tier: 'web' }), policies.denyIngress('ns1'), pod('ns1', 'bad', { note: 'not a label value!' }))];
    const { result: r } = reviewScenario({ base, head });
    expect(r.incomplete).toBe(true);
    expect(r.newInvalid).toHaveLength(1);
    expect(r.newInvalid[0]).toMatchObject({ side: 'head', file: 'a.yaml', severity: 'error' });
    expect(r.newInvalid[0]!.message).toContain('is invalid and left out of the analysis');
    expect(r.unanalysed).toEqual(r.newInvalid);
    expect(shouldFail(r, config({ failOnInvalid: true }))).toEqual({ fail: true, reasons: ['the head has 1 invalid manifest object(s) the base did not have (fail-on-invalid)'] });
    expect(shouldFail(r, config({ failOnIncomplete: true }))).toEqual({ fail: true, reasons: ['part of the input could not be analysed: 1 problem(s) (fail-on-incomplete)'] });
  });

  test('an invalid object the base already had is not new: complete, nothing to fail on', () => {
    const objects = [pod('ns1', 'web', { tier: 'web' }), pod('ns1', 'bad', { note: 'not a label value!' })];
    const { result: r } = reviewScenario({ base: [file('a.yaml', ...objects)], head: [file('a.yaml', ...objects, policies.denyIngress('ns1'))] });
    expect([r.incomplete, r.newInvalid, r.unanalysed]).toEqual([false, [], []]);
    expect(shouldFail(r, config({ failOnInvalid: true, failOnIncomplete: true }))).toEqual({ fail: false, reasons: [] });
  });
});
