/**
 * matrix() == the naive oracle on random small clusters: every ordered pair of workloads, and
 * every workload against every external atom (probed by address), compared on the complete
 * allowed port set of all three protocols; plus the `uncertain` marking for pods without IPs.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { matrix } from '../../src/index.js';
import { buildCluster, clusterSpecArb } from './arbitraries.js';
import { checkMatrix } from './check.js';
import { fcParams } from './config.js';
import { matrixFailure } from './report.js';
import { inputOf, optionsOf } from './serialize.js';

describe('matrix property', () => {
  it('agrees with the oracle on random clusters', () => {
    fc.assert(
      fc.property(clusterSpecArb, (spec) => {
        const c = buildCluster(spec);
        const result = matrix(inputOf(c), optionsOf(c));
        const problems = checkMatrix(c, result);
        if (problems.length > 0) throw new Error(matrixFailure(c, problems));
      }),
      fcParams(1500),
    );
  }, 120_000);
});
