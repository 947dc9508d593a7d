import type { CauseItem } from '../review/causes.js';
import type { ReviewConfig } from '../review/config.js';
import { type EndpointGroup, type PathRow, type RiskLevel, describeEndpoints } from '../review/group-paths.js';
import type { Exposure, ExposureKind, ReviewResult } from '../review/review.js';
import { code, encodePath, escapeMarkdown } from './escape.js';
import { renderMermaid } from './mermaid.js';

export const COMMENT_MARKER = '<!-- netpol-review -->';

const RISK_ICON: Record<RiskLevel, string> = { high: '🔴', medium: '🟠', low: '🟡', none: '🟢' };

type Limits = ReviewConfig['comment'] & { patches: boolean; diagram: boolean; details: boolean };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function location(result: ReviewResult, file: string, line: number, side: 'base' | 'head'): string {
  const text = escapeMarkdown(`${file}:${line}`);
  const { repository, baseSha, headSha } = result.context;
  const sha = side === 'base' ? baseSha : headSha;
  if (!repository || !sha || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^[0-9a-f]{7,64}$/i.test(sha)) return text;
  return `[${text}](https://github.com/${repository}/blob/${sha}/${encodePath(file)}#L${line})`;
}

function group(g: EndpointGroup, max = 4): string {
  const parts = g.parts.map((p) => {
    switch (p.kind) {
      case 'workload':
        return code(p.id);
      case 'namespace':
        return `all ${p.count} workloads in ${code(p.namespace)}`;
      case 'every-workload':
        return `every workload (${p.count})`;
      case 'external':
        return code(p.id);
    }
  });
  return parts.length > max ? `${parts.slice(0, max).join(', ')} and ${parts.length - max} more` : parts.join(', ');
}

function labelText(labels: Readonly<Record<string, string>>, keys: string[]): string {
  const shown = keys.filter((k) => k in labels).map((k) => `${k}=${labels[k]}`);
  return shown.length > 0 ? code(shown.join(',')) : '(none)';
}

function causeItem(result: ReviewResult, item: CauseItem): string {
  switch (item.kind) {
    case 'rule': {
      const r = item.rule;
      const what = `${code(r.policy)} ${r.direction} rule ${r.rule + 1} (${location(result, r.file, r.line, item.side)})`;
      if (item.side === 'head') return item.changed ? `${what}, new or changed` : `${what}, unchanged rule now matching`;
      return item.changed ? `was allowed by ${what}, since removed or changed` : `was allowed by ${what}, which no longer matches`;
    }
    case 'isolation-lifted':
      return `no ${item.direction} policy selects ${code(item.endpoint)} any more (was ${item.was.map((p) => code(p.policy)).join(', ')})`;
    case 'isolated':
      return `${code(item.endpoint)} is now isolated for ${item.direction} by ${item.by.map((p) => code(p.policy)).join(', ')}`;
    case 'labels': {
      const keys = [...new Set([...Object.keys(item.before), ...Object.keys(item.after)])].filter((k) => item.before[k] !== item.after[k]).sort();
      return `labels of ${code(item.object)} changed: ${labelText(item.before, keys)} → ${labelText(item.after, keys)}`;
    }
  }
}

function cause(result: ReviewResult, row: PathRow): string {
  if (row.cause.items.length === 0) return row.cause.key === 'new' ? 'new workload' : '—';
  return row.cause.items.map((i) => causeItem(result, i)).join('; ');
}

function table(result: ReviewResult, rows: readonly PathRow[], maxRows: number): string[] {
  const shown = rows.slice(0, maxRows);
  const lines = ['| | From | To | Ports | Why |', '|---|---|---|---|---|'];
  for (const r of shown) {
    const ports = escapeMarkdown(r.ports.join(', ')) + (r.uncertain ? ' (uncertain¹)' : '');
    lines.push(`| ${RISK_ICON[r.risk]} | ${group(r.from)} | ${group(r.to)} | ${ports} | ${cause(result, r)} |`);
  }
  const rest = rows.slice(maxRows);
  if (rest.length > 0) {
    lines.push('', `…and ${plural(rest.length, 'more row')} (${plural(rest.reduce((n, r) => n + r.pairs, 0), 'endpoint pair')}) not shown.`);
  }
  return lines;
}

