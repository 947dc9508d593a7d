import type { CauseItem, PolicyMove } from '../review/causes.js';
import type { FieldChange } from '../review/rule-fields.js';
import type { EndpointGroup, PathRow, RiskLevel } from '../review/group-paths.js';
import { INVALID_OBJECT } from '../k8s/problems.js';
import type { ReviewResult, ReviewedExposureKind } from '../review/review.js';
import type { ExternalRef } from '../values/endpoint.js';
import type { PortSet } from '../values/port-set.js';
import { namespaceExceptText, rangeText, selectionText } from './endpoint-words.js';
import { code, encodePath, escapeMarkdown } from './escape.js';
import { renderMermaid } from './mermaid.js';
import { portsWords } from './ports-words.js';

export const COMMENT_MARKER = '<!-- netpol-review -->';

/** How much of a review a rendering may show. */
export interface RenderLimits {
  /** Characters of the whole body. */
  maxCharacters: number;
  /** Rows per table before the rest is folded into counts. */
  maxRows: number;
  /** Edges of the Mermaid picture before it is capped. */
  maxDiagramEdges: number;
}

export const RISK_ICON: Record<RiskLevel, string> = { high: '🔴', medium: '🟠', low: '🟡', none: '🟢' };

type Limits = RenderLimits & { patches: boolean; diagram: boolean; details: boolean; preexisting: boolean };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `file:line`, linked to the file at the side's commit when the repository and commits are known. */
export function location(result: Pick<ReviewResult, 'context'>, file: string, line: number, side: 'base' | 'head'): string {
  const text = escapeMarkdown(`${file}:${line}`);
  const { repository, baseSha, headSha } = result.context;
  const sha = side === 'base' ? baseSha : headSha;
  const server = serverUrl(result.context.serverUrl);
  if (!server || !repository || !sha || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^[0-9a-f]{7,64}$/i.test(sha)) return text;
  return `[${text}](${server}/${repository}/blob/${sha}/${encodePath(file)}#L${line})`;
}

