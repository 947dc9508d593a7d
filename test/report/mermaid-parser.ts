/**
 * The real Mermaid parser (mermaid 11) in Node: a jsdom window must exist before mermaid is imported.
 * jsdom ships no types, hence the untyped import.
 */
interface Vertex {
  id: string;
  text: string;
}
interface MermaidEdge {
  start: string;
  end: string;
  text: string;
  stroke: string;
}
interface Mermaid {
  parse(text: string): Promise<{ diagramType: string } | false>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: { getVertices(): Map<string, Vertex>; getEdges(): MermaidEdge[] } }> };
}

let loaded: Promise<Mermaid> | undefined;

export function loadMermaid(): Promise<Mermaid> {
  loaded ??= (async () => {
    const jsdom = 'jsdom';
    const { JSDOM } = (await import(jsdom)) as { JSDOM: new (html: string, options?: object) => { window: Record<string, unknown> & { document: unknown } } };
    const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
    const g = globalThis as Record<string, unknown>;
    g['window'] = dom.window;
    g['document'] = dom.window.document;
    for (const key of ['Element', 'HTMLElement', 'SVGElement', 'Node', 'DOMParser', 'MutationObserver'] as const) g[key] ??= dom.window[key];
    const mermaid = (await import('mermaid')).default as unknown as Mermaid;
    return mermaid;
  })();
  return loaded;
}

/** Parses with the real grammar (throws on a syntax error) and returns the nodes and edges Mermaid read. */
export async function parseDiagram(source: string): Promise<{ vertices: Vertex[]; edges: MermaidEdge[] }> {
  const mermaid = await loadMermaid();
  const ok = await mermaid.parse(source);
  if (!ok) throw new Error('mermaid.parse returned false');
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  return { vertices: [...diagram.db.getVertices().values()], edges: diagram.db.getEdges() };
}
