/**
 * Engine vs oracle comparisons. Each returns a list of problems (empty = agreement), phrased so a
 * failure message says which pair, which port, what the oracle expects and what the engine said.
 *
 * External endpoints are compared by address: every engine atom id is parsed into a set of
 * addresses, and the oracle is asked at representative addresses: the start of every elementary
 * segment of the address space cut by every ipBlock cidr/except (the oracle's answer is constant
 * on each), and the start of every interval of every engine atom. Every address of an atom lies
 * in a segment whose answer equals one of those probes, so the comparison is complete.
 *
 * Ports are compared as complete sets (the oracle's set is built from one `allowed` question per
 * segment between port breakpoints, per protocol), then the notation is compared literally.
 *
 * `uncertain` (matrix only): an edge must be marked iff some of its ports are allowed only when
 * pods without IPs are taken to match ipBlocks partly overlapping the pod CIDRs, i.e. iff the
 * oracle's answer with partial matches counted ('match') differs from the one without ('no-match').
 */
import type { DiffResult, Edge, Explanation, MatrixResult } from '../../src/index.js';
import {
  formatIp,
  intersect,
  isEmpty,
  maxAddress,
  parseAtomId,
  parseCidr,
  type Family,
  type Ip,
  type IpSet,
} from '../oracle/ip.js';
import { ipEndpoint, Oracle, type Endpoint, type IpEndpoint, type OracleOptions } from '../oracle/oracle.js';
import { emptyPorts, firstDifference, formatPorts, parsePorts, portsEqual, portsIsEmpty, portsMinus, type PortSet } from '../oracle/ports.js';
import type { BuiltCluster } from './arbitraries.js';

/**
 * Families whose whole address space the engine models even without ipBlocks of that family.
 * (IPv4 always; IPv6 when some ipBlock or atom is IPv6.)
 */
const ALWAYS_FAMILIES: readonly Family[] = [4];

const MAX_PROBLEMS = 12;

interface Atom {
  id: string;
  set: IpSet;
}

function familiesOf(set: IpSet): Family[] {
  const out: Family[] = [];
  if (set.v4.length > 0) out.push(4);
  if (set.v6.length > 0) out.push(6);
  return out;
}

function show(p: PortSet): string {
  return JSON.stringify(formatPorts(p));
}

function diffNote(expected: PortSet, got: PortSet): string {
  const d = firstDifference(expected, got);
  if (!d) return '';
  return d.inA ? ` — e.g. ${d.protocol}/${d.port} expected but missing` : ` — e.g. ${d.protocol}/${d.port} present but not expected`;
}

/** Start of every segment of `families`' address spaces cut at every cidr's first and one-past-last address. */
export function elementaryStarts(cidrs: readonly string[], families: ReadonlySet<Family>): Ip[] {
  const out: Ip[] = [];
  for (const family of families) {
    const b = new Set<bigint>([0n]);
    for (const c of cidrs) {
      const x = parseCidr(c);
      if (x.family !== family) continue;
      b.add(x.lo);
      if (x.hi < maxAddress(family)) b.add(x.hi + 1n);
    }
    for (const v of [...b].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0))) out.push({ family, value: v });
  }
  return out;
}

function intervalStarts(set: IpSet): Ip[] {
  return [...set.v4.map(([lo]) => ({ family: 4 as const, value: lo })), ...set.v6.map(([lo]) => ({ family: 6 as const, value: lo }))];
}

function contains(set: IpSet, ip: Ip): boolean {
  const list = ip.family === 4 ? set.v4 : set.v6;
  return list.some(([lo, hi]) => lo <= ip.value && ip.value <= hi);
}

function parseAtoms(ids: Iterable<string>, problems: string[]): Map<string, Atom> {
  const atoms = new Map<string, Atom>();
  for (const id of ids) {
    if (atoms.has(id)) continue;
    const a = parseAtomId(id);
    if (!a) {
      problems.push(`external id ${JSON.stringify(id)} is not "ip:<cidr>[ except <c1>,<c2>]"`);
      continue;
    }
    if (isEmpty(a.set)) problems.push(`external ${id} is empty (its excepts cover its cidr)`);
    atoms.set(id, { id, set: a.set });
  }
  return atoms;
}

/**
 * Probe addresses: elementary segment starts plus every atom interval start, deduplicated, in the
 * families that must be modelled: IPv4, those of ipBlocks that take effect (`effectiveCidrs`: rules
 * of a direction the policy does not have change nothing), and those the engine has atoms in.
 */
