/**
 * Shared helpers for the adversarial review tests: run the core on inline YAML and read the JSON-contract
 * shaped results back (edges by (from, to), error diagnostics).
 */
import { diff, explain, matrix } from '../../src/index.js';
import type { AnalysisOptions, MatrixResult } from '../../src/index.js';

export const ALL_PORTS = ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535'];

/** A Pod manifest with one container; `ports` is the inside of its flow-style ports list. */
export function pod(namespace: string, name: string, labels: Record<string, string>, ports = ''): string {
  const portList = ports ? `, ports: [${ports}]` : '';
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: "${namespace}", labels: ${JSON.stringify(labels)}}
spec: {containers: [{name: c, image: i${portList}}]}
`;
}

/** Joins YAML documents. */
export const docs = (...parts: string[]): string => parts.join('---\n');

export function run(yaml: string, options: AnalysisOptions = {}): MatrixResult {
  return matrix({ files: [{ path: 'm.yaml', text: yaml }] }, options);
}

/** The ports allowed from `from` to `to` (empty when there is no edge). */
export function ports(result: MatrixResult, from: string, to: string): string[] {
  return result.edges.find((e) => e.from === from && e.to === to)?.ports ?? [];
}

export const errors = (result: { diagnostics: { severity: string; message: string }[] }): string[] =>
  result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

export function runDiff(base: string, head: string, options: AnalysisOptions = {}) {
  return diff({ files: [{ path: 'm.yaml', text: base }] }, { files: [{ path: 'm.yaml', text: head }] }, options);
}

/** Whether `to` is isolated for ingress (some Ingress policy selects it), per explain(). */
export function ingressIsolated(yaml: string, from: string, to: string): boolean {
  const outcome = explain({ files: [{ path: 'm.yaml', text: yaml }] }, from, to, { protocol: 'TCP', port: 80 });
  if (outcome.kind !== 'explained') throw new Error(`unknown endpoint ${outcome.id}`);
  return outcome.result.ingress.isolated;
}
