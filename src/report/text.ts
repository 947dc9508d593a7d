import type { Diagnostic } from '../k8s/types.js';
import type { Skipped } from '../engine/types.js';
import type { DiffResult, Edge, Explanation, MatrixResult, RuleRef, SideExplanation } from './contract.js';

/** Plain-text renderings of the core's results, for people at a terminal. */

function diagnosticLines(diagnostics: readonly (Diagnostic & { side?: string })[]): string[] {
  if (diagnostics.length === 0) return [];
  return [
    '',
    `Diagnostics (${diagnostics.length}):`,
    ...diagnostics.map((d) => `  ${d.file}:${d.line}: ${d.severity}${d.side ? ` [${d.side}]` : ''}: ${d.message}`),
  ];
}

const edgeLine = (e: Edge) => `  ${e.from} -> ${e.to}: ${e.ports.join(', ')}${e.uncertain ? ' (uncertain)' : ''}`;

/** Says what was left aside without a diagnostic, when anything was. */
const skippedText = (s: Skipped): string =>
  s.notKubernetes + s.otherKinds === 0
    ? ''
    : `skipped ${s.notKubernetes} documents that are not Kubernetes objects and ${s.otherKinds} of kinds that do not affect reachability`;

export function renderMatrixText(result: MatrixResult): string {
  const lines = [
    `${result.workloads.length} workloads, ${result.externals.length} external endpoints, ${result.edges.length} allowed paths` +
      (skippedText(result.skipped) && `; ${skippedText(result.skipped)}`),
    '',
    'Allowed:',
    ...result.edges.map(edgeLine),
    ...diagnosticLines(result.diagnostics),
  ];
  return `${lines.join('\n')}\n`;
}

function ruleLine(r: RuleRef): string {
  return `${r.policy} ${r.direction} rule ${r.rule + 1} (${r.file}:${r.line}) allows ${r.ports.join(', ')}${r.uncertain ? ' (uncertain ipBlock match)' : ''}`;
}

function sideLines(label: string, side: SideExplanation): string[] {
  if (!side.isolated) return [`  ${label}: not isolated (no ${label} policy selects it): everything allowed`];
  const selected = side.selectedBy.map((p) => `${p.policy} (${p.file}:${p.line})`).join(', ');
  if (side.allowedBy.length === 0) return [`  ${label}: isolated by ${selected}; no rule allows this traffic`];
  return [`  ${label}: isolated by ${selected}`, ...side.allowedBy.map((r) => `    allowed by ${ruleLine(r)}`)];
}

export function explanationLines(e: Explanation): string[] {
  const verdict = e.allowed ? `ALLOWED ${e.allowedPorts.join(', ')}${e.uncertain ? ' (uncertain)' : ''}` : 'DENIED';
  return [
    `${e.from} -> ${e.to} on ${e.ports.join(', ')}: ${verdict}`,
    ...sideLines('egress', e.egress),
    ...sideLines('ingress', e.ingress),
  ];
}

export function renderExplainText(e: Explanation & { diagnostics: Diagnostic[] }): string {
  return `${[...explanationLines(e), ...diagnosticLines(e.diagnostics)].join('\n')}\n`;
}

export function renderDiffText(result: DiffResult): string {
  const lines: string[] = [];
  const section = (title: string, items: string[], count = items.length) => {
    if (items.length > 0) lines.push(`${title} (${count}):`, ...items, '');
  };
  section(
    'Opened',
    result.opened.flatMap((e) => [edgeLine(e), ...e.because.egress.allowedBy.concat(e.because.ingress.allowedBy).map((r) => `      because ${ruleLine(r)}`)]),
    result.opened.length,
  );
  section('Closed', result.closed.map(edgeLine));
  section('Exposure changes', result.exposure.map((x) => `  ${x.workload}: ${x.change}${x.uncertain ? ' (uncertain)' : ''}`));
  section('Added workloads', result.addedWorkloads.map((id) => `  ${id}`));
  section('Removed workloads', result.removedWorkloads.map((id) => `  ${id}`));
  section('Paths of added workloads', result.addedPaths.map(edgeLine));
  section('Paths of removed workloads', result.removedPaths.map(edgeLine));
  if (lines.length === 0) lines.push('No change in reachability.');
  for (const side of ['base', 'head'] as const) {
    const text = skippedText(result.skipped[side]);
    if (!text) continue;
    if (lines[lines.length - 1] !== '') lines.push('');
    lines.push(`${side === 'base' ? 'Base' : 'Head'}: ${text}.`);
  }
  lines.push(...diagnosticLines(result.diagnostics));
  return `${lines.join('\n').trimEnd()}\n`;
}
