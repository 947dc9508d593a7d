/**
 * diff() == oracle(head) − oracle(base) and the reverse, for base and head two versions of one
 * cluster (same pods, policies kept/dropped/replaced/added, labels changed; sometimes pods added
 * or removed, checked through addedPaths/removedPaths).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { diff } from '../../src/index.js';
import { buildDiffCase, diffSpecArb } from './arbitraries.js';
import { checkDiff } from './check.js';
import { fcParams } from './config.js';
import { diffFailure } from './report.js';
import { inputOf, optionsOf } from './serialize.js';

describe('diff property', () => {
  it('agrees with the oracle on random base/head pairs', () => {
    fc.assert(
      fc.property(diffSpecArb, (spec) => {
        const { base, head } = buildDiffCase(spec);
        const result = diff(inputOf(base, 'base'), inputOf(head, 'head'), optionsOf(base));
        const problems = checkDiff(base, head, result);
        if (problems.length > 0) throw new Error(diffFailure(base, head, problems));
      }),
      fcParams(1000),
    );
  }, 120_000);
});
