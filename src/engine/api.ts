import type { Protocol } from '../k8s/types.js';
import type { AnalysisInput, AnalysisOptions, DiffResult, ExplainResult, MatrixResult } from './types.js';

export interface Traffic {
  protocol: Protocol;
  port: number;
}

export type ExplainOutcome =
  | { kind: 'explained'; result: ExplainResult }
  | { kind: 'unknown-endpoint'; id: string; diagnostics: ExplainResult['diagnostics'] };

export function matrix(_input: AnalysisInput, _options: AnalysisOptions = {}): MatrixResult {
  throw new Error('not yet');
}

export function diff(_base: AnalysisInput, _head: AnalysisInput, _options: AnalysisOptions = {}): DiffResult {
  throw new Error('not yet');
}

export function explain(
  _input: AnalysisInput,
  _from: string,
  _to: string,
  _traffic: Traffic,
  _options: AnalysisOptions = {},
): ExplainOutcome {
  throw new Error('not yet');
}
