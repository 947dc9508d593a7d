/**
 * explain() == the oracle, probe by probe (see explain-check.ts), on rich random clusters (every
 * workload kind, default namespace, pods with and without IPs, partly overlapping ipBlocks).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { explain } from '../../src/index.js';
import { fcParams } from './config.js';
import { checkExplainProbes, explainProbesArb } from './explain-check.js';
import { failure } from './report.js';
import { buildRichCluster, richClusterSpecArb } from './rich-arbitraries.js';
import { inputOf, optionsOf } from './serialize.js';

describe('explain property', () => {
  it('agrees with the oracle on random probes', () => {
    fc.assert(
      fc.property(richClusterSpecArb, explainProbesArb, (spec, probes) => {
        const c = buildRichCluster(spec);
        const input = inputOf(c);
        const options = optionsOf(c);
        const problems = checkExplainProbes(c, probes, (from, to, protocol, port) => explain(input, from, to, { protocol, port }, options));
        if (problems.length > 0) throw new Error(failure('engine explain disagrees with the oracle', problems, [{ label: 'manifests', c }]));
      }),
      fcParams(400),
    );
  }, 120_000);
});
