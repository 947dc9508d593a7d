import type { TrafficExplanation, MatrixView, Path, Resolution, SideVerdict } from '../engine/types.js';
import { describeEndpoints, type EndpointGroup, type WorkloadsByNamespace } from '../review/group-paths.js';
import type { ReviewContext } from '../review/review.js';
import type { EndpointRef } from '../values/endpoint.js';
import { type PortSet, portSetKey } from '../values/port-set.js';
import { namespaceExceptText, rangeText } from './endpoint-words.js';
import { code, escapeMarkdown } from './escape.js';
import { location, MAX_COMMENT_CHARACTERS } from './markdown.js';
import { portsWords } from './ports-words.js';

/** Answers to questions about one tree (the `/netpol` commands), as markdown replies within a comment's size. */

const count = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

const endpointText = (e: EndpointRef): string => (e.type === 'external' ? `${code(rangeText(e))}` : code(e.id));

function groupText(g: EndpointGroup): string {
  return g.parts
    .map((p) => {
      switch (p.kind) {
        case 'workload':
          return code(p.ref.id);
        case 'external':
          return code(rangeText(p.ref));
        case 'namespace':
          return `all ${p.count} workloads in ${code(p.namespace)}`;
        case 'namespace-except':
          return namespaceExceptText(p, code);
        case 'every-workload':
          return `every workload (${p.count})`;
        case 'selection':
          return `${p.count} workloads`;
      }
    })
    .join(', ');
}

/** Keeps whole lines while the text fits; says how many were left out. */
function fit(head: string[], lines: string[], max: number, what: string): string {
  const out = [...head];
  let length = out.join('\n').length;
  for (const [i, line] of lines.entries()) {
    const fold = `\n…and ${lines.length - i} more ${what} not shown.`;
    if (length + line.length + 1 + fold.length > max) {
      out.push(fold.slice(1));
      return out.join('\n');
    }
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

function sideLines(context: ReviewContext, side: 'base' | 'head', label: string, verdict: SideVerdict): string[] {
  if (!verdict.isolated) return [`- ${label}: not isolated (no ${label} policy selects it): everything allowed`];
  const selected = verdict.selectedBy.map((p) => `${code(p.policy)} (${location({ context }, p.file, p.line, side)})`).join(', ');
  if (verdict.allowedBy.length === 0) return [`- ${label}: isolated by ${selected}; no rule allows this traffic`];
  return [
    `- ${label}: isolated by ${selected}`,
    ...verdict.allowedBy.map((r) => `  - allowed by ${code(r.policy)} ${r.direction} rule ${r.rule + 1} (${location({ context }, r.file, r.line, side)}): ${escapeMarkdown(portsWords(r.ports))}${r.uncertain ? ' (uncertain ipBlock match)' : ''}`),
  ];
}

function verdictLines(context: ReviewContext, side: 'base' | 'head', e: TrafficExplanation): string[] {
  const verdict = e.allowed ? `**allowed** on ${escapeMarkdown(portsWords(e.allowedPorts))}${e.uncertain ? ' (uncertain)' : ''}` : '**denied**';
  return [`${endpointText(e.from)} → ${endpointText(e.to)} on ${escapeMarkdown(portsWords(e.ports))}: ${verdict}`, ...sideLines(context, side, 'egress', e.egress), ...sideLines(context, side, 'ingress', e.ingress)];
}

/** Why traffic is allowed or denied at head, and at base when that differs. */
export function renderExplainAnswer(head: TrafficExplanation, base: TrafficExplanation | undefined, context: ReviewContext = {}): string {
  const lines = ['#### netpol-review explain', '', '**At head:**', ...verdictLines(context, 'head', head)];
  if (base && (base.allowed !== head.allowed || portSetKey(base.allowedPorts) !== portSetKey(head.allowedPorts))) lines.push('', '**At base (before this pull request):**', ...verdictLines(context, 'base', base));
  else if (base) lines.push('', 'The same at base.');
  return fit([], lines, MAX_COMMENT_CHARACTERS, 'lines');
}

/** Who can reach an endpoint (`ingress`), or what it can reach (`egress`), grouped by ports. */
export function renderReachAnswer(endpoint: EndpointRef, direction: 'ingress' | 'egress', paths: readonly Path[], sizes: WorkloadsByNamespace): string {
  const title = direction === 'ingress' ? `#### What can reach ${endpointText(endpoint)}` : `#### Where ${endpointText(endpoint)} can go`;
  if (paths.length === 0) return `${title}\n\n${direction === 'ingress' ? 'Nothing can reach it.' : 'It can reach nothing.'}`;
  const byPorts = new Map<string, { ports: PortSet; uncertain: boolean; ends: EndpointRef[] }>();
  for (const p of paths) {
    const key = `${portSetKey(p.ports)}|${p.uncertain}`;
    const entry = byPorts.get(key) ?? { ports: p.ports, uncertain: p.uncertain, ends: [] };
    entry.ends.push(direction === 'ingress' ? p.from : p.to);
    byPorts.set(key, entry);
  }
  const rows = [...byPorts.values()].map((r) => `| ${groupText(describeEndpoints(r.ends, sizes))} | ${escapeMarkdown(portsWords(r.ports))}${r.uncertain ? ' (uncertain)' : ''} |`);
  const head = [title, '', `${count(paths.length, 'path')} at head.`, '', `| ${direction === 'ingress' ? 'From' : 'To'} | Ports |`, '|---|---|'];
  return fit(head, rows, MAX_COMMENT_CHARACTERS, 'rows');
}

/** The reachability table within one namespace, and to and from outside it. */
export function renderNamespaceMatrixAnswer(namespace: string, view: MatrixView): string {
  const head = [`#### Reachability of namespace ${code(namespace)} at head`, '', `${count(view.workloads.length, 'workload')}, ${count(view.paths.length, 'path')}.`, '', '| From | To | Ports |', '|---|---|---|'];
  if (view.paths.length === 0) return [...head.slice(0, 3), '', 'No path into or out of it is allowed.'].join('\n');
  const rows = view.paths.map((p) => `| ${endpointText(p.from)} | ${endpointText(p.to)} | ${escapeMarkdown(portsWords(p.ports))}${p.uncertain ? ' (uncertain)' : ''} |`);
  return fit(head, rows, MAX_COMMENT_CHARACTERS, 'paths');
}

/** An id that names no endpoint, or several. */
export function renderResolutionProblem(resolution: Exclude<Resolution, { kind: 'found' }>): string {
  if (resolution.kind === 'ambiguous') return `${code(resolution.id)} names several workloads: ${resolution.candidates.map((c) => code(c.id)).join(', ')}. Use the full id (\`namespace/Kind/name\`).`;
  const hint = resolution.suggestions.length > 0 ? ` Did you mean ${resolution.suggestions.map(code).join(' or ')}?` : '';
  return `No workload or external endpoint ${code(resolution.id)} at head.${hint} Ids look like \`namespace/Kind/name\`, \`namespace/name\` or \`ip:<address>\`.`;
}
