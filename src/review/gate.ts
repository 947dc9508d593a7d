import { RISK_LEVELS } from '../settings/defaults.js';
import type { Settings } from '../settings/settings.js';
import type { ReviewResult } from './review.js';

/** Whether a door should fail (a red check, a failed step, exit code 2), and why in words. */
export function shouldFail(result: Pick<ReviewResult, 'risk' | 'changed' | 'incomplete' | 'unanalysed' | 'newInvalid'>, settings: Pick<Settings, 'failOn' | 'failOnInvalid' | 'failOnIncomplete'>): { fail: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const { failOn } = settings;
  if (failOn === 'any-change' && result.changed) reasons.push('reachability or exposure changed (fail-on: any-change)');
  else if (failOn !== 'none' && failOn !== 'any-change' && RISK_LEVELS.indexOf(result.risk) >= RISK_LEVELS.indexOf(failOn) && result.risk !== 'none') {
    reasons.push(`the risk is ${result.risk} (fail-on: ${failOn})`);
  }
  if (settings.failOnInvalid && result.newInvalid.length > 0) reasons.push(`the head has ${result.newInvalid.length} invalid manifest object(s) the base did not have (fail-on-invalid)`);
  if (settings.failOnIncomplete && result.incomplete) reasons.push(`part of the input could not be analysed: ${result.unanalysed.length} problem(s) (fail-on-incomplete)`);
  return { fail: reasons.length > 0, reasons };
}