function probeAddresses(cidrs: readonly string[], effectiveCidrs: readonly string[], atoms: Iterable<Atom>): Ip[] {
  const atomList = [...atoms];
  const families = new Set<Family>(ALWAYS_FAMILIES);
  for (const c of effectiveCidrs) families.add(parseCidr(c).family);
  for (const a of atomList) for (const f of familiesOf(a.set)) families.add(f);
  const seen = new Set<string>();
  const out: Ip[] = [];
  for (const ip of [...elementaryStarts(cidrs, families), ...atomList.flatMap((a) => intervalStarts(a.set))]) {
    const k = `${ip.family}:${ip.value}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(ip);
  }
  return out;
}

function edgeKey(from: string, to: string): string {
  return `${from}|${to}`;
}

function indexEdges(edges: readonly Edge[], what: string, problems: string[]): Map<string, Edge> {
  const m = new Map<string, Edge>();
  for (const e of edges) {
    const k = edgeKey(e.from, e.to);
    if (m.has(k)) problems.push(`${what}: duplicate edge ${e.from} -> ${e.to}`);
    m.set(k, e);
    if (e.ports.length === 0) problems.push(`${what}: edge ${e.from} -> ${e.to} with no ports`);
  }
  return m;
}

function engineSet(e: Edge | undefined, what: string, problems: string[]): PortSet {
  if (!e) return emptyPorts();
  try {
    return parsePorts(e.ports);
  } catch (err) {
    problems.push(`${what}: ${e.from} -> ${e.to}: ${(err as Error).message}`);
    return emptyPorts();
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The oracle's options for a built cluster: the same pod CIDRs and default namespace as the engine's. */
export function oracleOptions(c: BuiltCluster): OracleOptions {
  const o: OracleOptions = {};
  if (c.podCidrs !== undefined) o.podCidrs = c.podCidrs;
  if (c.defaultNamespace !== undefined) o.defaultNamespace = c.defaultNamespace;
  return o;
}

// ---------------------------------------------------------------------------------------------
// matrix

export function checkMatrix(c: BuiltCluster, result: MatrixResult): string[] {
  const problems: string[] = [];
  const opts = oracleOptions(c);
  const oracle = new Oracle(c.manifests, opts);
  const pessimist = new Oracle(c.manifests, { ...opts, partialIpBlocks: 'no-match' });

  // workloads
  const expectedIds = oracle.pods.map((p) => p.id);
  const gotIds = result.workloads.map((w) => w.id);
  if (!sameSet(expectedIds, gotIds)) {
    problems.push(`workloads: expected ${JSON.stringify([...expectedIds].sort())}, got ${JSON.stringify([...gotIds].sort())}`);
  }
  for (const w of result.workloads) {
    if (w.id !== `${w.namespace}/${w.kind}/${w.name}`) problems.push(`workload ${w.id}: id is not namespace/kind/name`);
  }

  // externals
  const atoms = parseAtoms(
    result.externals.map((x) => x.id),
    problems,
  );
  if (atoms.size !== result.externals.length) problems.push(`externals: duplicate ids`);
  const atomList = [...atoms.values()];
  for (let i = 0; i < atomList.length; i++) {
    for (let j = i + 1; j < atomList.length; j++) {
      if (!isEmpty(intersect(atomList[i]!.set, atomList[j]!.set))) problems.push(`externals ${atomList[i]!.id} and ${atomList[j]!.id} overlap`);
    }
  }
  const ipEps: IpEndpoint[] = [];
  for (const ip of probeAddresses(oracle.ipBlockCidrs(), oracle.ipBlockCidrs(true), atomList)) {
    const holders = atomList.filter((a) => contains(a.set, ip));
    if (holders.length !== 1) {
      problems.push(`address ${formatIp(ip)} is in ${holders.length} externals (${holders.map((h) => h.id).join(', ')}); expected exactly 1`);
      continue;
    }
    ipEps.push(ipEndpoint(formatIp(ip), holders[0]!.id));
  }

  // edges
  const edges = indexEdges(result.edges, 'matrix', problems);
  const known = new Set<string>([...gotIds, ...atoms.keys()]);
  for (const e of result.edges) {
    if (!known.has(e.from) || !known.has(e.to)) problems.push(`edge ${e.from} -> ${e.to}: unknown endpoint`);
    if (atoms.has(e.from) && atoms.has(e.to)) problems.push(`edge ${e.from} -> ${e.to} between two externals`);
  }

  const bp = oracle.portBreakpoints();
  const eps: Endpoint[] = [...oracle.pods, ...ipEps];
  for (const from of eps) {
    for (const to of eps) {
      if (from.kind === 'ip' && to.kind === 'ip') continue;
      const expected = oracle.allowedPorts(from, to, bp);
      const edge = edges.get(edgeKey(from.id, to.id));
      const got = engineSet(edge, 'matrix', problems);
      const at = (ep: Endpoint): string => (ep.kind === 'ip' && ep.id !== `ip:${ep.ip}` ? `${ep.id} (probed at ${ep.ip})` : ep.id);
      if (!portsEqual(expected, got)) {
        problems.push(`${at(from)} -> ${at(to)}: oracle allows ${show(expected)}, engine ${edge ? show(got) : 'has no edge'}${diffNote(expected, got)}`);
        continue;
      }
      if (edge && formatPorts(expected).join(' ') !== edge.ports.join(' ')) {
        problems.push(`${from.id} -> ${to.id}: ports notation ${JSON.stringify(edge.ports)}, expected ${show(expected)}`);
      }
      if (!edge) continue;
      const touched = oracle.uncertainTouched(from, to);
      const certain = touched ? pessimist.allowedPorts(from, to, bp) : expected;
      if (!portsEqual(certain, expected) && edge.uncertain !== true) {
        problems.push(
          `${at(from)} -> ${at(to)}: not marked uncertain, but ${show(portsMinus(expected, certain))} are allowed only through ipBlocks partly overlapping the pod CIDRs`,
        );
      }
      if (edge.uncertain === true && portsEqual(certain, expected)) {
        problems.push(
          touched
            ? `${at(from)} -> ${at(to)}: marked uncertain, but all of ${show(expected)} is allowed whether or not the partly overlapping ipBlocks match`
            : `${at(from)} -> ${at(to)}: marked uncertain, but no rule matches either end through a partly overlapping ipBlock`,
        );
      }
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}

// ---------------------------------------------------------------------------------------------
// diff

export interface DiffCheckOptions {
  /**
   * Also check `uncertain` on opened, closed, added and removed paths: an edge is marked iff some
   * of its ports are allowed (on the side that allows them: head for opened and added paths, base
   * for closed and removed ones) only when pods without IPs are taken to match ipBlocks partly
   * overlapping the pod CIDRs. And check each opened/closed edge's explanations agree with it
   * (`because` allows exactly its ports, with the same `uncertain`; `before`/`now` allow none).
   */
  uncertain?: boolean;
}

export function checkDiff(base: BuiltCluster, head: BuiltCluster, result: DiffResult, options: DiffCheckOptions = {}): string[] {
  const problems: string[] = [];
  const ob = new Oracle(base.manifests, oracleOptions(base));
  const oh = new Oracle(head.manifests, oracleOptions(head));
  const pb = options.uncertain ? new Oracle(base.manifests, { ...oracleOptions(base), partialIpBlocks: 'no-match' }) : undefined;
  const ph = options.uncertain ? new Oracle(head.manifests, { ...oracleOptions(head), partialIpBlocks: 'no-match' }) : undefined;

  const baseIds = new Set(ob.pods.map((p) => p.id));
  const headIds = new Set(oh.pods.map((p) => p.id));
  const added = [...headIds].filter((id) => !baseIds.has(id));
  const removed = [...baseIds].filter((id) => !headIds.has(id));
  if (!sameSet(added, result.addedWorkloads)) problems.push(`addedWorkloads: expected ${JSON.stringify(added.sort())}, got ${JSON.stringify(result.addedWorkloads)}`);
  if (!sameSet(removed, result.removedWorkloads)) {
    problems.push(`removedWorkloads: expected ${JSON.stringify(removed.sort())}, got ${JSON.stringify(result.removedWorkloads)}`);
  }

  const allEdges = [...result.opened, ...result.closed, ...result.addedPaths, ...result.removedPaths];
  const atomIds = new Set<string>();
  for (const e of allEdges) {
    for (const id of [e.from, e.to]) if (id.startsWith('ip:')) atomIds.add(id);
  }
  const atoms = parseAtoms(atomIds, problems);
  const cidrs = [...new Set([...ob.ipBlockCidrs(), ...oh.ipBlockCidrs()])];
  const effective = [...new Set([...ob.ipBlockCidrs(true), ...oh.ipBlockCidrs(true)])];
  const probes = probeAddresses(cidrs, effective, atoms.values());
  const atomList = [...atoms.values()];

  /** Compare one list of edges with `expected(from, to)` over the given endpoints. */
  const compare = (
    what: string,
    edges: readonly Edge[],
    pods: readonly Endpoint[],
    allPodsOfSide: readonly Endpoint[],
    involves: (from: Endpoint, to: Endpoint) => boolean,
    expectedOf: (from: Endpoint, to: Endpoint) => PortSet,
    /** When checking `uncertain`: what of the pair's allowed ports is allowed without partial ipBlock matches. */
    sureOf?: (from: Endpoint, to: Endpoint, expected: PortSet) => PortSet,
  ): void => {
    const index = indexEdges(edges, what, problems);
    const podIds = new Set(allPodsOfSide.map((p) => p.id));
    for (const e of edges) {
      const fromOk = podIds.has(e.from) || atoms.has(e.from);
      const toOk = podIds.has(e.to) || atoms.has(e.to);
      if (!fromOk || !toOk) problems.push(`${what}: edge ${e.from} -> ${e.to} has an endpoint that should not be there`);
      if (atoms.has(e.from) && atoms.has(e.to)) problems.push(`${what}: edge ${e.from} -> ${e.to} between two externals`);
    }
    const checkPair = (from: Endpoint, to: Endpoint, edge: Edge | undefined, label: string): void => {
      const expected = expectedOf(from, to);
      const got = engineSet(edge, what, problems);
      if (!portsEqual(expected, got)) {
        problems.push(`${what}: ${label}: oracle ${show(expected)}, engine ${edge ? show(got) : 'no edge'}${diffNote(expected, got)}`);
      } else if (edge && formatPorts(expected).join(' ') !== edge.ports.join(' ')) {
        problems.push(`${what}: ${label}: ports notation ${JSON.stringify(edge.ports)}, expected ${show(expected)}`);
      } else if (edge && sureOf) {
        const onlyPartial = portsMinus(expected, sureOf(from, to, expected));
        const should = !portsIsEmpty(onlyPartial);
        if (should && edge.uncertain !== true) {
          problems.push(`${what}: ${label}: not marked uncertain, but ${show(onlyPartial)} of ${show(expected)} rest on ipBlocks partly overlapping the pod CIDRs`);
        } else if (!should && edge.uncertain !== undefined) {
          problems.push(`${what}: ${label}: marked uncertain (${JSON.stringify(edge.uncertain)}), but all of ${show(expected)} holds whether or not the partly overlapping ipBlocks match`);
        }
      }
    };
    // pod ↔ pod
    for (const from of allPodsOfSide) {
      for (const to of allPodsOfSide) {
        if (!involves(from, to)) {
          if (index.has(edgeKey(from.id, to.id))) problems.push(`${what}: unexpected edge ${from.id} -> ${to.id}`);
          continue;
        }
        checkPair(from, to, index.get(edgeKey(from.id, to.id)), `${from.id} -> ${to.id}`);
      }
    }
    // pod ↔ address: the engine edge is the one whose atom holds the address
    for (const pod of pods) {
      for (const ip of probes) {
        const ep = ipEndpoint(formatIp(ip));
        for (const dir of ['out', 'in'] as const) {
          const holders = atomList.filter(
            (a) => contains(a.set, ip) && index.has(dir === 'out' ? edgeKey(pod.id, a.id) : edgeKey(a.id, pod.id)),
          );
          if (holders.length > 1) {
            problems.push(`${what}: address ${ep.ip} is in several externals with edges for ${pod.id}: ${holders.map((h) => h.id).join(', ')}`);
            continue;
          }
          const h = holders[0];
          const from = dir === 'out' ? pod : ep;
          const to = dir === 'out' ? ep : pod;
          const edge = h ? index.get(dir === 'out' ? edgeKey(pod.id, h.id) : edgeKey(h.id, pod.id)) : undefined;
          const label = dir === 'out' ? `${pod.id} -> ${h?.id ?? 'ip'} (probed at ${ep.ip})` : `${h?.id ?? 'ip'} (probed at ${ep.ip}) -> ${pod.id}`;
          checkPair(from, to, edge, label);
        }
      }
    }
  };

  const inBoth = (p: Endpoint): boolean => p.kind === 'ip' || (baseIds.has(p.id) && headIds.has(p.id));
  const bothPodsHead = oh.pods.filter(inBoth);
  // Pods are compared by id across sides: use each side's own view of the pod (labels may differ).
  const baseView = new Map(ob.pods.map((p) => [p.id, p]));
  const headView = new Map(oh.pods.map((p) => [p.id, p]));
  const onSide = (view: Map<string, Endpoint>, ep: Endpoint): Endpoint => (ep.kind === 'ip' ? ep : view.get(ep.id)!);
  const bpB = ob.portBreakpoints();
  const bpH = oh.portBreakpoints();
  const memo = (fn: (f: Endpoint, t: Endpoint) => PortSet) => {
    const cache = new Map<string, PortSet>();
    const k = (e: Endpoint) => (e.kind === 'ip' ? `ip ${e.ip}` : e.id);
    return (f: Endpoint, t: Endpoint): PortSet => {
      const key = `${k(f)}|${k(t)}`;
      let v = cache.get(key);
      if (!v) cache.set(key, (v = fn(f, t)));
      return v;
    };
  };
  const baseAllowed = memo((f, t) => ob.allowedPorts(onSide(baseView, f), onSide(baseView, t), bpB));
  const headAllowed = memo((f, t) => oh.allowedPorts(onSide(headView, f), onSide(headView, t), bpH));
  const bothOk = (f: Endpoint, t: Endpoint) => inBoth(f) && inBoth(t);

  /** What of `expected` one side allows without partial ipBlock matches (the pessimistic oracle; skipped when no rule is partial). */
  const sure = (o: Oracle, p: Oracle | undefined, view: Map<string, Endpoint>, bp: readonly number[]) =>
    p === undefined
      ? undefined
      : (f: Endpoint, t: Endpoint, expected: PortSet): PortSet => {
          const from = onSide(view, f);
          const to = onSide(view, t);
          return o.uncertainTouched(from, to) ? p.allowedPorts(from, to, bp) : expected;
        };
  const headSure = sure(oh, ph, headView, bpH);
  const baseSure = sure(ob, pb, baseView, bpB);

  compare('opened', result.opened, bothPodsHead, bothPodsHead, bothOk, (f, t) => portsMinus(headAllowed(f, t), baseAllowed(f, t)), headSure);
  compare('closed', result.closed, bothPodsHead, bothPodsHead, bothOk, (f, t) => portsMinus(baseAllowed(f, t), headAllowed(f, t)), baseSure);
  if (options.uncertain) {
    const explained = (what: string, e: Edge, name: string, x: Explanation | undefined, allows: boolean) => {
      const at = `${what}: ${e.from} -> ${e.to}: ${name}`;
      if (!x) return problems.push(`${at} missing`);
      if (x.from !== e.from || x.to !== e.to) problems.push(`${at} is about ${x.from} -> ${x.to}`);
      if (x.ports.join(' ') !== e.ports.join(' ')) problems.push(`${at}.ports ${JSON.stringify(x.ports)}, edge ports ${JSON.stringify(e.ports)}`);
      const want = allows ? e.ports : [];
      if (x.allowedPorts.join(' ') !== want.join(' ') || x.allowed !== allows) {
        problems.push(`${at} allows ${JSON.stringify(x.allowedPorts)} (allowed: ${x.allowed}), expected ${JSON.stringify(want)}`);
      }
      if (allows && (x.uncertain === true) !== (e.uncertain === true)) problems.push(`${at}.uncertain ${JSON.stringify(x.uncertain)}, edge ${JSON.stringify(e.uncertain)}`);
      return undefined;
    };
    for (const e of result.opened) {
      explained('opened', e, 'because', e.because, true);
      explained('opened', e, 'before', e.before, false);
    }
    for (const e of result.closed) {
      explained('closed', e, 'because', e.because, true);
      explained('closed', e, 'now', e.now, false);
    }
  }

  const addedSet = new Set(added);
  const removedSet = new Set(removed);
  const touches = (s: Set<string>) => (f: Endpoint, t: Endpoint) => s.has(f.id) || s.has(t.id);
  compare(
    'addedPaths',
    result.addedPaths,
    oh.pods.filter((p) => addedSet.has(p.id)),
    oh.pods,
    touches(addedSet),
    (f, t) => headAllowed(f, t),
    headSure,
  );
  compare(
    'removedPaths',
    result.removedPaths,
    ob.pods.filter((p) => removedSet.has(p.id)),
    ob.pods,
    touches(removedSet),
    (f, t) => baseAllowed(f, t),
    baseSure,
  );
  return problems.slice(0, MAX_PROBLEMS);
}
