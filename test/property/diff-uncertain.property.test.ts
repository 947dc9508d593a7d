/**
 * diff() `uncertain` marks: on clusters whose pods (or some of them) have no known IP and whose
 * policies have ipBlocks that often overlap the pod CIDRs only partly, every opened, closed, added
 * and removed path carries `uncertain: true` exactly when some of its (changed) ports rest on a
 * partial-overlap match (oracle with partial matches counted vs not), and opened/closed paths'
 * explanations agree with the edge. Ports are checked too, as in the diff property.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { diff } from '../../src/index.js';
import { buildDiffCase, diffSpecArb, type DiffSpec, type IpMode } from './arbitraries.js';
import { checkDiff } from './check.js';
import { fcParams } from './config.js';
import { diffFailure } from './report.js';
import { inputOf, optionsOf } from './serialize.js';

/** The diff generator with pods' IPs unknown (all of them, or some). */
const noIpDiffSpecArb: fc.Arbitrary<DiffSpec> = fc
  .tuple(diffSpecArb, fc.constantFrom<IpMode>('none', 'none', 'mixed'))
  .map(([d, ipMode]) => ({ ...d, base: { ...d.base, ipMode } }));

describe('diff uncertain property', () => {
  it('marks exactly the paths whose changed ports rest on partly overlapping ipBlocks', () => {
    fc.assert(
      fc.property(noIpDiffSpecArb, (spec) => {
        const { base, head } = buildDiffCase(spec);
        const result = diff(inputOf(base, 'base'), inputOf(head, 'head'), optionsOf(base));
        const problems = checkDiff(base, head, result, { uncertain: true });
        if (problems.length > 0) throw new Error(diffFailure(base, head, problems));
      }),
      fcParams(500),
    );
  }, 120_000);
});
