/** Every diagram the renderer produces parses with the real Mermaid grammar and draws what it says. */
import { describe, expect, test } from 'vitest';
import { renderComment } from '../../src/report/markdown.js';
import { renderMermaid } from '../../src/report/mermaid.js';
import { portsWords } from '../../src/report/ports-words.js';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.js';
import type { GroupPart, PathRow } from '../../src/review/group-paths.js';
import { reviewScenario } from '../review/manifests.js';
import { ports as portSet, wpart, wref, xref } from '../review/refs.js';
import { HOSTILE, HOSTILE_IDS, hostileResult } from './hostile.js';
import { fencedBlocks } from './markdown-checks.js';
import { parseDiagram } from './mermaid-parser.js';
import { LINKED, SCENARIOS } from './scenarios.js';

const row = (from: GroupPart[], to: GroupPart[], ports: string[], risk: PathRow['risk'] = 'low'): PathRow => ({
  from: { parts: from, count: from.length },
  to: { parts: to, count: to.length },
  ports: portSet(...ports),
  uncertain: false,
  cause: { items: [], key: '' },
  risk,
  pairs: from.length * to.length,
});
const w = (id: string): GroupPart => wpart(id);
/** An external endpoint with id `id` over the addresses of `range` (an id too; by default `id` itself). */
const x = (id: string, range = id): GroupPart => ({ kind: 'external', ref: { ...xref(range), id } });
/** The renderer's own words: ports as the tables say them, the internet where the id says so. */
const WORDS = { ports: portsWords, internet: (id: string) => id.startsWith('ip:0.0.0.0/0') || id.startsWith('ip:::/0') };
/** Edge lines of a diagram source, without their node ids. */
const edgeLabels = (source: string) => source.split('\n').filter((l) => / (-->|-\.->)\|/.test(l)).map((l) => /\|"(.*)"\|/.exec(l)![1]);

