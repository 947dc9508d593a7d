/**
 * The conformance runner: every scenario of scenarios.ts through `matrix()` and, both ways against the
 * policy-free cluster, through `diff()`. See README.md.
 */
import { readFileSync } from 'node:fs';
import { assert, describe, expect, test } from 'vitest';
import { diff, matrix } from '../../src/index.js';
import type { AnalysisInput, AnalysisOptions, Edge, MatrixResult, SourceFile } from '../../src/index.js';
import { formatAddr, parseExternalId, representative } from './ip.js';
import { BASE_FILE, PODS, PROBES, podRefOf, workloadId, type Probe } from './model.js';
import { portListProblems, probesIn } from './ports.js';
import { compareTables, describeMismatches, ProbeTable, Reachability, type Wording } from './reachability.js';
import { SCENARIOS, type ExternalExpectation, type Scenario } from './scenarios.js';

const ALLOWED: Wording = { yes: 'allowed', no: 'denied' };
const FULL = ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535'];
const POD_IDS = PODS.map(workloadId);

function fixture(name: string): SourceFile {
  const path = `fixtures/${name}.yaml`;
  return { path, text: readFileSync(new URL(path, import.meta.url), 'utf8') };
}

const NO_POLICIES: AnalysisInput = { files: [BASE_FILE] };
const withPolicies = (s: Scenario): AnalysisInput => ({ files: [BASE_FILE, fixture(s.name)] });

/** The ports of the edge from -> to; none when there is no edge. */
const portsOf = (edges: readonly Edge[], from: string, to: string): readonly string[] =>
  edges.find((e) => e.from === from && e.to === to)?.ports ?? [];

const show = (e: Edge) => `${e.from} -> ${e.to} [${e.ports.join(' ')}]${e.uncertain ? ' uncertain' : ''}`;

/** The probes of the edges between two model pods. */
function podTable(edges: readonly Edge[]): ProbeTable {
  const table = new ProbeTable();
  for (const e of edges) {
    const from = podRefOf(e.from);
    const to = podRefOf(e.to);
    if (from && to) for (const p of probesIn(e.ports)) table.add(from, to, p);
  }
  return table;
}

/** Violations of the documented edge-list form, for the edges of a matrix or of a diff. */
function edgeListProblems(
  edges: readonly Edge[],
  externals: ReadonlySet<string>,
  known?: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    const pair = `${e.from} -> ${e.to}`;
    if (seen.has(pair)) problems.push(`${pair}: more than one edge for the pair`);
    seen.add(pair);
    if (known && !(known.has(e.from) && known.has(e.to))) problems.push(`${pair}: unknown endpoint`);
    if (externals.has(e.from) && externals.has(e.to)) problems.push(`${pair}: edge between two external endpoints`);
    if (podRefOf(e.from) && podRefOf(e.to) && e.uncertain) {
      problems.push(`${pair}: uncertain, though no ipBlock of the suite partly overlaps the pod CIDRs`);
    }
    for (const p of portListProblems(e.ports)) problems.push(`${pair}: ${p}`);
  }
  return problems;
}

function wellFormedProblems(result: MatrixResult): string[] {
  const problems: string[] = [];
  const workloadIds = result.workloads.map((w) => w.id).sort();
  if (JSON.stringify(workloadIds) !== JSON.stringify([...POD_IDS].sort())) {
    problems.push(`workloads are ${JSON.stringify(workloadIds)}, expected the nine model pods`);
  }
  for (const w of result.workloads) {
    if (w.id !== `${w.namespace}/${w.kind}/${w.name}`) problems.push(`workload ${w.id}: id is not namespace/Kind/name`);
  }
  const externals = new Set(result.externals.map((x) => x.id));
  for (const x of externals) {
    if (!parseExternalId(x)) problems.push(`external id ${JSON.stringify(x)} is not ip:<cidr>[ except <cidr>,...]`);
  }
  const known = new Set([...workloadIds, ...externals]);
  problems.push(...edgeListProblems(result.edges, externals, known));
  for (const d of result.diagnostics) {
    if (d.severity === 'error') problems.push(`error diagnostic on valid input: ${d.file}:${d.line} ${d.message}`);
  }
  return problems;
}

function failOnMismatch(title: string, expected: ProbeTable, observed: ProbeTable, words: Wording): void {
  const mismatches = compareTables(expected, observed);
  if (mismatches.length > 0) assert.fail(describeMismatches(title, mismatches, observed, words));
}

