/**
 * Just enough IP arithmetic to check pod <-> external edges: an external endpoint `ip:<cidr>` or
 * `ip:<cidr> except <cidr>,<cidr>` is an atom (every address in it is treated alike), so the suite picks one
 * address of the atom and asks the scenario what that address may send and receive.
 */

export interface Addr {
  family: 4 | 6;
  value: bigint;
}

interface Cidr {
  family: 4 | 6;
  /** First address. */
  base: bigint;
  /** Last address. */
  last: bigint;
}

const bitsOf = (family: 4 | 6) => (family === 4 ? 32 : 128);

export function parseAddr(s: string): Addr {
  if (s.includes(':')) return { family: 6, value: parseV6(s) };
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`bad IPv4 address ${JSON.stringify(s)}`);
  }
  return { family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
}

function parseV6(s: string): bigint {
  const halves = s.split('::');
  if (halves.length > 2) throw new Error(`bad IPv6 address ${JSON.stringify(s)}`);
  const groups = (part: string | undefined): bigint[] => {
    if (!part) return [];
    return part.split(':').flatMap((g) => {
      if (g.includes('.')) {
        const v4 = parseAddr(g).value;
        return [v4 >> 16n, v4 & 0xffffn];
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`bad IPv6 address ${JSON.stringify(s)}`);
      return [BigInt(`0x${g}`)];
    });
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || head.length + fill + tail.length !== 8) throw new Error(`bad IPv6 address ${JSON.stringify(s)}`);
  return [...head, ...Array<bigint>(fill).fill(0n), ...tail].reduce((acc, g) => (acc << 16n) | g, 0n);
}

function parseCidr(s: string): Cidr {
  const [addr, len, extra] = s.split('/');
  if (addr === undefined || len === undefined || extra !== undefined || !/^\d+$/.test(len)) {
    throw new Error(`bad CIDR ${JSON.stringify(s)}`);
  }
  const a = parseAddr(addr);
  const host = bitsOf(a.family) - Number(len);
  if (host < 0) throw new Error(`bad CIDR ${JSON.stringify(s)}`);
  const size = 1n << BigInt(host);
  const base = (a.value / size) * size;
  return { family: a.family, base, last: base + size - 1n };
}

export function inCidr(addr: Addr, cidr: string): boolean {
  const c = parseCidr(cidr);
  return c.family === addr.family && c.base <= addr.value && addr.value <= c.last;
}

/** Within `cidr` and outside every `except`, as an ipBlock matches. */
export function inBlock(addr: Addr, cidr: string, except: readonly string[] = []): boolean {
  return inCidr(addr, cidr) && !except.some((e) => inCidr(addr, e));
}

export const isV4 = (addr: Addr) => addr.family === 4;

export const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

export function formatAddr(addr: Addr): string {
  if (addr.family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((addr.value >> shift) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((addr.value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}

export interface ExternalAtom {
  cidr: string;
  except: string[];
}

/** Reads an external endpoint id; undefined when it is not of the documented form. */
export function parseExternalId(id: string): ExternalAtom | undefined {
  const m = /^ip:(\S+)(?: except (\S+))?$/.exec(id);
  if (!m || m[1] === undefined) return undefined;
  const atom = { cidr: m[1], except: m[2] === undefined ? [] : m[2].split(',') };
  try {
    parseCidr(atom.cidr);
    atom.except.forEach(parseCidr);
  } catch {
    return undefined;
  }
  return atom;
}

/** One address of the atom; undefined if the excepts cover the whole cidr. */
export function representative(atom: ExternalAtom): Addr | undefined {
  const c = parseCidr(atom.cidr);
  const excepts = atom.except.map(parseCidr);
  const candidates = [c.base, ...excepts.flatMap((e) => [e.last + 1n, e.base - 1n])];
  for (const value of candidates) {
    if (value < c.base || value > c.last) continue;
    if (excepts.some((e) => e.family === c.family && e.base <= value && value <= e.last)) continue;
    return { family: c.family, value };
  }
  return undefined;
}
