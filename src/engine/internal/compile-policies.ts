import type { Cidr } from '../../values/ip-address.js';
import { matchesSelector, selectorKey } from '../../k8s/label-selector.js';
import type { Diagnostic, IpBlock, LabelSelector, NetworkPolicy, PolicyRule, Protocol } from '../../k8s/types.js';
import { Bitset } from './bitset.js';
import type { ClusterTiers } from './cluster-tiers.js';
import type { PodState, Universe } from './endpoint-classes.js';
import { atomsCoveredBy, ipBlocksRanges, ipsMatch, judgePodCidrs } from './ip-atoms.js';
import { ALL, EMPTY, type PortSet, allPortsOf, portRange, portSetKey, union } from '../../values/port-set.js';

export type Direction = 'ingress' | 'egress';

export interface CompiledRule {
  policy: NetworkPolicy;
  direction: Direction;
  index: number;
  rule: PolicyRule;
  /** Classes (pods and atoms) the rule admits as peers, including uncertain ones. */
  peers: Bitset;
  /** Pod classes admitted only through an ipBlock that partly overlaps the pod CIDRs. */
  uncertain: Bitset | undefined;
  /** Numbered ports (and whole protocols); named ports resolve per destination. */
  numeric: PortSet;
  named: { protocol: Protocol; name: string }[];
  resolved: Map<number, PortSet>;
}

export interface CompiledPolicy {
  policy: NetworkPolicy;
  targets: Bitset;
  ingress: CompiledRule[];
  egress: CompiledRule[];
  /** The warnings compiling it gave. */
  diagnostics: Diagnostic[];
}

/** One side's policies compiled over the universe's classes. */
export interface CompiledSide {
  side: number;
  universe: Universe;
  policies: CompiledPolicy[];
  /** Per class: the policies of each direction that select it (non-empty = isolated). */
  ingressPolicies: CompiledPolicy[][];
  egressPolicies: CompiledPolicy[][];
  /** Per class: the rules of those policies. */
  ingressRules: CompiledRule[][];
  egressRules: CompiledRule[][];
  /** The cluster-wide tiers (AdminNetworkPolicy and kin), when the side has any. */
  tiers?: ClusterTiers;
  diagnostics: Diagnostic[];
}

/**
 * Evaluates selectors over classes once per distinct selector and side; the second side starts from the
 * first side's answer and re-evaluates only the classes whose state changed.
 */
export class SelectorEvaluator {
  private readonly cache = new Map<string, (Bitset | undefined)[]>();

  constructor(private readonly universe: Universe) {}

  evaluate(side: number, key: string, candidates: () => Iterable<number>, predicate: (state: PodState) => boolean): Bitset {
    let entry = this.cache.get(key);
    if (!entry) this.cache.set(key, (entry = new Array(this.universe.sides).fill(undefined)));
    const cached = entry[side];
    if (cached) return cached;
    const u = this.universe;
    const test = (i: number) => {
      const state = u.classes[i]!.states[side];
      return state !== undefined && predicate(state);
    };
    const donor = entry.find((b) => b !== undefined);
    let bits: Bitset;
    if (donor) {
      bits = donor.clone();
      u.changed.forEach((i) => (test(i) ? bits.add(i) : bits.delete(i)));
    } else {
      bits = new Bitset(u.classes.length);
      for (const i of candidates()) if (test(i)) bits.add(i);
    }
    entry[side] = bits;
    return bits;
  }
}

interface CompileOptions {
  podCidrs: readonly Cidr[];
  /** The DNS check runs: an egress rule only to DNS ports is its business, even where its peers match no workload here. */
  dnsCheck: boolean;
}

/** An egress rule that allows only DNS (port 53): its peers are usually the cluster DNS, which the repository rarely holds. */
const onlyDns = (rule: PolicyRule) => rule.ports !== undefined && rule.ports.length > 0 && rule.ports.every((p) => p.port === 53 && (p.endPort ?? 53) === 53 && p.protocol !== 'SCTP');

/**
 * Compiles one side's policies. `previous`: another side compiled over the same universe, given when
 * no class changed between the sides (every selector then selects alike on both): a policy that is
 * the very object that side compiled (read once from a file both sides hold alike) is taken from it.
 */
