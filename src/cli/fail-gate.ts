import type { ReviewResult } from '../index.js';

export const FAIL_ON = ['none', 'low', 'medium', 'high', 'any-change'] as const;
export type FailOn = (typeof FAIL_ON)[number];

const LEVELS = ['none', 'low', 'medium', 'high'] as const;

/**
 * Whether the review fails the gate: `any-change` on any change in reachability, a level when the
 * review's risk is at least that level, `none` never. (A stand-in until the core exports its gate.)
 */
export function shouldFail(result: Pick<ReviewResult, 'risk' | 'counts'>, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  if (failOn === 'any-change') return Object.values(result.counts).some((n) => n > 0);
  return LEVELS.indexOf(result.risk) >= LEVELS.indexOf(failOn);
}
