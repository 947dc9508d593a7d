/** Port sets per protocol and the CLI notation (`TCP/80`, `TCP/80-81`, `UDP/1-65535`). */
import { PROTOCOLS, type Protocol } from './manifests.js';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Per protocol: sorted, disjoint, non-adjacent inclusive ranges. */
export type PortSet = Record<Protocol, [number, number][]>;

export function emptyPorts(): PortSet {
  return { SCTP: [], TCP: [], UDP: [] };
}

function normalize(list: [number, number][]): [number, number][] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function addRange(s: PortSet, protocol: Protocol, lo: number, hi: number): void {
  s[protocol] = normalize([...s[protocol], [lo, hi]]);
}

export function addRanges(s: PortSet, protocol: Protocol, ranges: readonly [number, number][]): void {
  s[protocol] = normalize([...s[protocol], ...ranges]);
}

export function portsIsEmpty(s: PortSet): boolean {
  return PROTOCOLS.every((p) => s[p].length === 0);
}

export function portsContain(s: PortSet, protocol: Protocol, port: number): boolean {
  return s[protocol].some(([lo, hi]) => lo <= port && port <= hi);
}

export function portsMinus(a: PortSet, b: PortSet): PortSet {
  const out = emptyPorts();
  for (const p of PROTOCOLS) {
    let cur = a[p].map(([lo, hi]) => [lo, hi] as [number, number]);
    for (const [blo, bhi] of b[p]) {
      const next: [number, number][] = [];
      for (const [lo, hi] of cur) {
        if (bhi < lo || blo > hi) {
          next.push([lo, hi]);
          continue;
        }
        if (lo < blo) next.push([lo, blo - 1]);
        if (hi > bhi) next.push([bhi + 1, hi]);
      }
      cur = next;
    }
    out[p] = normalize(cur);
  }
  return out;
}

export function portsEqual(a: PortSet, b: PortSet): boolean {
  return formatPorts(a).join(' ') === formatPorts(b).join(' ');
}

/** The notation: protocols in order SCTP, TCP, UDP; maximal ascending ranges. */
export function formatPorts(s: PortSet): string[] {
  const out: string[] = [];
  for (const p of PROTOCOLS) {
    for (const [lo, hi] of normalize(s[p])) out.push(lo === hi ? `${p}/${lo}` : `${p}/${lo}-${hi}`);
  }
  return out;
}

/** Parses the notation; throws on anything else. */
export function parsePorts(list: readonly string[]): PortSet {
  const s = emptyPorts();
  for (const item of list) {
    const m = /^(SCTP|TCP|UDP)\/(\d+)(?:-(\d+))?$/.exec(item);
    if (!m) throw new Error(`unparseable port notation: ${JSON.stringify(item)}`);
    const lo = Number(m[2]);
    const hi = m[3] === undefined ? lo : Number(m[3]);
    if (lo < MIN_PORT || hi > MAX_PORT || lo > hi) throw new Error(`bad port range: ${item}`);
    addRange(s, m[1] as Protocol, lo, hi);
  }
  return s;
}

/** The first (protocol, port) in which the two sets differ, for messages. */
export function firstDifference(a: PortSet, b: PortSet): { protocol: Protocol; port: number; inA: boolean } | undefined {
  for (const p of PROTOCOLS) {
    const onlyA = portsMinus(a, b)[p][0];
    const onlyB = portsMinus(b, a)[p][0];
    if (onlyA && (!onlyB || onlyA[0] < onlyB[0])) return { protocol: p, port: onlyA[0], inA: true };
    if (onlyB) return { protocol: p, port: onlyB[0], inA: false };
  }
  return undefined;
}