export function compileSide(
  side: number,
  policies: readonly NetworkPolicy[],
  universe: Universe,
  evaluator: SelectorEvaluator,
  options: CompileOptions,
  previous?: CompiledSide,
): CompiledSide {
  const n = universe.classes.length;
  const inNamespace = (ns: string) => () => universe.byNamespace.get(ns) ?? [];
  /** The pod classes of the namespaces (present on this side) a namespace selector matches. */
  const inMatchingNamespaces = (sel: LabelSelector) => () => {
    const out: number[] = [];
    for (const [ns, labels] of universe.namespaceLabels[side]!) if (matchesSelector(sel, labels)) out.push(...(universe.byNamespace.get(ns) ?? []));
    return out;
  };
  const allPods = () => {
    const out: number[] = [];
    for (let i = 0; i < universe.podClassCount; i++) out.push(i);
    return out;
  };

  const podsOfPeer = (policyNs: string, podSelector: LabelSelector | undefined, namespaceSelector: LabelSelector | undefined): Bitset => {
    const podKey = podSelector ? selectorKey(podSelector) : undefined;
    if (!namespaceSelector) {
      return evaluator.evaluate(side, `pods\u0000${policyNs}\u0000${podKey}`, inNamespace(policyNs), (s) =>
        s.namespace === policyNs && matchesSelector(podSelector!, s.labels),
      );
    }
    return evaluator.evaluate(side, `ns\u0000${selectorKey(namespaceSelector)}\u0000${podKey ?? '*'}`, inMatchingNamespaces(namespaceSelector), (s) =>
      matchesSelector(namespaceSelector, s.namespaceLabels) && (podSelector === undefined || matchesSelector(podSelector, s.labels)),
    );
  };

  const everyPresent = evaluator.evaluate(side, 'present', allPods, () => true);
  const pods = {
    knownIps: evaluator.evaluate(side, 'present-known-ips', allPods, (s) => s.podIPs !== undefined),
    unknownIps: evaluator.evaluate(side, 'present-unknown-ips', allPods, (s) => s.podIPs === undefined),
  };
  const atomClasses = new Bitset(n);
  for (let i = universe.podClassCount; i < n; i++) atomClasses.add(i);

  const compileRule = (policy: NetworkPolicy, direction: Direction, rule: PolicyRule, index: number, diagnostics: Diagnostic[]): CompiledRule => {
    const peers = new Bitset(n);
    let uncertain: Bitset | undefined;
    if (!rule.peers) {
      peers.orWith(everyPresent);
      peers.orWith(atomClasses);
    } else {
      const blocks: IpBlock[] = [];
      for (const [peerIndex, peer] of rule.peers.entries()) {
        if (peer.kind === 'ipBlock') {
          blocks.push(peer.ipBlock);
          continue;
        }
        const pods = podsOfPeer(policy.namespace, peer.podSelector, peer.namespaceSelector);
        if (pods.isEmpty() && !(options.dnsCheck && direction === 'egress' && onlyDns(rule))) {
          diagnostics.push({
            file: rule.location.file,
            line: rule.location.line,
            severity: 'warning',
            message: `NetworkPolicy ${policy.id}: ${direction} rule ${index + 1}, peer ${peerIndex + 1} matches no workload`,
          });
        }
        peers.orWith(pods);
      }
      if (blocks.length > 0) uncertain = addIpBlockPeers(peers, blocks, universe, side, pods, options.podCidrs);
      if (uncertain) {
        diagnostics.push({
          file: rule.location.file,
          line: rule.location.line,
          severity: 'warning',
          message: `NetworkPolicy ${policy.id}: ${direction} rule ${index + 1} has ipBlocks that cover only part of the pod CIDRs, so it may or may not match pods; paths through it are marked uncertain (--pod-cidr with your cluster's pod CIDRs settles it)`,
        });
      }
    }
    let numeric: PortSet = rule.ports ? EMPTY : ALL;
    const named: { protocol: Protocol; name: string }[] = [];
    for (const port of rule.ports ?? []) {
      if (port.port === undefined) numeric = union(numeric, allPortsOf(port.protocol));
      else if (typeof port.port === 'number') numeric = union(numeric, portRange(port.protocol, port.port, port.endPort ?? port.port));
      else named.push({ protocol: port.protocol, name: port.port });
    }
    return { policy, direction, index, rule, peers, uncertain, numeric, named, resolved: new Map() };
  };

  const compiled: CompiledPolicy[] = [];
  const ingressPolicies: CompiledPolicy[][] = Array.from({ length: n }, () => []);
  const egressPolicies: CompiledPolicy[][] = Array.from({ length: n }, () => []);
  const ingressRules: CompiledRule[][] = Array.from({ length: n }, () => []);
  const egressRules: CompiledRule[][] = Array.from({ length: n }, () => []);
  const compiledBefore = new Map(previous?.policies.map((cp) => [cp.policy, cp]));
  const compilePolicy = (policy: NetworkPolicy): CompiledPolicy => {
    const diagnostics: Diagnostic[] = [];
    const perReplica = perReplicaKeys(policy);
    if (perReplica.length > 0) {
      diagnostics.push({
        file: policy.location.file,
        line: policy.location.line,
        severity: 'warning',
        message: `NetworkPolicy ${policy.id} selects pods by ${perReplica.join(', ')}, labels the controllers give each replica (or revision) at run time: the analysis sees a workload's pod template and cannot tell its replicas apart, so these selectors match no workload here`,
      });
    }
    const targets = evaluator.evaluate(side, `pods\u0000${policy.namespace}\u0000${selectorKey(policy.podSelector)}`, inNamespace(policy.namespace), (s) =>
      s.namespace === policy.namespace && matchesSelector(policy.podSelector, s.labels),
    );
    if (targets.isEmpty()) {
      diagnostics.push({
        file: policy.location.file,
        line: policy.location.line,
        severity: 'warning',
        message: `NetworkPolicy ${policy.id} selects no workload in namespace ${policy.namespace}`,
      });
    }
    const ingress = policy.ingress.map((r, i) => compileRule(policy, 'ingress', r, i, diagnostics));
    const egress = policy.egress.map((r, i) => compileRule(policy, 'egress', r, i, diagnostics));
    return { policy, targets, ingress, egress, diagnostics };
  };
  const diagnostics: Diagnostic[] = [];
  for (const policy of policies) {
    const cp = compiledBefore.get(policy) ?? compilePolicy(policy);
    compiled.push(cp);
    diagnostics.push(...cp.diagnostics);
    const isIngress = policy.policyTypes.includes('Ingress');
    const isEgress = policy.policyTypes.includes('Egress');
    cp.targets.forEach((c) => {
      if (isIngress) {
        ingressPolicies[c]!.push(cp);
        ingressRules[c]!.push(...cp.ingress);
      }
      if (isEgress) {
        egressPolicies[c]!.push(cp);
        egressRules[c]!.push(...cp.egress);
      }
    });
  }
  return { side, universe, policies: compiled, ingressPolicies, egressPolicies, ingressRules, egressRules, diagnostics };
}

