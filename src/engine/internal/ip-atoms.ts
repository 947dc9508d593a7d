import {
  type Cidr,
  type IpFamily,
  type IpRange,
  cidrContains,
  normaliseRanges,
  parseCidr,
  parseIp,
  rangesContain,
  rangesCover,
  rangesOverlap,
  subtractRanges,
} from '../../values/ip-address.js';
import type { IpBlock } from '../../k8s/types.js';
import { type ExternalRef, externalRef } from '../../values/endpoint.js';

/**
 * An external endpoint: a piece of the IP space that no ipBlock can split. The cidrs of all ipBlocks
 * (and their excepts) form a laminar family (any two are nested or disjoint), so each atom is one of
 * them (or a family's whole space) minus the largest ones nested inside it.
 */
export type ExternalAtom = ExternalRef;

const cidrKey = (c: Cidr): string => `${c.family}/${c.start}/${c.prefix}`;

function compareCidrs(a: Cidr, b: Cidr): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.prefix - b.prefix;
}

const ROOTS: Record<IpFamily, Cidr> = { 4: parseCidr('0.0.0.0/0')!, 6: parseCidr('::/0')! };

/** Cuts the IP space by `cidrs`. IPv4 is always present; IPv6 only when `families` (or a cidr) has it. */
export function buildAtoms(cidrs: Iterable<Cidr>, families: Iterable<IpFamily>): ExternalAtom[] {
  const unique = new Map<string, Cidr>();
  const wanted = new Set<IpFamily>([4, ...families]);
  for (const c of cidrs) {
    unique.set(cidrKey(c), c);
    wanted.add(c.family);
  }
  for (const f of wanted) unique.set(cidrKey(ROOTS[f]), ROOTS[f]);
  const sorted = [...unique.values()].sort(compareCidrs);
  const children = new Map<Cidr, Cidr[]>();
  const stack: Cidr[] = [];
  for (const c of sorted) {
    while (stack.length > 0 && !cidrContains(stack[stack.length - 1]!, c)) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) children.get(parent)!.push(c);
    children.set(c, []);
    stack.push(c);
  }
  const atoms: ExternalAtom[] = [];
  for (const c of sorted) {
    const inner = children.get(c)!;
    const rest = subtractRanges([{ start: c.start, end: c.end }], inner.map((i) => ({ start: i.start, end: i.end })));
    if (rest.length === 0) continue;
    atoms.push(externalRef(c, inner));
  }
  return atoms;
}

export function ipBlockCidrs(block: IpBlock): Cidr[] {
  return [block.cidr, ...block.except].map((t) => parseCidr(t)!);
}

/** The atoms an ipBlock covers (each atom is covered whole or not at all, by construction). */
export function atomsCoveredBy(block: IpBlock, atoms: readonly ExternalAtom[]): ExternalAtom[] {
  const cidr = parseCidr(block.cidr)!;
  const excepts = block.except.map((e) => parseCidr(e)!);
  return atoms.filter((atom) => cidrContains(cidr, atom.cidr) && !excepts.some((e) => cidrContains(e, atom.cidr)));
}

/** The addresses a rule's ipBlock peers cover together: cidrs minus excepts, per family. */
export function ipBlocksRanges(blocks: readonly IpBlock[]): Record<IpFamily, IpRange[]> {
  const out: Record<IpFamily, IpRange[]> = { 4: [], 6: [] };
  for (const block of blocks) {
    const cidr = parseCidr(block.cidr)!;
    const holes = normaliseRanges(block.except.map((e) => parseCidr(e)!).map((c) => ({ start: c.start, end: c.end })));
    out[cidr.family].push(...subtractRanges([{ start: cidr.start, end: cidr.end }], holes));
  }
  return { 4: normaliseRanges(out[4]), 6: normaliseRanges(out[6]) };
}

/** How a rule's ipBlocks meet pods whose IPs are unknown but drawn from the pod CIDRs. */
export type PodCidrVerdict = 'none' | 'all' | 'partial';

export function judgePodCidrs(ranges: Record<IpFamily, IpRange[]>, podCidrs: readonly Cidr[]): PodCidrVerdict {
  const overlapping = podCidrs.filter((p) => rangesOverlap(ranges[p.family], { start: p.start, end: p.end }));
  if (overlapping.length === 0) return 'none';
  // In a dual-stack cluster a pod talks over either family, so a match on one family alone is uncertain.
  return podCidrs.every((p) => rangesCover(ranges[p.family], { start: p.start, end: p.end })) ? 'all' : 'partial';
}

/** Whether known pod IPs fall in the rule's ipBlocks. */
export function ipsMatch(ranges: Record<IpFamily, IpRange[]>, ips: readonly string[]): boolean {
  return ips.some((text) => {
    const ip = parseIp(text);
    return ip !== undefined && rangesContain(ranges[ip.family], ip.value);
  });
}

/** Finds the atom an `ip:` id names: an atom id, or an address or CIDR lying inside exactly one atom. */
export function findAtom(atoms: readonly ExternalAtom[], id: string): ExternalAtom | undefined {
  const exact = atoms.find((a) => a.id === id);
  if (exact || !id.startsWith('ip:')) return exact;
  const text = id.slice(3);
  const ip = parseIp(text);
  const cidr = ip ? parseCidr(`${text}/${ip.family === 4 ? 32 : 128}`) : parseCidr(text);
  if (!cidr) return undefined;
  return atoms.find((a) => {
    if (!cidrContains(a.cidr, cidr)) return false;
    return !a.excepts.some((e) => e.start <= cidr.end && cidr.start <= e.end);
  });
}
