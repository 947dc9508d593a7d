/**
 * explain() vs the oracle, one probe (source, destination, protocol, port) at a time.
 *
 * Probes are pod → pod (self pairs included), pod → address and address → pod, the address given
 * as `ip:<address>` (the engine names the atom holding it). Ports are picked among the oracle's
 * port breakpoints (container ports, policy ports, endPorts and their neighbours) or at random;
 * addresses among the starts of the segments every ipBlock cidr/except cuts the address space into
 * (and their last addresses), plus a few fixed ones.
 *
 * Checked against the oracle (partial ipBlock overlaps counted as matching, as the engine does;
 * a second oracle that does not count them tells what is uncertain):
 * - `allowed` and `allowedPorts` (the probe or nothing); `uncertain` iff allowed only through a
 *   partial overlap; `ports` is the probe;
 * - per side (source's egress, destination's ingress): `isolated`, `selectedBy` (exactly the
 *   policies of that direction selecting the endpoint, by id), `ports` (what the side allows of the
 *   probe), and `allowedBy`: exactly the rules (policy id, direction, 0-based index) of those
 *   policies that allow the probe, each with `ports` = the probe and `uncertain` iff it matches the
 *   peer only through a partly overlapping ipBlock.
 */
import fc from 'fast-check';
import type { ExplainOutcome, ExplainResult, SideExplanation } from '../../src/index.js';
import { formatIp, parseAtomId, parseCidr, parseIp, setContains, type Family, type Ip } from '../oracle/ip.js';
import type { NetworkPolicyManifest, Protocol } from '../oracle/manifests.js';
import { ipEndpoint, Oracle, type Endpoint } from '../oracle/oracle.js';
import { MAX_PORT } from '../oracle/ports.js';
import type { BuiltCluster } from './arbitraries.js';
import { elementaryStarts, oracleOptions } from './check.js';

export interface ExplainProbeSpec {
  shape: 'pod-pod' | 'pod-ip' | 'ip-pod';
  from: number;
  to: number;
  address: number;
  protocol: Protocol;
  port: { pick: number } | { exact: number };
}

export const explainProbeArb: fc.Arbitrary<ExplainProbeSpec> = fc.record({
  shape: fc.oneof(
    { weight: 3, arbitrary: fc.constant<'pod-pod'>('pod-pod') },
    { weight: 1, arbitrary: fc.constant<'pod-ip'>('pod-ip') },
    { weight: 1, arbitrary: fc.constant<'ip-pod'>('ip-pod') },
  ),
  from: fc.nat(15),
  to: fc.nat(15),
  address: fc.nat(63),
  protocol: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Protocol>('TCP') },
    { weight: 1, arbitrary: fc.constant<Protocol>('UDP') },
    { weight: 1, arbitrary: fc.constant<Protocol>('SCTP') },
  ),
  port: fc.oneof(
    { weight: 4, arbitrary: fc.nat(63).map((pick) => ({ pick })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_PORT }).map((exact) => ({ exact })) },
  ),
});

export const explainProbesArb = fc.array(explainProbeArb, { minLength: 1, maxLength: 6 });

const FIXED_ADDRESSES = ['8.8.8.8', '1.2.3.4', '10.0.0.1', '10.1.2.3', '172.16.0.5', '192.168.1.1', '169.254.169.254', '2001:db8::5', 'fd00::1'];

export interface ResolvedProbe {
  from: Endpoint;
  to: Endpoint;
  /** The ids handed to explain(). */
  fromArg: string;
  toArg: string;
  protocol: Protocol;
  port: number;
  /** The address of the external end, if any. */
  address?: Ip;
}