const EXPOSURE_TEXT: Record<ExposureKind, string> = {
  'internet-ingress': 'newly reachable from the internet',
  'lost-ingress-isolation': 'no longer isolated for ingress: reachable from everywhere',
  'reachable-from-every-namespace': 'newly reachable from every namespace',
  'internet-egress': 'newly able to reach the internet',
  'dns-cut': 'DNS egress cut off',
  'unprotected-workload': 'new and not selected by any ingress policy (unprotected)',
};

function exposureLines(result: ReviewResult, maxRows: number): string[] {
  const groups = new Map<string, { sample: Exposure; workloads: string[] }>();
  for (const e of result.exposures) {
    const key = JSON.stringify([e.kind, e.ports, e.externals]);
    const g = groups.get(key) ?? { sample: e, workloads: [] };
    g.workloads.push(e.workload);
    groups.set(key, g);
  }
  const items = [...groups.values()].map(({ sample, workloads }) => {
    const who = group(describeEndpoints(workloads, result.namespaceSizes));
    const ports = sample.ports.length > 0 ? ` on ${escapeMarkdown(sample.ports.join(', '))}` : '';
    const from = sample.externals.length > 0 ? ` (${sample.externals.map(code).join(', ')})` : '';
    return `- ${RISK_ICON[sample.risk]} ${who}: ${EXPOSURE_TEXT[sample.kind]}${from}${ports}`;
  });
  const shown = items.slice(0, maxRows);
  if (items.length > shown.length) shown.push(`- …and ${plural(items.length - shown.length, 'more exposure change')}`);
  return shown;
}

function headline(result: ReviewResult): string {
  const c = result.counts;
  const nothing = c.opened === 0 && c.closed === 0 && c.addedWorkloads === 0 && c.removedWorkloads === 0 && c.exposures === 0;
  if (nothing) return `### ${RISK_ICON.none} netpol-review: no change in reachability`;
  const parts = [
    `${plural(c.opened, 'path')} opened`,
    `${plural(c.closed, 'path')} closed`,
    ...(c.addedWorkloads > 0 ? [`${plural(c.addedWorkloads, 'workload')} added`] : []),
    ...(c.removedWorkloads > 0 ? [`${plural(c.removedWorkloads, 'workload')} removed`] : []),
    ...(c.exposures > 0 ? [`${plural(c.exposures, 'exposure change')}`] : []),
  ];
  return `### ${RISK_ICON[result.risk]} netpol-review: ${result.risk} risk · ${parts.join(', ')}`;
}

