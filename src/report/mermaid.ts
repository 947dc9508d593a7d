import { type PathRow, selectionText } from '../review/group-paths.js';
import { formatPorts, parsePorts, union } from '../engine/port-set.js';
import { escapeMermaid } from './escape.js';

/** Nodes drawn per endpoint when few endpoints changed; per namespace (and external group) otherwise. */
const WORKLOAD_NODES_UP_TO = 12;

function endpointsOf(row: PathRow, end: 'from' | 'to'): string[] {
  return row[end].parts.map((p) => {
    switch (p.kind) {
      case 'workload':
        return p.id;
      case 'namespace':
        return `${p.namespace}/*`;
      case 'every-workload':
        return '*';
      case 'external':
        return p.id;
      case 'selection':
        return `selection:${selectionText(p.selectors, p.count)}`;
    }
  });
}

function nodeLabel(endpoint: string, perNamespace: boolean, internet: (id: string) => boolean): string {
  if (endpoint === '*') return 'every workload';
  if (endpoint.startsWith('ip:')) return internet(endpoint) ? `internet ${endpoint.slice(3)}` : endpoint.slice(3);
  if (endpoint.endsWith('/*')) return `namespace ${endpoint.slice(0, -2)}`;
  if (endpoint.startsWith('selection:')) return endpoint.slice('selection:'.length);
  return perNamespace ? `namespace ${endpoint.slice(0, endpoint.indexOf('/'))}` : endpoint;
}

/**
 * A flowchart of changed paths: opened solid and labelled with ports, closed dashed. Returns the
 * diagram source (without the fence) and how many edges were left out to keep it readable.
 */
export function renderMermaid(
  opened: readonly PathRow[],
  closed: readonly PathRow[],
  maxEdges: number,
  words: { ports: (ports: readonly string[]) => string; internet: (id: string) => boolean },
): { source: string; omitted: number } {
  const all = [...opened.map((r) => ['opened', r] as const), ...closed.map((r) => ['closed', r] as const)];
  const endpoints = new Set(all.flatMap(([, r]) => [...endpointsOf(r, 'from'), ...endpointsOf(r, 'to')]));
  const perNamespace = endpoints.size > WORKLOAD_NODES_UP_TO;
  const nodes = new Map<string, string>();
  const nodeId = (endpoint: string) => {
    const label = nodeLabel(endpoint, perNamespace, words.internet);
    let id = nodes.get(label);
    if (!id) nodes.set(label, (id = `n${nodes.size + 1}`));
    return id;
  };
  const edges = new Map<string, { kind: 'opened' | 'closed'; from: string; to: string; ports: string[] }>();
  for (const [kind, row] of all) {
    for (const from of endpointsOf(row, 'from')) {
      for (const to of endpointsOf(row, 'to')) {
        const f = nodeId(from);
        const t = nodeId(to);
        const key = `${kind} ${f} ${t}`;
        const edge = edges.get(key) ?? { kind, from: f, to: t, ports: [] };
        edge.ports = formatPorts(union(parsePorts(edge.ports), parsePorts(row.ports)));
        edges.set(key, edge);
      }
    }
  }
  const kept = [...edges.values()].slice(0, maxEdges);
  const used = new Set(kept.flatMap((e) => [e.from, e.to]));
  const lines = ['flowchart LR'];
  for (const [label, id] of nodes) if (used.has(id)) lines.push(`  ${id}["${escapeMermaid(label)}"]`);
  for (const e of kept) {
    const said = words.ports(e.ports);
    const text = escapeMermaid(said.length > 40 ? `${said.slice(0, 39)}…` : said);
    lines.push(e.kind === 'opened' ? `  ${e.from} -->|"${text}"| ${e.to}` : `  ${e.from} -.->|"closed: ${text}"| ${e.to}`);
  }
  return { source: lines.join('\n'), omitted: edges.size - kept.length };
}
