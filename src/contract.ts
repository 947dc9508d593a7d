import { type Comparison, compare } from './engine/compare.js';
import { analyse, analysePair } from './engine/model.js';
import type { AnalysisInput, AnalysisOptions } from './engine/types.js';
import type { Diagnostic } from './k8s/types.js';
import type { DiffResult, ExplainResult, MatrixResult } from './report/contract.js';
import { diffJson, explainJson, matrixJson } from './report/json.js';
import { portRange } from './values/port-set.js';
import type { Protocol } from './values/port-set.js';

/** The CLI's JSON contract as functions: each one analysis, asked once, rendered as the contract says. */

export interface Traffic {
  protocol: Protocol;
  port: number;
}

export type ExplainOutcome =
  | { kind: 'explained'; result: ExplainResult }
  | { kind: 'unknown-endpoint'; id: string; suggestions: string[]; diagnostics: Diagnostic[] };

/** Who can reach whom, on which ports, in one tree. */
export function matrix(input: AnalysisInput, options: AnalysisOptions = {}): MatrixResult {
  const model = analyse(input, options);
  return matrixJson(model.matrix(), model);
}

/** What a change opens and closes between two trees, and why. */
export function diff(base: AnalysisInput, head: AnalysisInput, options: AnalysisOptions = {}): DiffResult & { stats: Comparison['stats'] } {
  const models = analysePair(base, head, options);
  const comparison = compare(models.base, models.head);
  return { ...diffJson(comparison), stats: comparison.stats };
}

/** Why traffic from one endpoint to another on one port is allowed or denied. */
export function explain(input: AnalysisInput, from: string, to: string, traffic: Traffic, options: AnalysisOptions = {}): ExplainOutcome {
  const model = analyse(input, options);
  const diagnostics = [...model.diagnostics];
  const ends = [];
  for (const id of [from, to]) {
    const found = model.resolve(id);
    if (found.kind !== 'found') return { kind: 'unknown-endpoint', id, suggestions: found.kind === 'unknown' ? found.suggestions : found.candidates.map((c) => c.id), diagnostics };
    ends.push(found.endpoint);
  }
  const explanation = model.explain(ends[0]!, ends[1]!, portRange(traffic.protocol, traffic.port, traffic.port));
  return { kind: 'explained', result: explainJson(explanation, diagnostics) };
}
