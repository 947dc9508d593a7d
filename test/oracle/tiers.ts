/**
 * A deliberately naive reference evaluator of the cluster-wide tiers of kubernetes-sigs/network-policy-api
 * (AdminNetworkPolicy and BaselineAdminNetworkPolicy v1alpha1, ClusterNetworkPolicy v1alpha2), written from
 * the API reference, on top of the NetworkPolicy oracle. It shares nothing with the engine.
 *
 * One direction (egress of the source, ingress of the destination), subject = the pod whose side it is:
 * 1. Admin tier: every AdminNetworkPolicy and `tier: Admin` ClusterNetworkPolicy whose subject selects the
 *    subject, by ascending priority; each policy's rules of the direction in written order; the first rule
 *    whose peers and ports match decides: Allow/Accept → allowed, Deny → denied, Pass → go to step 2.
 * 2. If a NetworkPolicy of the direction selects the subject, it decides (Baseline is not reached).
 * 3. Baseline tier: `tier: Baseline` ClusterNetworkPolicies by priority, then the BaselineAdminNetworkPolicy;
 *    first match: Allow/Accept → allowed, Deny → denied, Pass → step 4.
 * 4. Allowed.
 * Subjects and pods/namespaces peers never select host-networked pods. `namespaces` = pods of matching
 * namespaces; `pods` = namespaceSelector AND podSelector (v1alpha2 may omit namespaceSelector: all).
 * Ports: absent = all; numbers, inclusive ranges; a named port = a container port of the destination pod
 * with that name (any protocol: the container port's own). `networks`: a pod with known IPs matches by
 * IP; a pod without IPs is judged by the rule's networks together against the pod CIDRs (contain them all:
 * match; disjoint: no; else maybe); a host-networked pod: maybe. IP endpoints match by address.
 * `nodes` and `domainNames` match nothing here. A peer with no known field fails closed: an Allow or Accept
 * rule then matches nothing, a Deny or Pass rule denies everything.
 *
 * What the API leaves open is enumerated, not guessed: policies of one tier with equal priorities are tried
 * in every order, and every 'maybe' match both ways (each rule on its own). A direction's answer is the set
 * of outcomes over all of them; the connection may be allowed when both directions may allow it, and surely
 * is when both surely do.
 */
import { blockSet, emptySet, intersect, isEmpty, isSubset, parseCidr, parseIp, setContains, setOfCidr, union, type IpSet } from './ip.js';
import type { ClusterPeerManifest, ClusterPolicyManifest, ClusterRuleManifest, NamespacedPodManifest } from './cluster-manifests.js';
import type { LabelSelector, Manifest, Protocol } from './manifests.js';
import { PROTOCOLS } from './manifests.js';
import { DEFAULT_POD_CIDRS, Oracle, selectorMatches, type Endpoint, type OracleOptions, type PodEndpoint, type Tri } from './oracle.js';
import { addRanges, emptyPorts, MAX_PORT, MIN_PORT, type PortSet } from './ports.js';

type Direction = 'Ingress' | 'Egress';
type Outcome = 'allow' | 'deny';

interface Policy {
  manifest: ClusterPolicyManifest;
  tier: 'Admin' | 'Baseline';
  /** Place in its tier; the BaselineAdminNetworkPolicy after every Baseline ClusterNetworkPolicy. */
  order: number;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

function* product<T>(lists: readonly T[][][]): Generator<T[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  for (const head of lists[0]!) for (const tail of product(lists.slice(1))) yield [...head, ...tail];
}

export class TierOracle {
  readonly np: Oracle;
  private readonly policies: Policy[] = [];
  private readonly hostNetwork = new Set<string>();
  private readonly podCidrSet: IpSet;

  constructor(manifests: readonly (Manifest | ClusterPolicyManifest)[], options: OracleOptions = {}) {
    const plain = manifests.filter((m): m is Manifest => !m.apiVersion.startsWith('policy.networking.k8s.io/'));
    this.np = new Oracle(plain, options);
    let s = emptySet();
    for (const c of options.podCidrs ?? DEFAULT_POD_CIDRS) s = union(s, setOfCidr(parseCidr(c)));
    this.podCidrSet = s;
    for (const m of plain) {
      if (m.kind === 'Pod' && m.spec.hostNetwork === true) this.hostNetwork.add(`${m.metadata.namespace ?? options.defaultNamespace ?? 'default'}/Pod/${m.metadata.name}`);
    }
    for (const m of manifests) {
      if (m.kind === 'AdminNetworkPolicy') this.policies.push({ manifest: m, tier: 'Admin', order: m.spec.priority });
      else if (m.kind === 'BaselineAdminNetworkPolicy') this.policies.push({ manifest: m, tier: 'Baseline', order: 1001 });
      else if (m.kind === 'ClusterNetworkPolicy') this.policies.push({ manifest: m, tier: m.spec.tier, order: m.spec.priority });
    }
  }

