/**
 * fast-check run parameters, deterministic by default.
 *
 *   FC_SEED=<int>      seed (default below); printed by fast-check on failure with the shrink path
 *   FC_PATH=<path>     replay one counterexample (with its FC_SEED), as fast-check prints it
 *   FC_NUM_RUNS=<int>  override every property's number of runs
 *   FC_RUNS_SCALE=<x>  multiply every property's number of runs (e.g. 0.1 locally, 10 nightly)
 */
import type fc from 'fast-check';

export const DEFAULT_SEED = 20240521;

export function seed(): number {
  const s = process.env['FC_SEED'];
  if (s === undefined || s === '') return DEFAULT_SEED;
  const n = Number(s);
  if (!Number.isInteger(n)) throw new Error(`FC_SEED must be an integer, got ${s}`);
  return n;
}

export function fcParams<Ts>(defaultRuns: number): fc.Parameters<Ts> {
  const env = process.env;
  let numRuns = defaultRuns;
  if (env['FC_NUM_RUNS']) numRuns = Number(env['FC_NUM_RUNS']);
  else if (env['FC_RUNS_SCALE']) numRuns = Math.max(1, Math.round(defaultRuns * Number(env['FC_RUNS_SCALE'])));
  const params: fc.Parameters<Ts> = { seed: seed(), numRuns };
  if (env['FC_PATH']) params.path = env['FC_PATH'];
  return params;
}
