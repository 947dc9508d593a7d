import type { PathRow } from '../review/group-paths.js';
import { EMPTY, type PortSet, union } from '../values/port-set.js';
import { rangeText, selectionText } from './endpoint-words.js';
import { escapeMermaid } from './escape.js';

/** Nodes drawn per endpoint when few endpoints changed; per namespace (and external group) otherwise. */
const WORKLOAD_NODES_UP_TO = 12;

/** A node of the picture: what it stands for, and its label when nodes are workloads or namespaces. */
interface Node {
  key: string;
  label: string;
  namespaceLabel: string;
}

function nodesOf(row: PathRow, end: 'from' | 'to', internet: (id: string) => boolean): Node[] {
  return row[end].parts.map((p): Node => {
    switch (p.kind) {
      case 'workload':
        return { key: p.ref.id, label: p.ref.id, namespaceLabel: `namespace ${p.ref.namespace}` };
      case 'namespace':
        return { key: `${p.namespace}/*`, label: `namespace ${p.namespace}`, namespaceLabel: `namespace ${p.namespace}` };
      case 'namespace-except': {
        const label = `namespace ${p.namespace} except ${p.except.map((w) => w.name).join(', ')}`;
        return { key: `${p.namespace}/*-${p.except.map((w) => w.id).join(',')}`, label, namespaceLabel: `namespace ${p.namespace}` };
      }
      case 'every-workload':
        return { key: '*', label: 'every workload', namespaceLabel: 'every workload' };
      case 'external': {
        const label = internet(p.ref.id) ? `internet ${rangeText(p.ref)}` : rangeText(p.ref);
        return { key: p.ref.id, label, namespaceLabel: label };
      }
      case 'selection': {
        const label = selectionText(p.terms, p.count);
        return { key: `selection:${label}`, label, namespaceLabel: label };
      }
    }
  });
}

/**
 * A flowchart of changed paths: opened solid and labelled with ports, closed dashed. Returns the
 * diagram source (without the fence) and how many edges were left out to keep it readable.
 */
export function renderMermaid(
  opened: readonly PathRow[],
  closed: readonly PathRow[],
  maxEdges: number,
  words: { ports: (ports: PortSet) => string; internet: (id: string) => boolean },
): { source: string; omitted: number } {
  const all = [...opened.map((r) => ['opened', r] as const), ...closed.map((r) => ['closed', r] as const)];
  const endpoints = new Set(all.flatMap(([, r]) => [...nodesOf(r, 'from', words.internet), ...nodesOf(r, 'to', words.internet)].map((n) => n.key)));
  const perNamespace = endpoints.size > WORKLOAD_NODES_UP_TO;
  const nodes = new Map<string, string>();
  const nodeId = (node: Node, precise = !perNamespace) => {
    const label = precise ? node.label : node.namespaceLabel;
    let id = nodes.get(label);
    if (!id) nodes.set(label, (id = `n${nodes.size + 1}`));
    return id;
  };
  const edges = new Map<string, { kind: 'opened' | 'closed'; from: string; to: string; ports: PortSet }>();
  for (const [kind, row] of all) {
    for (const from of nodesOf(row, 'from', words.internet)) {
      for (const to of nodesOf(row, 'to', words.internet)) {
        // Drawn per namespace, a path within one namespace that concerns single workloads keeps them: no namespace loop.
        const loop = perNamespace && from.namespaceLabel === to.namespaceLabel && (from.label !== from.namespaceLabel || to.label !== to.namespaceLabel);
        const f = nodeId(from, !perNamespace || loop);
        const t = nodeId(to, !perNamespace || loop);
        const key = `${kind} ${f} ${t}`;
        const edge = edges.get(key) ?? { kind, from: f, to: t, ports: EMPTY };
        edge.ports = union(edge.ports, row.ports);
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
