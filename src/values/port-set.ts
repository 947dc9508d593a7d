export type Protocol = 'SCTP' | 'TCP' | 'UDP';
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

/**
 * A set of (protocol, port) as sorted, disjoint, non-adjacent closed intervals over one line where
 * protocol p's port n sits at p * 65536 + n (SCTP = 0, TCP = 1, UDP = 2). Immutable: every operation
 * returns a new array (or one of its inputs).
 */
export type PortSet = readonly number[];

/** Width of one protocol's stretch of the line. */
export const SPAN = 65536;
const protocolIndex = (p: Protocol): number => PROTOCOLS.indexOf(p);

export const EMPTY: PortSet = Object.freeze([]);

export function portRange(protocol: Protocol, from: number, to: number): PortSet {
  const base = protocolIndex(protocol) * SPAN;
  return [base + from, base + to];
}

export const allPortsOf = (protocol: Protocol): PortSet => portRange(protocol, 1, 65535);

export const ALL: PortSet = Object.freeze(PROTOCOLS.flatMap((p) => allPortsOf(p)));

export const isEmpty = (s: PortSet): boolean => s.length === 0;

export function equals(a: PortSet, b: PortSet): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function union(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || a === b) return b;
  if (b.length === 0) return a;
  if (a === ALL || b === ALL) return ALL;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: number;
    let hi: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      lo = a[i]!;
      hi = a[i + 1]!;
      i += 2;
    } else {
      lo = b[j]!;
      hi = b[j + 1]!;
      j += 2;
    }
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else out.push(lo, hi);
  }
  return equals(out, ALL) ? ALL : out;
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  if (a === ALL) return b;
  if (b === ALL || a === b) return a;
  if (a.length === 0 || b.length === 0) return EMPTY;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out.length === 0 ? EMPTY : out;
}

export function subtract(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || b === ALL || a === b) return EMPTY;
  if (b.length === 0) return a;
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const hi = a[i + 1]!;
    while (j < b.length && b[j + 1]! < lo) j += 2;
    let k = j;
    while (k < b.length && b[k]! <= hi) {
      if (b[k]! > lo) out.push(lo, b[k]! - 1);
      lo = Math.max(lo, b[k + 1]! + 1);
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out.length === 0 ? EMPTY : out;
}

export function has(s: PortSet, protocol: Protocol, port: number): boolean {
  const key = protocolIndex(protocol) * SPAN + port;
  for (let i = 0; i < s.length; i += 2) if (s[i]! <= key && key <= s[i + 1]!) return true;
  return false;
}

export const portSetKey = (s: PortSet): string => s.join(',');

/** One port as people write it: `80`, `TCP/80` or `80/TCP` (protocol TCP when absent); undefined when it is none of those. */
export function parsePort(text: string): { protocol: Protocol; port: number } | undefined {
  const m = /^(?:(TCP|UDP|SCTP)\/)?(\d+)(?:\/(TCP|UDP|SCTP))?$/i.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || (m[1] && m[3]) || !(port >= 1 && port <= 65535)) return undefined;
  return { protocol: (m[1] ?? m[3] ?? 'TCP').toUpperCase() as Protocol, port };
}