/** Checks a diagram's source against what Mermaid parsed from it: one node per node line, one edge per edge line. */
async function expectFaithful(source: string): Promise<void> {
  const lines = source.split('\n');
  expect(lines[0]).toBe('flowchart LR');
  const nodeLines = lines.filter((l) => /^ {2}n\d+\["[^"\n]*"\]$/.test(l));
  const edgeLines = lines.filter((l) => /^ {2}n\d+ (-->|-\.->)\|"[^"\n]*"\| n\d+$/.test(l));
  expect(nodeLines.length + edgeLines.length, 'every line is a node or an edge').toBe(lines.length - 1);
  const { vertices, edges } = await parseDiagram(source);
  expect(vertices.map((v) => v.id).sort()).toEqual(nodeLines.map((l) => /n\d+/.exec(l)![0]).sort());
  expect(edges).toHaveLength(edgeLines.length);
  expect(edges.filter((e) => e.stroke === 'dotted')).toHaveLength(edgeLines.filter((l) => l.includes('-.->')).length);
  for (const text of [...vertices.map((v) => v.text), ...edges.map((e) => e.text)]) expect(text).not.toMatch(/[<>"\n`]/);
}

const diagramsOf = (markdown: string) => fencedBlocks(markdown, 'mermaid');

describe('diagrams of the golden scenarios', () => {
  const cases = SCENARIOS.map((s) => [s.name, diagramsOf(reviewScenario(s).markdown)] as const).filter(([, d]) => d.length > 0);
  test('most scenarios draw a picture', () => expect(cases.length).toBeGreaterThanOrEqual(8));
  test.each(cases)('%s', async (_, diagrams) => {
    expect(diagrams).toHaveLength(1);
    await expectFaithful(diagrams[0]!);
  });
});

describe('hostile names in diagrams', () => {
  test('a hand-built result full of hostile names renders a diagram Mermaid parses', async () => {
    const diagrams = diagramsOf(renderComment(hostileResult(LINKED), DEFAULT_SETTINGS.comment));
    expect(diagrams).toHaveLength(1);
    await expectFaithful(diagrams[0]!);
  });

  const keywords = ['end', 'graph', 'subgraph', 'flowchart', '-->', '-.->', '"', ';', '%%', '%%{init: {}}%%', 'click n1 call alert()', 'style n1 fill:#f00', ']', '[', '|', '#59;', '\n', HOSTILE];
  test.each(keywords.map((k) => [JSON.stringify(k), k]))('endpoint and port words %s', async (_, k) => {
    // Ports reach the renderer typed; their words come from the caller, so hostile words stand in
    // for any wording. External endpoints are typed ranges: a hostile id must not reach the picture.
    for (const internet of [true, false]) {
      const { source } = renderMermaid(
        [row([w(`ns/Deployment/${k}`)], [w(`${k}/Pod/x`), x(`ip:${k}`, 'ip:203.0.113.0/24')], ['TCP/80'])],
        [row([w(`${k}/Pod/x`)], [{ kind: 'namespace', namespace: k, count: 2 }], ['UDP/53'], 'none')],
        40,
        { ports: () => k, internet: () => internet },
      );
      await expectFaithful(source);
      // The external endpoint by its range, whatever its id.
      expect(source).toContain(internet ? '["internet 203.0.113.0/24"]' : '["203.0.113.0/24"]');
    }
  });

  test('per-namespace nodes (more than 12 endpoints) with hostile namespaces', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => row([w(`${HOSTILE_IDS.namespace} ${i}/Pod/a`)], [w(`end ${i % 3}/Pod/b`)], [`TCP/${i + 1}`]));
    const { source, omitted } = renderMermaid(rows, [], 40, WORDS);
    expect(omitted).toBe(0);
    expect(source).toContain('namespace end 0');
    await expectFaithful(source);
  });
});

describe('capped diagrams', () => {
  const rows = Array.from({ length: 30 }, (_, i) => row([w(`a${i}/Pod/p`)], [w(`b${i}/Pod/q`)], ['TCP/80']));

  test.each([1, 5, 29, 30, 40])('maxEdges %i: at most that many edges, the rest counted', async (max) => {
    const { source, omitted } = renderMermaid(rows.slice(0, 15), rows.slice(15), max, WORDS);
    const edges = source.split('\n').filter((l) => / (-->|-\.->)\|/.test(l));
    expect(edges).toHaveLength(Math.min(max, 30));
    expect(omitted).toBe(30 - edges.length);
    await expectFaithful(source);
  });

  test('the comment says how many edges were left out, and the capped picture parses', async () => {
    const s = SCENARIOS.find((x) => x.name === 'e-aggregated-namespace-rule')!;
    // Distinct workloads on both ends: more than 12 endpoints, so nodes are namespaces; use a result with many rows instead.
    const result = reviewScenario(s).result;
    result.opened = rows;
    const markdown = renderComment(result, { ...DEFAULT_SETTINGS.comment, maxDiagramEdges: 7 });
    expect(markdown).toContain('23 edges left out to keep the picture readable.');
    const [diagram] = diagramsOf(markdown);
    expect(diagram!.split('\n').filter((l) => l.includes('-->'))).toHaveLength(7);
    await expectFaithful(diagram!);
  });
});

describe('edge labels: the tables\' port words, at most 40 characters', () => {
  const label = (ports: string[], closed = false) => {
    const r = row([w('a/Pod/1')], [w('b/Pod/1')], ports, closed ? 'none' : 'low');
    return edgeLabels(renderMermaid(closed ? [] : [r], closed ? [r] : [], 40, WORDS).source);
  };

  test.each([
    [['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535'], 'all ports'],
    [['SCTP/1-65535', 'TCP/1-5431', 'TCP/5433-65535', 'UDP/1-65535'], 'all ports except TCP/5432'],
    [['TCP/1-65535'], 'all TCP'],
    [['TCP/80', 'TCP/443', 'UDP/53'], 'TCP/80, TCP/443, UDP/53'],
  ])('%j → %s', (ports, text) => {
    expect(label(ports)).toEqual([text]);
  });

  test('exactly 40 characters: whole; 41: cut to 39 and "…"', () => {
    const forty = ['TCP/10', 'TCP/102', 'TCP/104', 'TCP/106', 'UDP/5'];
    expect(portsWords(portSet(...forty))).toBe('TCP/10, TCP/102, TCP/104, TCP/106, UDP/5');
    expect(portsWords(portSet(...forty))).toHaveLength(40);
    expect(label(forty)).toEqual(['TCP/10, TCP/102, TCP/104, TCP/106, UDP/5']);
    const fortyOne = ['TCP/100', 'TCP/102', 'TCP/104', 'TCP/106', 'UDP/5'];
    expect(portsWords(portSet(...fortyOne))).toHaveLength(41);
    expect(label(fortyOne)).toEqual(['TCP/100, TCP/102, TCP/104, TCP/106, UDP#8230;']);
    // Far longer: the first 39 characters and the ellipsis.
    const many = Array.from({ length: 30 }, (_, i) => `TCP/${1000 + 2 * i}`);
    expect(label(many)).toEqual(['TCP/1000, TCP/1002, TCP/1004, TCP/1006,#8230;']);
  });

  test('closed edges say "closed:" before the same words', () => {
    expect(label(['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535'], true)).toEqual(['closed: all ports']);
  });

  test('rows between the same two nodes: one edge, their ports merged into one set', () => {
    const rows = [row([w('a/Pod/1')], [w('b/Pod/1')], ['TCP/80']), row([w('a/Pod/1')], [w('b/Pod/1')], ['TCP/81', 'UDP/53'])];
    expect(edgeLabels(renderMermaid(rows, [], 40, WORDS).source)).toEqual(['TCP/80-81, UDP/53']);
  });
});

describe('per-namespace pictures', () => {
  const many = Array.from({ length: 13 }, (_, i) => w(`shop/Deployment/w${String(i).padStart(2, '0')}`));
  test('a path within one namespace to a single workload keeps that workload: no namespace loop', async () => {
    const except: GroupPart = { kind: 'namespace-except', namespace: 'shop', count: 13, except: [wref('shop/Deployment/catalogue')] };
    const rows = [row([except], [w('shop/Deployment/catalogue')], ['TCP/80']), row(many, [w('data/Deployment/db')], ['TCP/5432'])];
    const { source } = renderMermaid([], rows, 40, WORDS);
    const lines = source.split('\n');
    expect(lines.filter((l) => /^ {2}n\d+\[/.test(l))).toEqual(['  n1["namespace shop except catalogue"]', '  n2["shop/Deployment/catalogue"]', '  n3["namespace shop"]', '  n4["namespace data"]']);
    expect(lines.filter((l) => l.includes('->'))).toEqual(['  n1 -.->|"closed: TCP/80"| n2', '  n3 -.->|"closed: TCP/5432"| n4']);
    await expectFaithful(source);
  });

  test('a whole namespace to itself is still one loop', () => {
    const ns: GroupPart = { kind: 'namespace', namespace: 'shop', count: 13 };
    const { source } = renderMermaid([row([ns], [ns], ['TCP/80']), row(many, [w('data/Deployment/db')], ['TCP/5432'])], [], 40, WORDS);
    expect(source.split('\n').filter((l) => l.includes('->'))[0]).toBe('  n1 -->|"TCP/80"| n1');
  });
});

describe('external nodes', () => {
  test('the internet says so; a private range stands alone', async () => {
    const internet = 'ip:0.0.0.0/0 except 10.0.0.0/8';
    const { source } = renderMermaid([row([x(internet), x('ip:10.1.0.0/16')], [w('a/Pod/1')], ['TCP/443'])], [], 40, { ports: portsWords, internet: (id) => id === internet });
    const nodes = source.split('\n').filter((l) => /^ {2}n\d+\[/.test(l));
    expect(nodes).toEqual(['  n1["internet 0.0.0.0/0 except 10.0.0.0/8"]', '  n2["a/Pod/1"]', '  n3["10.1.0.0/16"]']);
    await expectFaithful(source);
  });

  test('in a comment, the internet is as the review result says', () => {
    const s = SCENARIOS.find((c) => c.name === 'd-internet-exposure')!;
    const [diagram] = diagramsOf(reviewScenario(s).markdown);
    expect(diagram).toContain('["internet 0.0.0.0/0"]');
  });
});
