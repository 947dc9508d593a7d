/** The engine's port notation (`TCP/80`, `TCP/80-81`, `UDP/1-65535`), read back for the truth tables. */
import type { Protocol } from '../../src/index.js';
import { PROBES, type Probe } from './model.js';

/** Protocol order of an edge's `ports`. */
const ORDER: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

export interface PortRange {
  protocol: Protocol;
  lo: number;
  hi: number;
}

export function parsePortString(s: string): PortRange | undefined {
  const m = /^(SCTP|TCP|UDP)\/([1-9][0-9]*)(?:-([1-9][0-9]*))?$/.exec(s);
  if (!m) return undefined;
  const lo = Number(m[2]);
  const hi = m[3] === undefined ? lo : Number(m[3]);
  return { protocol: m[1] as Protocol, lo, hi };
}

/**
 * What is wrong with a `ports` list against the documented form: each protocol in the order SCTP, TCP, UDP,
 * its maximal ranges ascending, a single port written without a range, nothing outside 1-65535, not empty.
 */
export function portListProblems(ports: readonly string[]): string[] {
  const problems: string[] = [];
  if (ports.length === 0) problems.push('empty ports (an edge must be absent when nothing is allowed)');
  let prev: PortRange | undefined;
  for (const s of ports) {
    const r = parsePortString(s);
    if (!r) {
      problems.push(`unreadable port ${JSON.stringify(s)}`);
      continue;
    }
    if (r.hi > 65535 || r.lo > r.hi) problems.push(`bad range ${s}`);
    if (r.lo === r.hi && s.includes('-')) problems.push(`single port written as a range: ${s}`);
    if (prev) {
      const order = ORDER.indexOf(r.protocol) - ORDER.indexOf(prev.protocol);
      if (order < 0) problems.push(`${s} after ${prev.protocol}: protocols must come in the order SCTP, TCP, UDP`);
      else if (order === 0 && r.lo <= prev.hi + 1) {
        problems.push(`${s} is not ascending and disjoint from the range before it (ranges must be maximal)`);
      }
    }
    prev = r;
  }
  return problems;
}

/** The probes a `ports` list contains. */
export function probesIn(ports: readonly string[]): Set<Probe> {
  const ranges = ports.map(parsePortString).filter((r): r is PortRange => r !== undefined);
  return new Set(
    PROBES.filter((probe) => {
      const [protocol, port] = probe.split('/');
      const n = Number(port);
      return ranges.some((r) => r.protocol === protocol && r.lo <= n && n <= r.hi);
    }),
  );
}