  private selects(selection: { namespaces?: LabelSelector; pods?: NamespacedPodManifest }, ep: Endpoint): boolean {
    if (ep.kind !== 'pod' || this.hostNetwork.has(ep.id)) return false;
    const nsLabels = this.np.labelsOfNamespace(ep.namespace);
    if (selection.namespaces) return selectorMatches(selection.namespaces, nsLabels);
    const pods = selection.pods!;
    return selectorMatches(pods.namespaceSelector ?? {}, nsLabels) && selectorMatches(pods.podSelector, ep.labels);
  }

  /** Does a rule's peer list match `peer`? (Fail-closed peers are handled by the caller.) */
  private peersMatch(peers: readonly ClusterPeerManifest[], peer: Endpoint): Tri {
    const networks = peers.flatMap((p) => p.networks ?? []);
    let verdict: Tri = 'no';
    for (const p of peers) {
      if ((p.namespaces || p.pods) && this.selects(p, peer)) return 'yes';
    }
    if (networks.length === 0) return verdict;
    let set = emptySet();
    for (const c of networks) set = union(set, blockSet(c, []));
    if (peer.kind === 'ip') {
      const ip = parseIp(peer.ip);
      return ip && setContains(set, ip) ? 'yes' : 'no';
    }
    if (this.hostNetwork.has(peer.id)) return 'maybe';
    if (peer.ips) {
      for (const text of peer.ips) {
        const ip = parseIp(text);
        if (ip && setContains(set, ip)) return 'yes';
      }
      return 'no';
    }
    if (isEmpty(intersect(set, this.podCidrSet))) verdict = 'no';
    else verdict = isSubset(this.podCidrSet, set) ? 'yes' : 'maybe';
    return verdict;
  }

  private portsMatch(rule: ClusterRuleManifest, dst: Endpoint, port: number, protocol: Protocol): boolean {
    const named = (name: string) => dst.kind === 'pod' && dst.ports.some((cp) => cp.name === name && cp.protocol === protocol && cp.port === port);
    if (rule.ports !== undefined) {
      return rule.ports.some((p) => {
        if (p.portNumber) return (p.portNumber.protocol ?? 'TCP') === protocol && p.portNumber.port === port;
        if (p.portRange) return (p.portRange.protocol ?? 'TCP') === protocol && p.portRange.start <= port && port <= p.portRange.end;
        return named(p.namedPort!);
      });
    }
    if (rule.protocols !== undefined) {
      return rule.protocols.some((p) => {
        if (p.destinationNamedPort !== undefined) return named(p.destinationNamedPort);
        const proto = p.tcp ? 'TCP' : p.udp ? 'UDP' : 'SCTP';
        const d = (p.tcp ?? p.udp ?? p.sctp)!.destinationPort;
        if (proto !== protocol) return false;
        return d.number !== undefined ? d.number === port : d.range!.start <= port && port <= d.range!.end;
      });
    }
    return true;
  }

  /** A rule's effect on this traffic: what it does and whether it surely, maybe or never matches. */
  private ruleEffect(policy: Policy, rule: ClusterRuleManifest, direction: Direction, peer: Endpoint, dst: Endpoint, port: number, protocol: Protocol): { action: 'allow' | 'deny' | 'pass'; match: Tri } {
    const peers = (direction === 'Ingress' ? rule.from : rule.to) ?? [];
    const action = rule.action === 'Allow' || rule.action === 'Accept' ? 'allow' : rule.action === 'Deny' ? 'deny' : 'pass';
    // Ingress peers: namespaces, pods. Egress peers add nodes and networks, and domainNames except in a BANP.
    const known = direction === 'Ingress' ? ['namespaces', 'pods'] : ['namespaces', 'pods', 'networks', 'nodes', ...(policy.manifest.kind === 'BaselineAdminNetworkPolicy' ? [] : ['domainNames'])];
    const failClosed = peers.some((p) => !Object.keys(p).some((k) => known.includes(k)));
    if (failClosed) return action === 'allow' ? { action, match: 'no' } : { action: 'deny', match: this.portsMatch(rule, dst, port, protocol) ? 'yes' : 'no' };
    if (!this.portsMatch(rule, dst, port, protocol)) return { action, match: 'no' };
    return { action, match: this.peersMatch(peers, peer) };
  }

  /** The possible outcomes of one tier: 'allow', 'deny', 'next'. */
  private tierOutcomes(tier: 'Admin' | 'Baseline', direction: Direction, self: Endpoint, peer: Endpoint, dst: Endpoint, port: number, protocol: Protocol): Set<Outcome | 'next'> {
    const selecting = this.policies.filter((p) => p.tier === tier && this.selects(p.manifest.spec.subject, self));
    const priorities = [...new Set(selecting.map((p) => p.order))].sort((a, b) => a - b);
    const groups = priorities.map((o) => permutations(selecting.filter((p) => p.order === o)));
    const out = new Set<Outcome | 'next'>();
    for (const order of product(groups)) {
      const effects = order.flatMap((p) => ((direction === 'Ingress' ? p.manifest.spec.ingress : p.manifest.spec.egress) ?? []).map((r) => this.ruleEffect(p, r, direction, peer, dst, port, protocol)));
      const maybes = effects.filter((e) => e.match === 'maybe').length;
      for (let mask = 0; mask < 1 << maybes; mask++) {
        let bit = 0;
        let outcome: Outcome | 'next' = 'next';
        for (const e of effects) {
          const matches = e.match === 'yes' || (e.match === 'maybe' && (mask >> bit++) % 2 === 1);
          if (!matches) continue;
          outcome = e.action === 'pass' ? 'next' : e.action;
          break;
        }
        out.add(outcome);
      }
    }
    return out;
  }