/** Pod labels set per replica or revision by controllers, never in a pod template. */
const PER_REPLICA_LABELS: ReadonlySet<string> = new Set([
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'batch.kubernetes.io/job-completion-index',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
]);

/** The per-replica label keys the policy's pod selectors use, sorted (it runs for every policy: no allocation when there are none). */
function perReplicaKeys(policy: NetworkPolicy): string[] {
  let found: Set<string> | undefined;
  const scan = (selector: LabelSelector) => {
    for (const r of selector.requirements) if (PER_REPLICA_LABELS.has(r.key)) (found ??= new Set()).add(r.key);
  };
  scan(policy.podSelector);
  for (const rules of [policy.ingress, policy.egress]) for (const rule of rules) for (const peer of rule.peers ?? []) if (peer.kind === 'pods' && peer.podSelector) scan(peer.podSelector);
  return found ? [...found].sort() : [];
}

/** Adds what a rule's ipBlocks match; returns the pod classes matched only uncertainly. */
export function addIpBlockPeers(
  peers: Bitset,
  blocks: readonly IpBlock[],
  universe: Universe,
  side: number,
  pods: { knownIps: Bitset; unknownIps: Bitset },
  podCidrs: readonly Cidr[],
): Bitset | undefined {
  const atoms = universe.classes.slice(universe.podClassCount).map((c) => c.atom!);
  for (const block of blocks) for (const atom of atomsCoveredBy(block, atoms)) peers.add(universe.podClassCount + atoms.indexOf(atom));
  const ranges = ipBlocksRanges(blocks);
  pods.knownIps.forEach((i) => {
    if (ipsMatch(ranges, universe.classes[i]!.states[side]!.podIPs!)) peers.add(i);
  });
  const verdict = judgePodCidrs(ranges, podCidrs);
  if (verdict === 'none') return undefined;
  // A pod a selector peer of the same rule matches is matched for sure, whatever the ipBlocks say.
  let uncertain: Bitset | undefined;
  if (verdict === 'partial') {
    uncertain = pods.unknownIps.clone();
    uncertain.andNotWith(peers);
    if (uncertain.isEmpty()) uncertain = undefined;
  }
  peers.orWith(pods.unknownIps);
  return uncertain;
}

/** The ports a rule allows towards destination class `dest` (named ports resolve against it). */
export function rulePorts(rule: CompiledRule, compiled: CompiledSide, dest: number): PortSet {
  if (rule.named.length === 0) return rule.numeric;
  let ports = rule.resolved.get(dest);
  if (ports) return ports;
  ports = rule.numeric;
  const state = compiled.universe.classes[dest]!.states[compiled.side];
  if (state) {
    for (const { protocol, name } of rule.named) {
      for (const p of state.ports) if (p.name === name && p.protocol === protocol) ports = union(ports, portRange(protocol, p.port, p.port));
    }
  }
  rule.resolved.set(dest, ports);
  return ports;
}

/** A text that is equal for two rules exactly when they allow the same, outside the `mask` classes. */
export function ruleFingerprint(rule: CompiledRule, mask: Bitset): string {
  const named = rule.named.map((p) => `${p.protocol}/${p.name}`).join(',');
  return `${portSetKey(rule.numeric)}|${named}|${rule.peers.keyOutside(mask)}|${rule.uncertain?.keyOutside(mask) ?? ''}`;
}
