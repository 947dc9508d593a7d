import type { ReviewResult } from '../review/review.js';
import type { PathRow } from '../review/group-paths.js';
import { plainText } from './escape.js';
import { portsWords } from './ports-words.js';
import { namespaceExceptText, rangeText, selectionText } from './endpoint-words.js';
import type { EndpointGroup } from '../review/group-paths.js';

/** A mark on one line of a file the pull request touches, for a check run or a workflow step. */
export interface Annotation {
  path: string;
  line: number;
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
}

function groupText(g: EndpointGroup): string {
  const parts = g.parts.map((p) => {
    switch (p.kind) {
      case 'workload':
        return p.ref.id;
      case 'namespace':
        return `all ${p.count} workloads in ${p.namespace}`;
      case 'namespace-except':
        return namespaceExceptText(p);
      case 'every-workload':
        return `every workload (${p.count})`;
      case 'external':
        return rangeText(p.ref);
      case 'selection':
        return selectionText(p.terms, p.count);
    }
  });
  return parts.length <= 3 ? parts.join(', ') : `${parts.slice(0, 3).join(', ')} and ${parts.length - 3} more`;
}

const LEVEL = { high: 'error', medium: 'warning' } as const;
const ORDER: Record<Annotation['level'], number> = { error: 0, warning: 1, notice: 2 };

/** Marks what may or may not hold (a partial ipBlock or `networks` overlap, a priority tie): the comment says why. */
const UNCERTAIN = ' (uncertain: see the review comment)';

/**
 * What to mark in the head's files, most important first: the policy rules that open high and
 * medium risk paths, the sources of exposure, and invalid objects the pull request adds.
 */

export function renderAnnotations(result: ReviewResult): Annotation[] {
  const out: Annotation[] = [];
  const seen = new Set<string>();
  const push = (a: Annotation) => {
    const key = `${a.path}:${a.line}:${a.title}`;
    if (seen.has(key) || a.line < 1) return;
    seen.add(key);
    out.push({ ...a, title: plainText(a.title, 255), message: plainText(a.message, 4000) });
  };
  for (const e of result.exposures) {
    if (e.location.side !== 'head' || (e.risk !== 'high' && e.risk !== 'medium')) continue;
    push({ path: e.location.file, line: e.location.line, level: LEVEL[e.risk], title: `netpol-review: ${e.risk} risk exposure (${e.kind})`, message: `${groupText(e.workloads)}: ${e.kind.replace(/-/g, ' ')}${e.ports.length > 0 ? ` on ${portsWords(e.ports)}` : ''}${e.uncertain ? UNCERTAIN : ''}` });
  }
  const rows = (list: readonly PathRow[]) => list.filter((r) => r.risk === 'high' || r.risk === 'medium');
  for (const row of rows(result.opened)) {
    for (const item of row.cause.items) {
      // The head's rules that let the path through: a NetworkPolicy rule, or a cluster policy's Allow, Accept or Pass.
      if ((item.kind !== 'rule' && item.kind !== 'cluster-rule') || item.side !== 'head' || (item.kind === 'cluster-rule' && item.rule.action === 'Deny') || (row.risk !== 'high' && row.risk !== 'medium')) continue;
      const r = item.rule;
      const rule = `${r.policy} ${r.direction} rule ${r.rule + 1}${item.kind === 'cluster-rule' ? ` (${item.rule.action})` : ''}`;
      push({
        path: r.file,
        line: r.line,
        level: LEVEL[row.risk],
        title: `netpol-review: ${row.risk} risk path opened by ${rule}`,
        message: `${groupText(row.from)} → ${groupText(row.to)} on ${portsWords(row.ports)} (${row.pairs} path${row.pairs === 1 ? '' : 's'})${row.uncertain ? UNCERTAIN : ''}`,
      });
    }
  }
  const invalidated = new Map(result.invalidated.map((o) => [`${o.file}\u0000${o.line}`, o]));
  for (const d of result.newInvalid) {
    const made = invalidated.get(`${d.file}\u0000${d.line}`);
    const effect = made ? ` Valid at the base: analysed as deleted, leaving it out opens ${made.opened} and closes ${made.closed} path${made.closed === 1 ? '' : 's'}.` : '';
    push({ path: d.file, line: d.line, level: 'error', title: `netpol-review: invalid manifest (left out of the analysis${made ? ', made invalid by this PR' : ''})`, message: `${d.message}${effect}` });
  }
  return out.sort((a, b) => ORDER[a.level] - ORDER[b.level]);
}