  /** What the NetworkPolicies say for this direction: undefined when none selects the subject. */
  private networkPolicyOutcomes(direction: Direction, self: Endpoint, peer: Endpoint, dst: Endpoint, port: number, protocol: Protocol): Set<Outcome> | undefined {
    const policies = this.np.selecting(direction, self);
    if (policies.length === 0) return undefined;
    let best: Tri = 'no';
    for (const policy of policies) {
      for (let i = 0; i < this.np.ruleCount(policy, direction); i++) {
        const v = this.np.ruleVerdict(policy, direction, i, peer, dst, port, protocol);
        if (v === 'yes') return new Set(['allow']);
        if (v === 'maybe') best = 'maybe';
      }
    }
    return best === 'maybe' ? new Set(['allow', 'deny']) : new Set(['deny']);
  }

  /** Every outcome one direction may have. */
  directionOutcomes(direction: Direction, self: Endpoint, peer: Endpoint, dst: Endpoint, port: number, protocol: Protocol): Set<Outcome> {
    if (self.kind !== 'pod') return new Set(['allow']);
    const out = new Set<Outcome>();
    const admin = this.tierOutcomes('Admin', direction, self, peer, dst, port, protocol);
    for (const o of admin) if (o !== 'next') out.add(o);
    if (!admin.has('next')) return out;
    const np = this.networkPolicyOutcomes(direction, self, peer, dst, port, protocol);
    if (np) {
      for (const o of np) out.add(o);
      return out;
    }
    for (const o of this.tierOutcomes('Baseline', direction, self, peer, dst, port, protocol)) out.add(o === 'next' ? 'allow' : o);
    return out;
  }

  /** 'yes' surely allowed, 'maybe' allowed in some of the outcomes the API leaves open, 'no' surely denied. */
  verdict(src: Endpoint, dst: Endpoint, port: number, protocol: Protocol): Tri {
    const egress = this.directionOutcomes('Egress', src, dst, dst, port, protocol);
    const ingress = this.directionOutcomes('Ingress', dst, src, dst, port, protocol);
    if (!egress.has('allow') || !ingress.has('allow')) return 'no';
    return egress.size === 1 && ingress.size === 1 ? 'yes' : 'maybe';
  }

  /** Every port where a verdict can change: the NetworkPolicy oracle's, plus the cluster rules' numbers and ranges. */
  portBreakpoints(): number[] {
    const b = new Set(this.np.portBreakpoints());
    for (const p of this.policies) {
      for (const rule of [...(p.manifest.spec.ingress ?? []), ...(p.manifest.spec.egress ?? [])]) {
        for (const port of rule.ports ?? []) {
          if (port.portNumber) b.add(port.portNumber.port).add(port.portNumber.port + 1);
          if (port.portRange) b.add(port.portRange.start).add(port.portRange.end + 1);
        }
        for (const proto of rule.protocols ?? []) {
          const d = (proto.tcp ?? proto.udp ?? proto.sctp)?.destinationPort;
          if (d?.number !== undefined) b.add(d.number).add(d.number + 1);
          if (d?.range) b.add(d.range.start).add(d.range.end + 1);
        }
      }
    }
    return [...b].filter((x) => x >= MIN_PORT && x <= MAX_PORT + 1).sort((x, y) => x - y);
  }

  /** The ports that may be allowed, and those surely allowed, between two endpoints. */
  ports(src: Endpoint, dst: Endpoint, breakpoints: readonly number[] = this.portBreakpoints()): { maybe: PortSet; sure: PortSet } {
    const maybe = emptyPorts();
    const sure = emptyPorts();
    for (const protocol of PROTOCOLS) {
      const m: [number, number][] = [];
      const s: [number, number][] = [];
      for (let i = 0; i + 1 < breakpoints.length; i++) {
        const lo = breakpoints[i]!;
        const v = this.verdict(src, dst, lo, protocol);
        if (v !== 'no') m.push([lo, breakpoints[i + 1]! - 1]);
        if (v === 'yes') s.push([lo, breakpoints[i + 1]! - 1]);
      }
      addRanges(maybe, protocol, m);
      addRanges(sure, protocol, s);
    }
    return { maybe, sure };
  }

  get pods(): readonly PodEndpoint[] {
    return this.np.pods;
  }

  /** Every CIDR of the networks peers. */
  networkCidrs(): string[] {
    return [...new Set(this.policies.flatMap((p) => [...(p.manifest.spec.ingress ?? []), ...(p.manifest.spec.egress ?? [])]).flatMap((r) => [...(r.from ?? []), ...(r.to ?? [])]).flatMap((peer) => peer.networks ?? []))];
  }
}