function externalProblems(result: MatrixResult, want: ExternalExpectation): string[] {
  const problems: string[] = [];
  const ids = result.externals.map((x) => x.id);
  for (const id of want.ids) {
    if (!ids.includes(id)) problems.push(`missing external ${id} (externals: ${JSON.stringify(ids)})`);
  }
  const compare = (from: string, to: string, expected: readonly Probe[], where: string) => {
    const got = probesIn(portsOf(result.edges, from, to));
    const exp = new Set(expected);
    if (PROBES.some((p) => got.has(p) !== exp.has(p))) {
      const list = (s: ReadonlySet<Probe>) => `[${PROBES.filter((p) => s.has(p)).join(' ')}]`;
      problems.push(`${from} -> ${to} (${where}): expected ${list(exp)}, got ${list(got)}`);
    }
  };
  for (const id of ids) {
    const atom = parseExternalId(id);
    const ip = atom && representative(atom);
    if (!ip) {
      problems.push(`external ${id}: no address to probe it with`);
      continue;
    }
    const where = `probed as ${formatAddr(ip)}`;
    for (const pod of PODS) {
      compare(workloadId(pod), id, want.egress?.(pod, ip) ?? PROBES, where);
      compare(id, workloadId(pod), want.ingress?.(pod, ip) ?? PROBES, where);
    }
  }
  return problems;
}

/** The external endpoints among the endpoints of some edges (diff results list no externals of their own). */
const externalsOf = (edges: readonly Edge[]) =>
  new Set(edges.flatMap((e) => [e.from, e.to]).filter((id) => parseExternalId(id) !== undefined));

/**
 * Both ways between the policy-free cluster (everything allowed) and a scenario: the changed side must be
 * exactly the complement of the scenario's truth table, the other side empty.
 */
const DIFF_DIRECTIONS = [
  {
    title: 'no policies -> scenario',
    changed: 'closed',
    unchanged: 'opened',
    run: (scenario: AnalysisInput, o?: AnalysisOptions) => diff(NO_POLICIES, scenario, o),
  },
  {
    title: 'scenario -> no policies',
    changed: 'opened',
    unchanged: 'closed',
    run: (scenario: AnalysisInput, o?: AnalysisOptions) => diff(scenario, NO_POLICIES, o),
  },
] as const;

/** Runs `fn` once, on first use. */
function once<T>(fn: () => T): () => T {
  let cached: { value: T } | undefined;
  return () => (cached ??= { value: fn() }).value;
}

describe('no policies', () => {
  const result = once(() => matrix(NO_POLICIES));

  test('matrix: well-formed, every pair of pods connected on every port', () => {
    expect(wellFormedProblems(result())).toEqual([]);
    const notFull = PODS.flatMap((from) =>
      PODS.filter((to) => portsOf(result().edges, workloadId(from), workloadId(to)).join(' ') !== FULL.join(' ')).map(
        (to) => `${from} -> ${to}`,
      ),
    );
    expect(notFull, `pairs without ports ${FULL.join(' ')}`).toEqual([]);
  });

  test('diff: a tree against itself changes nothing', () => {
    const d = diff(NO_POLICIES, NO_POLICIES);
    const changes = [...d.opened.map(show), ...d.closed.map(show), ...d.addedWorkloads, ...d.removedWorkloads];
    expect(changes).toEqual([]);
  });
});

describe.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, s) => {
  const expected = s.expect(new Reachability(true)).table;
  const options: AnalysisOptions | undefined = s.options;
  const result = once(() => matrix(withPolicies(s), options));

  test('matrix: well-formed result', () => {
    expect(wellFormedProblems(result())).toEqual([]);
  });

  test('matrix: pod truth table', () => {
    failOnMismatch(`${s.name} (${s.covers})`, expected, podTable(result().edges), ALLOWED);
  });

  if (s.edges) {
    const spots = s.edges;
    test('matrix: exact ports of selected edges', () => {
      const got = spots.map(({ from, to }) => ({
        from,
        to,
        ports: portsOf(result().edges, workloadId(from), workloadId(to)),
      }));
      expect(got).toEqual(spots.map(({ from, to, ports }) => ({ from, to, ports })));
    });
  }

  if (s.externals) {
    const want = s.externals;
    test('matrix: pod <-> external edges', () => {
      expect(externalProblems(result(), want)).toEqual([]);
    });
  }

  for (const dir of DIFF_DIRECTIONS) {
    test(`diff: ${dir.title} ${dir.changed} exactly the denied cells, ${dir.unchanged} nothing`, () => {
      const d = dir.run(withPolicies(s), options);
      expect(d[dir.unchanged].map(show), dir.unchanged).toEqual([]);
      expect([...d.addedWorkloads, ...d.removedWorkloads], 'added/removed workloads').toEqual([]);
      expect(edgeListProblems(d[dir.changed], externalsOf(d[dir.changed]))).toEqual([]);
      failOnMismatch(`${s.name}: diff ${dir.title}, ${dir.changed}`, expected.complement(), podTable(d[dir.changed]), {
        yes: dir.changed,
        no: `not ${dir.changed}`,
      });
    });
  }
});