/** Candidate addresses: segment starts and ends of every ipBlock cidr/except, plus fixed ones. */
function candidateAddresses(oracle: Oracle): Ip[] {
  const cidrs = oracle.ipBlockCidrs();
  const out: Ip[] = elementaryStarts(cidrs, new Set<Family>([4, 6]));
  for (const c of cidrs) {
    const x = parseCidr(c);
    out.push({ family: x.family, value: x.hi });
  }
  for (const a of FIXED_ADDRESSES) out.push(parseIp(a)!);
  const seen = new Set<string>();
  return out.filter((ip) => {
    const k = `${ip.family}:${ip.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function candidatePorts(oracle: Oracle): number[] {
  const out = new Set<number>();
  for (const b of oracle.portBreakpoints()) {
    if (b <= MAX_PORT) out.add(b);
    if (b - 1 >= 1 && b - 1 <= MAX_PORT) out.add(b - 1);
  }
  return [...out].sort((a, b) => a - b);
}

/** Turns probe specs into endpoints of this cluster (indexes taken modulo the lists' lengths). */
export function resolveProbes(oracle: Oracle, specs: readonly ExplainProbeSpec[]): ResolvedProbe[] {
  const pods = oracle.pods;
  if (pods.length === 0) return [];
  const addresses = candidateAddresses(oracle);
  const ports = candidatePorts(oracle);
  return specs.map((s) => {
    const port = 'exact' in s.port ? s.port.exact : ports[s.port.pick % ports.length]!;
    const a = pods[s.from % pods.length]!;
    const b = pods[s.to % pods.length]!;
    if (s.shape === 'pod-pod') return { from: a, to: b, fromArg: a.id, toArg: b.id, protocol: s.protocol, port };
    const address = addresses[s.address % addresses.length]!;
    const ip = ipEndpoint(formatIp(address));
    return s.shape === 'pod-ip'
      ? { from: a, to: ip, fromArg: a.id, toArg: ip.id, protocol: s.protocol, port, address }
      : { from: ip, to: b, fromArg: ip.id, toArg: b.id, protocol: s.protocol, port, address };
  });
}

/** Must the engine model the IPv6 space? (An effective IPv6 ipBlock, an IPv6 pod CIDR or pod IP.) */
function ipv6Required(oracle: Oracle, c: BuiltCluster): boolean {
  if (oracle.ipBlockCidrs(true).some((x) => parseCidr(x).family === 6)) return true;
  if ((c.podCidrs ?? []).some((x) => parseCidr(x).family === 6)) return true;
  return oracle.pods.some((p) => (p.ips ?? []).some((ip) => parseIp(ip)?.family === 6));
}

const policyId = (p: NetworkPolicyManifest): string => `${p.metadata.namespace}/${p.metadata.name}`;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Checks one probe's explanation; returns problems (empty = agreement). */
export function checkExplanation(
  oracle: Oracle,
  pessimist: Oracle,
  probe: ResolvedProbe,
  r: ExplainResult,
  problems: string[],
): void {
  const { from, to, port, protocol } = probe;
  const asked = `${protocol}/${port}`;
  const label = `explain(${probe.fromArg}, ${probe.toArg}, ${asked})`;
  const say = (msg: string) => problems.push(`${label}: ${msg}`);

  // endpoint names
  for (const [end, arg, got] of [
    [from, probe.fromArg, r.from],
    [to, probe.toArg, r.to],
  ] as const) {
    if (end.kind === 'pod') {
      if (got !== arg) say(`names the endpoint ${JSON.stringify(got)}, expected ${JSON.stringify(arg)}`);
    } else {
      const atom = parseAtomId(got);
      if (!atom || !setContains(atom.set, probe.address!)) say(`names ${JSON.stringify(got)} for address ${end.ip}: not an external atom holding it`);
    }
  }
  if (!sameList(r.ports, [asked])) say(`ports ${JSON.stringify(r.ports)}, expected ${JSON.stringify([asked])}`);

  const allowed = oracle.allowed(from, to, port, protocol);
  if (r.allowed !== allowed) say(`allowed ${r.allowed}, oracle ${allowed}`);
  const expectedPorts = allowed ? [asked] : [];
  if (!sameList(r.allowedPorts, expectedPorts)) say(`allowedPorts ${JSON.stringify(r.allowedPorts)}, expected ${JSON.stringify(expectedPorts)}`);
  const uncertain = allowed && !pessimist.allowed(from, to, port, protocol);
  if ((r.uncertain === true) !== uncertain) {
    say(uncertain ? 'not marked uncertain, but allowed only through ipBlocks partly overlapping the pod CIDRs' : `marked uncertain (uncertain: ${JSON.stringify(r.uncertain)}), but the answer does not depend on partial ipBlock overlaps`);
  }

  const sides: ['Egress' | 'Ingress', SideExplanation, Endpoint, Endpoint][] = [
    ['Egress', r.egress, from, to],
    ['Ingress', r.ingress, to, from],
  ];
  for (const [direction, side, self, peer] of sides) {
    const where = `${direction.toLowerCase()} of ${self.id}`;
    if (!side) {
      say(`${where}: missing`);
      continue;
    }
    const selecting = oracle.selecting(direction, self);
    const isolated = selecting.length > 0;
    if (side.isolated !== isolated) say(`${where}: isolated ${side.isolated}, oracle ${isolated}`);
    const gotSelected = side.selectedBy.map((p) => p.policy);
    const expectedSelected = selecting.map(policyId).sort();
    if (!sameList([...gotSelected].sort(), expectedSelected)) {
      say(`${where}: selectedBy ${JSON.stringify(gotSelected)}, expected ${JSON.stringify(expectedSelected)}`);
    }
    for (const p of side.selectedBy) {
      if (p.policy !== `${p.namespace}/${p.name}`) say(`${where}: selectedBy entry ${JSON.stringify(p.policy)} is not namespace/name (${p.namespace}, ${p.name})`);
    }
    const sideAllowed = oracle.sideAllowed(direction, self, peer, to, port, protocol);
    const expectedSidePorts = sideAllowed ? [asked] : [];
    if (!sameList(side.ports, expectedSidePorts)) say(`${where}: ports ${JSON.stringify(side.ports)}, expected ${JSON.stringify(expectedSidePorts)}`);

    // allowedBy: exactly the rules of the selecting policies that allow the probe
    const expected = new Map<string, boolean>(); // key → uncertain
    for (const policy of selecting) {
      for (let i = 0; i < oracle.ruleCount(policy, direction); i++) {
        const v = oracle.ruleVerdict(policy, direction, i, peer, to, port, protocol);
        if (v !== 'no') expected.set(`${policyId(policy)} ${direction.toLowerCase()} rule ${i}`, v === 'maybe');
      }
    }
    const seen = new Set<string>();
    for (const ref of side.allowedBy) {
      const key = `${ref.policy} ${ref.direction} rule ${ref.rule}`;
      if (seen.has(key)) say(`${where}: allowedBy lists ${key} twice`);
      seen.add(key);
      if (ref.direction !== direction.toLowerCase()) {
        say(`${where}: allowedBy entry ${key} has direction ${ref.direction}`);
        continue;
      }
      const unc = expected.get(key);
      if (unc === undefined) {
        const policy = oracle.policies.find((p) => policyId(p) === ref.policy);
        const why = !policy
          ? 'no such policy'
          : !selecting.includes(policy)
            ? `the policy does not select ${self.id} for ${direction}`
            : ref.rule >= oracle.ruleCount(policy, direction)
              ? `the policy has ${oracle.ruleCount(policy, direction)} ${direction.toLowerCase()} rules`
              : 'the oracle says this rule does not allow the probe';
        say(`${where}: allowedBy lists ${key}, but ${why}`);
        continue;
      }
      if (!sameList(ref.ports, [asked])) say(`${where}: allowedBy ${key} ports ${JSON.stringify(ref.ports)}, expected ${JSON.stringify([asked])}`);
      if ((ref.uncertain === true) !== unc) {
        say(`${where}: allowedBy ${key} uncertain ${JSON.stringify(ref.uncertain)}, expected ${unc ? 'true (matches the peer only through a partly overlapping ipBlock)' : 'absent'}`);
      }
    }
    const missing = [...expected.keys()].filter((k) => !seen.has(k));
    if (missing.length > 0) say(`${where}: allowedBy lacks ${missing.join(', ')} (they allow the probe)`);
    if (isolated && sideAllowed && side.allowedBy.length === 0) say(`${where}: isolated and allows the probe, but allowedBy is empty`);
    if (!isolated && side.allowedBy.length > 0) say(`${where}: not isolated, but allowedBy is not empty`);
  }
}

/**
 * Runs every probe through `explainFn` and checks it. An IPv6 address may be unknown to the engine
 * when nothing in the cluster is IPv6; anything else unknown is a problem.
 */
export function checkExplainProbes(
  c: BuiltCluster,
  specs: readonly ExplainProbeSpec[],
  explainFn: (from: string, to: string, protocol: Protocol, port: number) => ExplainOutcome,
): string[] {
  const opts = oracleOptions(c);
  const oracle = new Oracle(c.manifests, opts);
  const pessimist = new Oracle(c.manifests, { ...opts, partialIpBlocks: 'no-match' });
  const problems: string[] = [];
  const v6 = ipv6Required(oracle, c);
  for (const probe of resolveProbes(oracle, specs)) {
    const outcome = explainFn(probe.fromArg, probe.toArg, probe.protocol, probe.port);
    if (outcome.kind !== 'explained') {
      if (probe.address?.family === 6 && !v6 && outcome.id === `ip:${formatIp(probe.address)}`) continue;
      problems.push(`explain(${probe.fromArg}, ${probe.toArg}, ${probe.protocol}/${probe.port}): unknown endpoint ${outcome.id}`);
      continue;
    }
    checkExplanation(oracle, pessimist, probe, outcome.result, problems);
  }
  return problems.slice(0, 12);
}