function details(summary: string, body: string[], open = false): string[] {
  return [`<details${open ? ' open' : ''}><summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

function render(result: ReviewResult, limits: Limits): string {
  const out: string[] = [COMMENT_MARKER, headline(result)];
  const { headSha, baseSha } = result.context;
  if (headSha) out.push(`<sub>Head ${code(headSha.slice(0, 12))}${baseSha ? ` compared with base ${code(baseSha.slice(0, 12))}` : ''}. Risk levels: 🔴 high · 🟠 medium · 🟡 low.</sub>`);
  if (result.exposures.length > 0) out.push('', '#### Exposure', ...exposureLines(result, limits.maxRows));
  if (result.opened.length > 0) out.push('', `#### Opened paths (${plural(result.counts.opened, 'endpoint pair')})`, ...table(result, result.opened, limits.maxRows));
  if (result.closed.length > 0) out.push('', `#### Closed paths (${plural(result.counts.closed, 'endpoint pair')})`, ...table(result, result.closed, limits.maxRows));
  if ([...result.opened, ...result.closed, ...result.added].some((r) => r.uncertain)) {
    out.push('', '¹ Through an ipBlock that covers only part of the pod CIDRs: pods may or may not match it. Set the cluster\'s pod CIDRs (`podCidrs` in the config, `--pod-cidr` on the CLI) to settle it.');
  }
  if (limits.details && result.addedWorkloads.length > 0) {
    const body = [result.addedWorkloads.map(code).join(', '), '', ...(result.added.length > 0 ? table(result, result.added, limits.maxRows) : ['They can reach nothing and nothing can reach them.'])];
    out.push('', ...details(`New workloads (${result.addedWorkloads.length}) and their paths`, body));
  }
  if (limits.details && result.removedWorkloads.length > 0) {
    out.push('', ...details(`Removed workloads (${result.removedWorkloads.length})`, [result.removedWorkloads.slice(0, limits.maxRows * 4).map(code).join(', ')]));
  }
  if (result.renamed.length > 0) {
    out.push('', ...details(`Renamed workloads (${result.renamed.length}), compared with their old selves`, result.renamed.slice(0, limits.maxRows).map((r) => `- ${code(r.from)} → ${code(r.to)}`)));
  }
  if (result.policyChanges.length > 0) {
    out.push('', `#### Changed policies (${result.policyChanges.length})`);
    for (const p of result.policyChanges.slice(0, limits.maxRows)) {
      const summary = `${code(p.policy)} ${p.change} (${escapeMarkdown(`${p.file}:${p.line}`)})`;
      if (limits.patches) out.push(...details(summary, ['```diff', p.patch.replace(/```/g, '` ` `'), '```']));
      else out.push(`- ${summary}`);
    }
    if (result.policyChanges.length > limits.maxRows) out.push(`- …and ${result.policyChanges.length - limits.maxRows} more`);
  }
  if (limits.diagram && (result.opened.length > 0 || result.closed.length > 0)) {
    const { source, omitted } = renderMermaid(result.opened, result.closed, limits.maxDiagramEdges);
    out.push('', ...details('Picture of the changed paths', ['```mermaid', source, '```', ...(omitted > 0 ? ['', `${plural(omitted, 'edge')} left out to keep the picture readable.`] : [])]));
  }
  if (result.diagnostics.length > 0) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const lines = result.diagnostics
      .slice(0, limits.maxRows)
      .map((d) => `- ${d.side} ${location(result, d.file, d.line, d.side)} ${d.severity}: ${escapeMarkdown(d.message)}`);
    if (result.diagnostics.length > limits.maxRows) lines.push(`- …and ${result.diagnostics.length - limits.maxRows} more`);
    out.push('', ...details(`⚠️ ${plural(result.diagnostics.length, 'diagnostic')} (${plural(errors, 'error')}): what the verdict did not see`, lines, errors > 0));
  }
  return out.join('\n');
}

/** The review comment, within `maxCharacters`: less important parts fold into counts first. */
export function renderMarkdown(result: ReviewResult, comment: ReviewConfig['comment']): string {
  const footer = `\n\n---\n<sub>${result.context.fullReport ? `Full report: ${escapeMarkdown(result.context.fullReport)}` : 'Full report: run the same `netpol-review diff` with `--format text` or `--format json`.'}</sub>\n`;
  const budget = comment.maxCharacters - footer.length;
  const attempts: Limits[] = [
    { ...comment, patches: true, diagram: true, details: true },
    { ...comment, maxRows: Math.min(comment.maxRows, 15), patches: true, diagram: true, details: true },
    { ...comment, maxRows: 10, maxDiagramEdges: 15, patches: false, diagram: true, details: true },
    { ...comment, maxRows: 5, patches: false, diagram: false, details: false },
    { ...comment, maxRows: 1, patches: false, diagram: false, details: false },
  ];
  for (const limits of attempts) {
    const body = render(result, limits);
    if (body.length <= budget) return body + footer;
  }
  const minimal = `${COMMENT_MARKER}\n${headline(result)}\n\nThe report is too large for a comment.`;
  return minimal + footer;
}