/** The web server to link to: https://github.com, or a GitHub Enterprise server given as an http(s) URL. */
function serverUrl(given: string | undefined): string | undefined {
  if (given === undefined) return 'https://github.com';
  try {
    const url = new URL(given);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin + url.pathname.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

function group(result: ReviewResult, g: EndpointGroup, max = 4): string {
  const parts = g.parts.map((p) => {
    switch (p.kind) {
      case 'workload':
        return code(p.ref.id);
      case 'namespace':
        return `all ${p.count} workloads in ${code(p.namespace)}`;
      case 'namespace-except':
        return namespaceExceptText(p, code);
      case 'every-workload':
        return `every workload (${p.count})`;
      case 'external':
        return external(result, p.ref);
      case 'selection':
        return selectionText(p.terms, p.count, code);
    }
  });
  if (parts.length <= max) return parts.join(', ');
  const rest = g.parts.slice(max).reduce((n, p) => n + ('count' in p ? p.count : 1), 0);
  return `${parts.slice(0, max).join(', ')} and ${plural(rest, 'more endpoint')}`;
}

function labelText(labels: Readonly<Record<string, string>>, keys: string[]): string {
  const shown = keys.filter((k) => k in labels).map((k) => `${k}=${labels[k]}`);
  return shown.length > 0 ? code(shown.join(',')) : '(none)';
}

const MAX_FIELDS = 3;
const MAX_VALUE = 80;
const valueText = (v: string | undefined) => (v === undefined ? '(absent)' : code(v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v));

/** What changed in a rule, as written: "`from[0].podSelector.matchLabels.tier` `api` → `web`", the first few. */
function fieldsText(fields: readonly FieldChange[]): string {
  const shown = fields.slice(0, MAX_FIELDS).map((f) => `${code(f.field)} ${valueText(f.before)} → ${valueText(f.after)}`);
  return fields.length > MAX_FIELDS ? `${shown.join(', ')} and ${plural(fields.length - MAX_FIELDS, 'more field')}` : shown.join(', ');
}

/** How a changed rule is told: what changed when both sides have it, else that it is new (head) or gone (base). */
function changeText(item: { side: 'base' | 'head'; fields?: FieldChange[] }): string {
  if (item.fields) return `changed: ${fieldsText(item.fields)}`;
  return item.side === 'head' ? 'new or changed' : 'since removed or changed';
}

function causeItem(result: ReviewResult, item: CauseItem): string {
  switch (item.kind) {
    case 'rule': {
      const r = item.rule;
      const what = `${code(r.policy)} ${r.direction} rule ${r.rule + 1} (${location(result, r.file, r.line, item.side)})`;
      if (item.side === 'head') return item.changed ? `${what}, ${changeText(item)}` : `${what}, unchanged rule now matching`;
      if (madeInvalid(result, r.policy)) return `was allowed by ${what}, whose policy is now invalid`;
      return item.changed ? `was allowed by ${what}, ${changeText(item)}` : `was allowed by ${what}, which no longer matches`;
    }
    case 'isolation-lifted':
      return `no ${item.direction} policy selects the ${item.direction === 'egress' ? 'source' : 'destination'} any more (was ${item.was.map((p) => `${code(p.policy)}${madeInvalid(result, p.policy) ? ' (now invalid)' : ''}`).join(', ')})`;
    case 'isolated':
      return `the ${item.direction === 'egress' ? 'source' : 'destination'} is now isolated for ${item.direction} by ${item.by.map((p) => code(p.policy)).join(', ')}, and no rule allows this`;
    case 'cluster-rule':
      return clusterRuleText(result, item);
    case 'replaces':
      return `replaces ${code(item.workload.id)} (removed), which had this access`;
    case 'labels': {
      const keys = [...new Set([...Object.keys(item.before), ...Object.keys(item.after)])].filter((k) => item.before[k] !== item.after[k]).sort();
      return `labels of ${code(item.object)} changed: ${labelText(item.before, keys)} → ${labelText(item.after, keys)}`;
    }
  }
}

const placeText = (p: { tier: string; priority?: number }) => escapeMarkdown(p.priority === undefined ? `${p.tier} tier` : `${p.tier} tier, priority ${p.priority}`);

function moveText(move: PolicyMove): string {
  const { before, after } = move;
  if (before.tier === after.tier) return `moved from priority ${before.priority ?? '-'} to ${after.priority ?? '-'}`;
  return `moved from ${placeText(before)} to ${placeText(after)}`;
}

function clusterRuleText(result: ReviewResult, item: Extract<CauseItem, { kind: 'cluster-rule' }>): string {
  const r = item.rule;
  const name = r.ruleName ? ` ${code(r.ruleName)}` : '';
  const what = `${code(r.policy)} (${placeText(r)}) ${r.direction} rule ${r.rule + 1}${name} ${r.action}${r.uncertain ? ' (uncertain)' : ''} (${location(result, r.file, r.line, item.side)})`;
  const why = item.moved ? moveText(item.moved) : undefined;
  const allows = r.action !== 'Deny';
  if (item.side === 'head') {
    const verb = r.action === 'Pass' ? 'now hands it to NetworkPolicies' : allows ? 'now wins' : 'now denies';
    return `${what}${why ? `, ${why},` : item.changed ? `, ${changeText(item)},` : ''} ${verb}`;
  }
  if (madeInvalid(result, r.policy)) return `was ${allows ? 'allowed' : 'denied'} by ${what}, whose policy is now invalid`;
  return `was ${allows ? 'allowed' : 'denied'} by ${what}${why ? `, which ${why}` : item.changed ? `, ${changeText(item)}` : ', which no longer decides'}`;
}

/** Whether the change makes the policy (by id) invalid, so that it is analysed as absent. */
const madeInvalid = (result: ReviewResult, policy: string) => result.invalidated.some((o) => o.id === policy);

function invalidatedLines(result: ReviewResult, maxRows: number): string[] {
  const items = result.invalidated.map((o) => {
    const effects = [...(o.opened > 0 ? [`opens ${plural(o.opened, 'path')}`] : []), ...(o.closed > 0 ? [`closes ${plural(o.closed, 'path')}`] : [])];
    return `- ⛔ ${escapeMarkdown(o.kind)} ${code(o.id)} (${location(result, o.file, o.line, 'head')}): ${escapeMarkdown(o.reason)}. The API server refuses this version, so the review analyses the head without it, as if deleted: that ${effects.length > 0 ? effects.join(' and ') : 'changes no path'}.`;
  });
  return withFold(items, maxRows, (n) => `- …and ${plural(n, 'more object')}`);
}

function moveLines(result: ReviewResult): string[] {
  return result.policyMoves.map((m) => {
    const winners = m.nowWinning.map((w) => `${code(w.policy)}${w.priority === undefined ? '' : ` at ${w.priority}`}`);
    const effects = [
      ...(m.opened > 0 ? [`${plural(m.opened, 'path')} open${winners.length > 0 ? ` because ${winners.join(', ')} now ${winners.length === 1 ? 'wins' : 'win'}` : ''}`] : []),
      ...(m.closed > 0 ? [`${plural(m.closed, 'path')} close`] : []),
    ];
    return `- this PR moves ${code(m.policy)} ${moveText(m.move).replace(/^moved /, '')}${effects.length > 0 ? `: ${effects.join('; ')}` : ': no path changes'}`;
  });
}

function cause(result: ReviewResult, row: PathRow): string {
  if (row.cause.items.length === 0) return row.cause.key === 'new' ? 'new workload' : row.cause.key === 'removed' ? 'removed workload' : '—';
  return row.cause.items.map((i) => causeItem(result, i)).join('; ');
}

const CLOSING_ICON = '⚪';
const icon = (risk: RiskLevel, closing: boolean) => (closing && risk === 'none' ? CLOSING_ICON : RISK_ICON[risk]);

function table(result: ReviewResult, rows: readonly PathRow[], maxRows: number, closing = false): string[] {
  const shown = rows.slice(0, maxRows);
  const lines = ['| | From | To | Ports | Why |', '|---|---|---|---|---|'];
  for (const r of shown) {
    const ports = portsText(r.ports) + (r.uncertain ? ' (uncertain¹)' : '');
    lines.push(`| ${icon(r.risk, closing)} | ${group(result, r.from)} | ${group(result, r.to)} | ${ports} | ${cause(result, r)} |`);
  }
  const rest = rows.slice(maxRows);
  if (rest.length > 0) {
    lines.push('', `…and ${plural(rest.length, 'more row')} (${plural(rest.reduce((n, r) => n + r.pairs, 0), 'path')}) not shown.`);
  }
  return lines;
}

const EXPOSURE_TEXT: Record<ReviewedExposureKind, (it: string) => string> = {
  'internet-ingress': () => 'newly reachable from the internet',
  'lost-ingress-isolation': (it) => `no policy restricts ingress to ${it} any more: reachable from everywhere, the internet included`,
  'reachable-from-every-namespace': () => 'newly reachable from every namespace',
  'internet-egress': () => 'newly able to reach the internet',
  'dns-cut': () => 'DNS egress cut off',
  'unprotected-workload': (it) => `new, and no policy restricts ingress to ${it}: reachable from everywhere`,
};
const portsText = (ports: PortSet): string => escapeMarkdown(portsWords(ports));

function external(result: ReviewResult, ref: ExternalRef): string {
  const range = rangeText(ref);
  return result.externals[ref.id] === 'internet' ? `the internet (${code(range)})` : code(range);
}

function exposureLines(result: ReviewResult, maxRows: number): string[] {
  const items = result.exposures.map((e) => {
    const ranges = e.externals.length > 0 ? ` ${e.externals.map((ref) => code(rangeText(ref))).join(', ')}` : '';
    const ports = e.ports.length > 0 ? `, on ${portsText(e.ports)}` : '';
    return `- ${RISK_ICON[e.risk]} ${group(result, e.workloads)}: ${EXPOSURE_TEXT[e.kind](e.refs.length > 1 ? 'them' : 'it')}${ranges}${ports}${e.uncertain ? ' (uncertain¹)' : ''}`;
  });
  return withFold(items, maxRows, (n) => `- …and ${plural(n, 'more exposure change')}`);
}

/** The first `max` items, and a line saying how many were left out. */
function withFold(items: string[], max: number, fold: (left: number) => string): string[] {
  return items.length > max ? [...items.slice(0, max), fold(items.length - max)] : items;
}

/**
 * What the review did not see, as the headline counts it: invalid objects left out (an object may have
 * several errors: counted once), and files behind the other unanalysed diagnostics.
 */
export function unanalysedCounts(result: Pick<ReviewResult, 'unanalysed' | 'newInvalid'>): { files: number; objects: number } {
  const invalid = new Set(result.newInvalid);
  const objects = new Set(result.newInvalid.map((d) => `${d.file}\u0000${d.message.slice(0, d.message.indexOf(INVALID_OBJECT))}`));
  const files = new Set(result.unanalysed.filter((d) => !invalid.has(d)).map((d) => d.file));
  return { files: files.size, objects: objects.size };
}

function unanalysedText(result: Pick<ReviewResult, 'unanalysed' | 'newInvalid'>): string {
  const { files, objects } = unanalysedCounts(result);
  return [...(files > 0 ? [`${plural(files, 'file')} not analysed`] : []), ...(objects > 0 ? [`${plural(objects, 'invalid object')} left out`] : [])].join(', ');
}

function headline(result: ReviewResult): string {
  if (result.budgetExceeded !== undefined) return `### ⚠️ netpol-review: incomplete: the review exceeded its time budget of ${result.budgetExceeded} s`;
  const c = result.counts;
  const nothing = c.opened === 0 && c.closed === 0 && c.addedWorkloads === 0 && c.removedWorkloads === 0 && c.exposures === 0;
  if (result.incomplete) {
    // Never green: the warning sign, unless what was analysed already carries a risk worth its colour.
    const icon = result.risk === 'none' ? '⚠️' : RISK_ICON[result.risk];
    const what = `${icon} netpol-review: incomplete, ${unanalysedText(result)}`;
    if (nothing) return `### ${what} · no change in what was analysed`;
    return `### ${what} · ${result.risk === 'none' ? 'no new risk' : `${result.risk} risk`} in the rest · ${headlineParts(result).join(', ')}`;
  }
  if (nothing) return `### ${RISK_ICON.none} netpol-review: no change in reachability`;
  const risk = result.risk === 'none' ? 'no new risk' : `${result.risk} risk`;
  return `### ${RISK_ICON[result.risk]} netpol-review: ${risk} · ${headlineParts(result).join(', ')}`;
}

function headlineParts(result: ReviewResult): string[] {
  const c = result.counts;
  return [
    `${plural(c.opened, 'path')} opened`,
    `${plural(c.closed, 'path')} closed`,
    ...(c.addedWorkloads > 0 ? [`${plural(c.addedWorkloads, 'workload')} added (${plural(c.addedPaths, 'path')})`] : []),
    ...(c.removedWorkloads > 0 ? [`${plural(c.removedWorkloads, 'workload')} removed`] : []),
    ...(c.exposures > 0 ? [`${plural(c.exposures, 'exposure change')}`] : []),
    ...(result.invalidated.length > 0 ? [`${plural(result.invalidated.length, 'object')} made invalid`] : []),
  ];
}

function details(summary: string, body: string[], open = false): string[] {
  return [`<details${open ? ' open' : ''}><summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

function render(result: ReviewResult, limits: Limits): string {
  const out: string[] = [COMMENT_MARKER, headline(result)];
  const { headSha, baseSha } = result.context;
  const sub: string[] = [];
  if (headSha) sub.push(`Head ${code(headSha.slice(0, 12))}${baseSha ? ` compared with base ${code(baseSha.slice(0, 12))}` : ''}.`);
  if (result.opened.length + result.closed.length + result.added.length + result.exposures.length > 0) {
    const closing = result.closed.length > 0 ? ` · ${CLOSING_ICON} closed, breaks no workload's traffic; a closed path between workloads may break traffic (🟡, 🟠 into a sensitive workload)` : '';
    sub.push(`Risk: 🔴 high · 🟠 medium · 🟡 low · 🟢 none${closing}. A path is one source and one destination.`);
  }
  if (sub.length > 0) out.push(`<sub>${sub.join(' ')}</sub>`);
  if (result.invalidated.length > 0) out.push('', `#### Made invalid by this PR (${result.invalidated.length})`, ...invalidatedLines(result, limits.maxRows));
  if (result.exposures.length > 0) out.push('', '#### Exposure', ...exposureLines(result, limits.maxRows));
  if (result.policyMoves.length > 0) out.push('', '#### Tier and priority changes', ...withFold(moveLines(result), limits.maxRows, (n) => `- …and ${plural(n, 'more')}`));
  if (result.opened.length > 0) out.push('', `#### Opened paths (${result.counts.opened})`, ...table(result, result.opened, limits.maxRows));
  if (result.closed.length > 0) out.push('', `#### Closed paths (${result.counts.closed})`, ...table(result, result.closed, limits.maxRows, true));
  if ([...result.opened, ...result.closed, ...result.added, ...result.exposures].some((r) => r.uncertain)) {
    out.push('', '¹ Through an ipBlock that covers only part of the pod CIDRs: pods may or may not match it. Set the cluster\'s pod CIDRs (`podCidrs` in the config, `--pod-cidr` on the CLI) to settle it.');
  }
  if (limits.details && result.addedWorkloads.length > 0) {
    const names = withFold(result.addedWorkloads.map(code), limits.maxRows * 4, (n) => `and ${n} more`).join(', ');
    const body = [names, '', ...(result.added.length > 0 ? table(result, result.added, limits.maxRows) : ['They can reach nothing and nothing can reach them.'])];
    out.push('', ...details(`New workloads (${result.addedWorkloads.length}) and their paths`, body));
  }
  if (limits.details && result.removedWorkloads.length > 0) {
    out.push('', ...details(`Removed workloads (${result.removedWorkloads.length})`, [withFold(result.removedWorkloads.map(code), limits.maxRows * 4, (n) => `and ${n} more`).join(', ')]));
  }
  if (limits.details && result.removed.length > 0) {
    out.push('', ...details(`Paths lost with the removed workloads (${result.removed.reduce((n, r) => n + r.pairs, 0)})`, table(result, result.removed, limits.maxRows, true)));
  }
  if (result.renamed.length > 0) {
    const lines = withFold(result.renamed.map((r) => `- ${code(r.from)} → ${code(r.to)}`), limits.maxRows, (n) => `- …and ${n} more`);
    out.push('', ...details(`Renamed workloads (${result.renamed.length}), compared with their old selves`, lines));
  }
  if (result.policyChanges.length > 0) {
    out.push('', `#### Changed policies (${result.policyChanges.length})`);
    for (const p of result.policyChanges.slice(0, limits.maxRows)) {
      const where = location(result, p.file, p.line, p.change === 'removed' ? 'base' : 'head');
      const change = p.change === 'removed' && madeInvalid(result, p.policy) ? 'made invalid, analysed as removed' : p.change;
      if (limits.patches) out.push(...details(`${code(p.policy)} ${change} (${escapeMarkdown(`${p.file}:${p.line}`)}), normalised spec`, ['```diff', p.patch.replace(/```/g, '` ` `'), '```']));
      else out.push(`- ${code(p.policy)} ${change} (${where})`);
    }
    if (result.policyChanges.length > limits.maxRows) out.push(`- …and ${result.policyChanges.length - limits.maxRows} more`);
  }
  if (result.unevaluatedRules.length > 0) {
    const lines = withFold(
      result.unevaluatedRules.map((r) => {
        const name = r.name ? ` ${code(r.name)}` : '';
        const peers = r.peers.map((k) => code(k)).join(' and ');
        const toward = r.peers.map((k) => (k === 'nodes' ? 'nodes' : 'domain names')).join(' and ');
        return `- ${code(r.policy)} ${r.direction} rule ${r.rule + 1}${name} (${location(result, r.file, r.line, 'head')}): ${peers} peers, not evaluated: what it does to traffic ${r.direction === 'egress' ? 'toward' : 'from'} ${toward} is not in this review`;
      }),
      limits.maxRows,
      (n) => `- …and ${n} more`,
    );
    out.push('', ...details(`Rules not evaluated (${result.unevaluatedRules.length})`, lines));
  }
  if (limits.diagram && (result.opened.length > 0 || result.closed.length > 0)) {
    const { source, omitted } = renderMermaid(result.opened, result.closed, limits.maxDiagramEdges, { ports: portsWords, internet: (id) => result.externals[id] === 'internet' });
    out.push('', ...details('Picture of the changed paths', ['```mermaid', source, '```', ...(omitted > 0 ? ['', `${plural(omitted, 'edge')} left out to keep the picture readable.`] : [])]));
  }
  const listed = limits.preexisting ? [...result.relevantDiagnostics, ...result.preexistingDiagnostics] : result.relevantDiagnostics;
  if (listed.length > 0) {
    const errors = listed.filter((d) => d.severity === 'error').length;
    const lines = withFold(
      // A diagnostic of no file (the time budget's) has no place to link to.
      listed.map((d) => `- ${d.side}${d.file === '' ? '' : ` ${location(result, d.file, d.line, d.side)}`} ${d.severity}: ${escapeMarkdown(d.message)}`),
      limits.maxRows,
      (n) => `- …and ${n} more`,
    );
    const summary = errors > 0 ? `⚠️ ${plural(errors, 'error')}: what the verdict did not see` : `${plural(listed.length, 'warning')}`;
    out.push('', ...details(errors > 0 && errors < listed.length ? `${summary}, and ${plural(listed.length - errors, 'warning')}` : summary, lines, errors > 0));
  }
  if (!limits.preexisting && result.preexistingDiagnostics.length > 0) {
    const where = result.context.fullReport ? `: see ${escapeMarkdown(result.context.fullReport)}` : '';
    out.push('', `${plural(result.preexistingDiagnostics.length, 'pre-existing diagnostic')} on files this change does not touch ${result.preexistingDiagnostics.length === 1 ? 'is' : 'are'} not listed${where}.`);
  }
  return out.join('\n');
}

/** GitHub rejects comment bodies over 65,536 characters. */
export const MAX_COMMENT_CHARACTERS = 65_536;

/** Renders with the first limits whose body fits `budget`; undefined when none does. */
function firstFitting(result: ReviewResult, attempts: readonly Limits[], budget: number): { body: string; attempt: number } | undefined {
  for (const [attempt, limits] of attempts.entries()) {
    const body = render(result, limits);
    if (body.length <= budget) return { body, attempt };
  }
  return undefined;
}

/** The review comment, within `maxCharacters` (and GitHub's limit): less important parts fold into counts first. */
export function renderComment(result: ReviewResult, settings: RenderLimits): string {
  const comment = { ...settings, maxCharacters: Math.min(settings.maxCharacters, MAX_COMMENT_CHARACTERS) };
  const footer = `\n\n---\n<sub>${result.context.fullReport ? `Full report: ${escapeMarkdown(result.context.fullReport)}` : 'Full report: run the same `netpol-review diff` with `--format text` or `--format json`.'}</sub>\n`;
  const fitting = firstFitting(
    result,
    [
      { ...comment, patches: true, diagram: true, details: true, preexisting: false },
      { ...comment, maxRows: Math.min(comment.maxRows, 15), patches: true, diagram: true, details: true, preexisting: false },
      { ...comment, maxRows: 10, maxDiagramEdges: 15, patches: false, diagram: true, details: true, preexisting: false },
      { ...comment, maxRows: 5, patches: false, diagram: false, details: false, preexisting: false },
      { ...comment, maxRows: 1, patches: false, diagram: false, details: false, preexisting: false },
    ],
    comment.maxCharacters - footer.length,
  );
  if (fitting) return fitting.body + footer;
  const minimal = `${COMMENT_MARKER}\n${headline(result)}\n\nThe report is too large for a comment.`;
  return cutAt(minimal + footer, comment.maxCharacters);
}

/** A job summary takes at most 1 MiB; a check run's summary 65,535 characters. */
export const MAX_JOB_SUMMARY_CHARACTERS = 1024 * 1024;
export const MAX_CHECK_SUMMARY_CHARACTERS = 65_535;

/**
 * The full report: every row, every policy diff, every diagnostic, within `maxCharacters` (a job
 * summary's or a check run's limit). When even that is too much, rows fold in stages and the report
 * says so and where the rest is (`elsewhere`, e.g. "the JSON report file").
 */
export function renderReport(result: ReviewResult, options: { maxCharacters: number; maxDiagramEdges?: number; elsewhere?: string }): string {
  const all = Number.MAX_SAFE_INTEGER;
  const edges = options.maxDiagramEdges ?? 100;
  const folded = (rows: number): Limits => ({ maxCharacters: options.maxCharacters, maxRows: rows, maxDiagramEdges: Math.min(edges, 40), patches: rows >= 100, diagram: rows >= 50, details: true, preexisting: true });
  const note = `\n\n> [!NOTE]\n> This report was folded to fit ${options.maxCharacters.toLocaleString('en-US')} characters${options.elsewhere ? `; everything is in ${escapeMarkdown(options.elsewhere)}` : ''}.\n`;
  const attempts: Limits[] = [{ maxCharacters: options.maxCharacters, maxRows: all, maxDiagramEdges: edges, patches: true, diagram: true, details: true, preexisting: true }, folded(1000), folded(200), folded(50), folded(10), folded(1)];
  const fitting = firstFitting(result, attempts, options.maxCharacters - note.length);
  if (fitting) return fitting.attempt === 0 ? `${fitting.body}\n` : fitting.body + note;
  return cutAt(`${COMMENT_MARKER}\n${headline(result)}\n\nThe report is too large to show here.${note}`, options.maxCharacters);
}

/** The first `length` UTF-16 units of `text`, never ending in half a character. */
function cutAt(text: string, length: number): string {
  const cut = text.slice(0, length);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
