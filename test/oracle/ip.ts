/**
 * Plain IP arithmetic for the oracle: addresses as BigInt, CIDRs as inclusive ranges, and sets of
 * addresses as sorted lists of disjoint inclusive intervals. Nothing here knows about Kubernetes.
 */

export type Family = 4 | 6;

export interface Ip {
  family: Family;
  value: bigint;
}

export interface Cidr {
  family: Family;
  /** First address (host bits zero). */
  lo: bigint;
  /** Last address. */
  hi: bigint;
  prefix: number;
}

/** Inclusive interval of addresses of one family. */
export type Interval = readonly [bigint, bigint];

/** Sets of addresses, per family: sorted, disjoint, non-adjacent intervals. */
export interface IpSet {
  v4: Interval[];
  v6: Interval[];
}

export const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export function maxAddress(family: Family): bigint {
  return (1n << BigInt(BITS[family])) - 1n;
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i]!;
      if (g.includes('.')) {
        // embedded IPv4 in the last position
        if (i !== items.length - 1) return undefined;
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

const ipCache = new Map<string, Ip | undefined>();

export function parseIp(s: string): Ip | undefined {
  if (ipCache.has(s)) return ipCache.get(s);
  const r = parseIpUncached(s);
  if (ipCache.size > 10_000) ipCache.clear();
  ipCache.set(s, r);
  return r;
}

function parseIpUncached(s: string): Ip | undefined {
  const t = s.trim();
  if (t.includes(':')) {
    const v = parseIpv6(t);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseIpv4(t);
  return v === undefined ? undefined : { family: 4, value: v };
}

export function parseCidr(s: string): Cidr {
  const t = s.trim();
  const slash = t.indexOf('/');
  if (slash < 0) throw new Error(`not a CIDR: ${s}`);
  const ip = parseIp(t.slice(0, slash));
  const prefixText = t.slice(slash + 1);
  if (ip === undefined || !/^\d{1,3}$/.test(prefixText)) throw new Error(`not a CIDR: ${s}`);
  const prefix = Number(prefixText);
  const bits = BITS[ip.family];
  if (prefix > bits) throw new Error(`not a CIDR: ${s}`);
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const lo = ip.value & ~hostMask & maxAddress(ip.family);
  return { family: ip.family, lo, hi: lo | hostMask, prefix };
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) {
    const v = ip.value;
    return [24n, 16n, 8n, 0n].map((sh) => String((v >> sh) & 255n)).join('.');
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((ip.value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

export function cidrContains(c: Cidr, ip: Ip): boolean {
  return c.family === ip.family && c.lo <= ip.value && ip.value <= c.hi;
}

// ---------------------------------------------------------------------------------------------
// Interval sets

export function emptySet(): IpSet {
  return { v4: [], v6: [] };
}

function key(f: Family): 'v4' | 'v6' {
  return f === 4 ? 'v4' : 'v6';
}

function normalize(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

export function setOfCidr(c: Cidr): IpSet {
  const s = emptySet();
  s[key(c.family)] = [[c.lo, c.hi]];
  return s;
}

export function union(a: IpSet, b: IpSet): IpSet {
  return { v4: normalize([...a.v4, ...b.v4]), v6: normalize([...a.v6, ...b.v6]) };
}

function subtractList(a: Interval[], b: Interval[]): Interval[] {
  let cur: Interval[] = a;
  for (const [blo, bhi] of b) {
    const next: Interval[] = [];
    for (const [lo, hi] of cur) {
      if (bhi < lo || blo > hi) {
        next.push([lo, hi]);
        continue;
      }
      if (lo < blo) next.push([lo, blo - 1n]);
      if (hi > bhi) next.push([bhi + 1n, hi]);
    }
    cur = next;
  }
  return normalize(cur);
}

export function subtract(a: IpSet, b: IpSet): IpSet {
  return { v4: subtractList(a.v4, b.v4), v6: subtractList(a.v6, b.v6) };
}

export function intersect(a: IpSet, b: IpSet): IpSet {
  return subtract(a, subtract(a, b));
}

export function isEmpty(a: IpSet): boolean {
  return a.v4.length === 0 && a.v6.length === 0;
}

export function isSubset(a: IpSet, b: IpSet): boolean {
  return isEmpty(subtract(a, b));
}

export function setContains(a: IpSet, ip: Ip): boolean {
  return a[key(ip.family)].some(([lo, hi]) => lo <= ip.value && ip.value <= hi);
}

const blockCache = new Map<string, IpSet>();

/** `cidr` minus every `except` (memoised: the oracle asks the same blocks again and again). */
export function blockSet(cidr: string, except: readonly string[] = []): IpSet {
  const k = `${cidr} ${except.join(',')}`;
  const hit = blockCache.get(k);
  if (hit) return hit;
  let s = setOfCidr(parseCidr(cidr));
  for (const e of except) s = subtract(s, setOfCidr(parseCidr(e)));
  if (blockCache.size > 10_000) blockCache.clear();
  blockCache.set(k, s);
  return s;
}

/** Some address of the set (its lowest), or undefined when empty. */
export function someAddress(a: IpSet): Ip | undefined {
  if (a.v4.length > 0) return { family: 4, value: a.v4[0]![0] };
  if (a.v6.length > 0) return { family: 6, value: a.v6[0]![0] };
  return undefined;
}

/**
 * An external endpoint id of the engine, `ip:<cidr>` or `ip:<cidr> except <c1>,<c2>`, as a set.
 * Returns undefined when the id is not of that shape.
 */
export function parseAtomId(id: string): { cidr: string; except: string[]; set: IpSet } | undefined {
  const m = /^ip:(\S+)(?: except (\S+))?$/.exec(id);
  if (!m) return undefined;
  const cidr = m[1]!;
  const except = m[2] ? m[2].split(',') : [];
  try {
    return { cidr, except, set: blockSet(cidr, except) };
  } catch {
    return undefined;
  }
}
