/** Failure messages that carry everything needed to reproduce a counterexample by hand. */
import { seed } from './config.js';
import type { BuiltCluster } from './arbitraries.js';
import { describeCase } from './serialize.js';

export function matrixFailure(c: BuiltCluster, problems: readonly string[]): string {
  return [
    `engine matrix disagrees with the oracle (FC_SEED=${seed()}):`,
    ...problems.map((p) => `  - ${p}`),
    '--- manifests ---',
    describeCase(c),
  ].join('\n');
}

export function diffFailure(base: BuiltCluster, head: BuiltCluster, problems: readonly string[]): string {
  return [
    `engine diff disagrees with the oracle (FC_SEED=${seed()}):`,
    ...problems.map((p) => `  - ${p}`),
    '--- base manifests ---',
    describeCase(base),
    '--- head manifests ---',
    describeCase(head),
  ].join('\n');
}

/** A failure message for any property: title, problems, then each case's manifests. */
export function failure(title: string, problems: readonly string[], cases: readonly { label: string; c: BuiltCluster }[]): string {
  return [
    `${title} (FC_SEED=${seed()}):`,
    ...problems.map((p) => `  - ${p}`),
    ...cases.flatMap(({ label, c }) => [`--- ${label} ---`, describeCase(c)]),
  ].join('\n');
}
