/** The generators only make valid objects: the engine must not report errors about them. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { matrix } from '../../src/index.js';
import { buildCluster, clusterSpecArb } from './arbitraries.js';
import { fcParams } from './config.js';
import { matrixFailure } from './report.js';
import { inputOf, optionsOf } from './serialize.js';

describe('generated manifests are valid', () => {
  it('matrix reports no error diagnostics', () => {
    fc.assert(
      fc.property(clusterSpecArb, (spec) => {
        const c = buildCluster(spec);
        const errors = matrix(inputOf(c), optionsOf(c)).diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          throw new Error(matrixFailure(c, errors.map((d) => `${d.file}:${d.line}: ${d.severity}: ${d.message}`)));
        }
      }),
      fcParams(300),
    );
  }, 120_000);
});
