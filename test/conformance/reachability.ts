/**
 * Truth tables over the model pods, after upstream's `Reachability` (test/e2e/network/netpol/reachability.go):
 * start from everything connected and override cells with `expectPeer`, `expectAllIngress` and
 * `expectAllEgress`, later calls winning. Unlike upstream, each cell holds a set of probes (protocol/port),
 * so one table describes all six probes, and loopback (a -> a) cells are compared, not ignored.
 */
import { PODS, PROBES, type PodRef, type Probe } from './model.js';

/**
 * Pods named like upstream's `Peer`: `x/a` one pod, `x/*` a namespace, `* /a` (no space) pod `a` of every
 * namespace, `*` every pod; or a list of these.
 */
export type Pattern = string | readonly string[];

export function matchPods(pattern: Pattern): PodRef[] {
  const wanted = new Set<PodRef>();
  for (const p of typeof pattern === 'string' ? [pattern] : pattern) {
    const m = p === '*' ? ['*', '*', '*'] : /^(\*|[xyz])\/(\*|[abc])$/.exec(p);
    if (!m) throw new Error(`bad pod pattern ${JSON.stringify(p)}`);
    for (const pod of PODS) {
      const [ns, name] = pod.split('/');
      if ((m[1] === '*' || m[1] === ns) && (m[2] === '*' || m[2] === name)) wanted.add(pod);
    }
  }
  return PODS.filter((pod) => wanted.has(pod));
}

/** Every probe but the given ones. */
export function allBut(...probes: Probe[]): Probe[] {
  return PROBES.filter((p) => !probes.includes(p));
}

const key = (from: PodRef, to: PodRef) => `${from} -> ${to}`;

/** For each ordered pair of model pods, a set of probes. */
export class ProbeTable {
  private readonly cells = new Map<string, Set<Probe>>();

  constructor(fill: readonly Probe[] = []) {
    for (const from of PODS) for (const to of PODS) this.cells.set(key(from, to), new Set(fill));
  }

  get(from: PodRef, to: PodRef): ReadonlySet<Probe> {
    return this.cell(from, to);
  }

  add(from: PodRef, to: PodRef, probe: Probe): void {
    this.cell(from, to).add(probe);
  }

  delete(from: PodRef, to: PodRef, probe: Probe): void {
    this.cell(from, to).delete(probe);
  }

  /** The table of the probes not in this one. */
  complement(): ProbeTable {
    const out = new ProbeTable();
    for (const from of PODS)
      for (const to of PODS) for (const p of PROBES) if (!this.get(from, to).has(p)) out.add(from, to, p);
    return out;
  }

  private cell(from: PodRef, to: PodRef): Set<Probe> {
    const c = this.cells.get(key(from, to));
    if (!c) throw new Error(`not a model pair: ${key(from, to)}`);
    return c;
  }
}

export class Reachability {
  readonly table: ProbeTable;

  constructor(defaultConnected = true) {
    this.table = new ProbeTable(defaultConnected ? PROBES : []);
  }

  /** Sets the given probes of every (from, to) pair the patterns name. */
  expectPeer(from: Pattern, to: Pattern, connected: boolean, probes: readonly Probe[] = PROBES): this {
    for (const f of matchPods(from))
      for (const t of matchPods(to))
        for (const p of probes) {
          if (connected) this.table.add(f, t, p);
          else this.table.delete(f, t, p);
        }
    return this;
  }

  /** Traffic into `to` from every pod (itself included). */
  expectAllIngress(to: Pattern, connected: boolean, probes: readonly Probe[] = PROBES): this {
    return this.expectPeer('*', to, connected, probes);
  }

  /** Traffic out of `from` to every pod (itself included). */
  expectAllEgress(from: Pattern, connected: boolean, probes: readonly Probe[] = PROBES): this {
    return this.expectPeer(from, '*', connected, probes);
  }
}

export interface Mismatch {
  from: PodRef;
  to: PodRef;
  probe: Probe;
  /** Whether the expected table holds the probe (the observed one does not, or the reverse). */
  expected: boolean;
}

export function compareTables(expected: ProbeTable, observed: ProbeTable): Mismatch[] {
  const out: Mismatch[] = [];
  for (const from of PODS)
    for (const to of PODS)
      for (const probe of PROBES) {
        const e = expected.get(from, to).has(probe);
        if (e !== observed.get(from, to).has(probe)) out.push({ from, to, probe, expected: e });
      }
  return out;
}

/** How a table's membership reads in messages, e.g. `allowed`/`denied` or `closed`/`not closed`. */
export interface Wording {
  yes: string;
  no: string;
}

const MAX_LISTED = 60;

/**
 * A failure message: the differing cells one a line, then for each probe that differs a comparison grid
 * like upstream's (rows = from, columns = to).
 */
export function describeMismatches(
  title: string,
  mismatches: readonly Mismatch[],
  observed: ProbeTable,
  words: Wording,
): string {
  const lines = [`${title}: ${mismatches.length} cell(s) differ from the expected truth table`];
  for (const m of mismatches.slice(0, MAX_LISTED)) {
    const loop = m.from === m.to ? '  (loopback)' : '';
    const [want, got] = m.expected ? [words.yes, words.no] : [words.no, words.yes];
    lines.push(`  ${key(m.from, m.to).padEnd(12)} ${m.probe.padEnd(7)}: expected ${want}, got ${got}${loop}`);
  }
  if (mismatches.length > MAX_LISTED) lines.push(`  ... and ${mismatches.length - MAX_LISTED} more`);
  if (mismatches.length > 0 && mismatches.every((m) => m.from === m.to)) {
    lines.push('  note: only loopback (pod to itself) cells differ');
  }

  const probes = PROBES.filter((p) => mismatches.some((m) => m.probe === p));
  if (probes.length > 0) {
    lines.push(
      '',
      `grids (rows from, columns to): '.' ${words.yes} as expected, 'X' ${words.no} as expected,` +
        ` '+' ${words.yes} but expected ${words.no}, '-' ${words.no} but expected ${words.yes}`,
    );
  }
  const wrong = new Map(mismatches.map((m) => [`${key(m.from, m.to)} ${m.probe}`, m]));
  // One grid per distinct picture; probes with the same picture share it.
  const grids = new Map<string, Probe[]>();
  for (const probe of probes) {
    const rows = PODS.map((from) => {
      const row = PODS.map((to) => {
        const has = observed.get(from, to).has(probe);
        const bad = wrong.has(`${key(from, to)} ${probe}`);
        return (bad ? (has ? '+' : '-') : has ? '.' : 'X').padEnd(4);
      });
      return `${from.padEnd(8)}${row.join('')}`;
    });
    const grid = rows.join('\n');
    grids.set(grid, [...(grids.get(grid) ?? []), probe]);
  }
  for (const [grid, same] of grids) {
    lines.push('', `${' '.repeat(8)}${PODS.map((p) => p.padEnd(4)).join('')}  <- ${same.join(', ')}`, grid);
  }
  return lines.join('\n');
}
