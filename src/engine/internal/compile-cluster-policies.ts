import type { Cidr } from '../../values/ip-address.js';
import { matchesSelector, selectorKey } from '../../k8s/label-selector.js';
import type { ClusterPodSelection, ClusterPolicy, ClusterRule, ClusterTier, Diagnostic, IpBlock } from '../../k8s/types.js';
import { PROTOCOLS } from '../../k8s/types.js';
import { Bitset } from './bitset.js';
import type { ClusterTiers, CompiledClusterPolicy, CompiledClusterRule, Effect, PriorityGroup } from './cluster-tiers.js';
import { type Direction, type SelectorEvaluator, addIpBlockPeers } from './compile-policies.js';
import type { Observables, PodState, Universe } from './endpoint-classes.js';
import { ALL, EMPTY, type PortSet, portRange, portSetKey, union } from '../../values/port-set.js';

/** The BaselineAdminNetworkPolicy has no priority: it comes after every tier Baseline ClusterNetworkPolicy. */
const BANP_ORDER = 1001;
const orderOf = (policy: ClusterPolicy): number => policy.priority ?? BANP_ORDER;

const EFFECTS: Record<ClusterRule['action'], Effect> = { Allow: 'allow', Accept: 'allow', Deny: 'deny', Pass: 'pass' };

const describe = (p: ClusterPolicy) => `${p.kind} ${p.name}`;

/** The cluster policies of one side compiled over the universe's classes; undefined when there are none. */
export function compileClusterPolicies(
  side: number,
  policies: readonly ClusterPolicy[],
  universe: Universe,
  evaluator: SelectorEvaluator,
  podCidrs: readonly Cidr[],
): ClusterTiers | undefined {
  if (policies.length === 0) return undefined;
  const n = universe.classes.length;
  const diagnostics: Diagnostic[] = [];
  const allPods = () => Array.from({ length: universe.podClassCount }, (_, i) => i);
  const podNetwork = (key: string, test: (s: PodState) => boolean) => evaluator.evaluate(side, key, allPods, (s) => !s.hostNetwork && test(s));
  const pods = {
    knownIps: podNetwork('cluster-known-ips', (s) => s.podIPs !== undefined),
    unknownIps: podNetwork('cluster-unknown-ips', (s) => s.podIPs === undefined),
  };
  const hostNetworked = evaluator.evaluate(side, 'host-network', allPods, (s) => s.hostNetwork === true);
  const everything = evaluator.evaluate(side, 'present', allPods, () => true).clone();
  for (let i = universe.podClassCount; i < n; i++) everything.add(i);

  const select = (selection: ClusterPodSelection): Bitset => {
    const { namespaceSelector, podSelector } = selection;
    const candidates = () => {
      const out: number[] = [];
      for (const [ns, labels] of universe.namespaceLabels[side]!) if (matchesSelector(namespaceSelector, labels)) out.push(...(universe.byNamespace.get(ns) ?? []));
      return out;
    };
    const key = `cluster\u0000${selectorKey(namespaceSelector)}\u0000${podSelector ? selectorKey(podSelector) : '*'}`;
    return evaluator.evaluate(side, key, candidates, (s) =>
      !s.hostNetwork && matchesSelector(namespaceSelector, s.namespaceLabels) && (podSelector === undefined || matchesSelector(podSelector, s.labels)),
    );
  };

  const compileRule = (policy: ClusterPolicy, direction: Direction, rule: ClusterRule, index: number): CompiledClusterRule => {
    const where = `${describe(policy)}: ${direction} rule ${index + 1}${rule.name ? ` (${rule.name})` : ''}`;
    let numeric: PortSet = rule.ports ? EMPTY : ALL;
    const named: string[] = [];
    for (const port of rule.ports ?? []) {
      if ('name' in port) named.push(port.name);
      else if (port.from <= port.to) numeric = union(numeric, portRange(port.protocol, port.from, port.to));
    }
    const effect = EFFECTS[rule.action];
    const peers = new Bitset(n);
    const blocks: IpBlock[] = [];
    const unevaluated = new Set<'nodes' | 'domainNames'>();
    let uncertain: Bitset | undefined;
    let failClosed = false;
    for (const peer of rule.peers) {
      if (peer.kind === 'pods') peers.orWith(select(peer));
      else if (peer.kind === 'networks') blocks.push(...peer.cidrs.map((cidr) => ({ cidr, except: [] })));
      else if (peer.kind === 'unrecognised') failClosed = true;
      else unevaluated.add(peer.kind);
    }
    if (failClosed) {
      // A peer of an unknown kind: an Allow or Accept rule matches nothing, a Deny or Pass rule denies every peer on its ports.
      const matches = effect === 'allow' ? new Bitset(n) : everything;
      return { policy, direction, index, rule, effect: effect === 'allow' ? 'allow' : 'deny', peers: matches, uncertain: undefined, numeric, named, resolved: new Map(), unevaluated: [] };
    }
    if (blocks.length > 0) {
      uncertain = addIpBlockPeers(peers, blocks, universe, side, pods, podCidrs);
      if (uncertain) {
        diagnostics.push({
          file: rule.location.file,
          line: rule.location.line,
          severity: 'warning',
          message: `${where} has networks that cover only part of the pod CIDRs, so it may or may not match pods: both outcomes are evaluated and paths where they differ are marked uncertain (--pod-cidr with your cluster's pod CIDRs settles it)`,
        });
      }
      // Host-networked pods have node addresses, which manifests do not give.
      const hosts = hostNetworked.clone();
      hosts.andNotWith(peers);
      if (!hosts.isEmpty()) {
        peers.orWith(hosts);
        if (uncertain) uncertain.orWith(hosts);
        else uncertain = hosts;
      }
    }
    if (unevaluated.size > 0) {
      diagnostics.push({
        file: rule.location.file,
        line: rule.location.line,
        severity: 'info',
        message: `${where}: ${[...unevaluated].join(' and ')} peers are not evaluated (manifests give no node addresses or DNS answers): they match no workload and no external endpoint here`,
      });
    }
    return { policy, direction, index, rule, effect, peers, uncertain, numeric, named, resolved: new Map(), unevaluated: [...unevaluated] };
  };

  const compiled: CompiledClusterPolicy[] = [...policies]
    .sort((a, b) => (a.tier !== b.tier ? (a.tier === 'Admin' ? -1 : 1) : orderOf(a) - orderOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .map((policy) => {
      const targets = select(policy.subject);
      if (targets.isEmpty()) {
        diagnostics.push({ file: policy.location.file, line: policy.location.line, severity: 'warning', message: `${describe(policy)} selects no workload` });
      }
      return {
        policy,
        targets,
        ingress: policy.ingress.map((r, i) => compileRule(policy, 'ingress', r, i)),
        egress: policy.egress.map((r, i) => compileRule(policy, 'egress', r, i)),
      };
    });
  diagnostics.push(...tieDiagnostics(compiled));
  const groupsFor = (tier: ClusterTier, direction: Direction) => perClassGroups(compiled.filter((p) => p.policy.tier === tier && p[direction].length > 0), n);
  return {
    policies: compiled,
    Admin: { ingress: groupsFor('Admin', 'ingress'), egress: groupsFor('Admin', 'egress') },
    Baseline: { ingress: groupsFor('Baseline', 'ingress'), egress: groupsFor('Baseline', 'egress') },
    diagnostics,
  };
}

/** Per class, the priority groups of the (sorted) policies that select it; classes selected alike share one list. */
function perClassGroups(policies: readonly CompiledClusterPolicy[], n: number): PriorityGroup[][] {
  const selecting: number[][] = Array.from({ length: n }, () => []);
  policies.forEach((p, i) => p.targets.forEach((c) => selecting[c]!.push(i)));
  const shared = new Map<string, PriorityGroup[]>();
  return selecting.map((indexes) => {
    const key = indexes.join(',');
    let groups = shared.get(key);
    if (!groups) {
      groups = [];
      for (const i of indexes) {
        const policy = policies[i]!;
        const last = groups[groups.length - 1];
        if (last && last.priority === orderOf(policy.policy)) last.policies.push(policy);
        else groups.push({ priority: orderOf(policy.policy), policies: [policy] });
      }
      shared.set(key, groups);
    }
    return groups;
  });
}

/** Policies of one tier with equal priorities that select some workload in common, for a direction both have rules of. */
function tieDiagnostics(policies: readonly CompiledClusterPolicy[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [i, a] of policies.entries()) {
    for (const b of policies.slice(i + 1)) {
      if (a.policy.tier !== b.policy.tier || orderOf(a.policy) !== orderOf(b.policy)) continue;
      const directions = (['ingress', 'egress'] as const).filter((d) => a[d].length > 0 && b[d].length > 0);
      const common = a.targets.clone();
      common.andNotWith(notIn(b.targets));
      if (directions.length === 0 || common.isEmpty()) continue;
      out.push({
        file: b.policy.location.file,
        line: b.policy.location.line,
        severity: 'warning',
        message: `${describe(b.policy)} and ${describe(a.policy)} (${a.policy.location.file}:${a.policy.location.line}) both have priority ${orderOf(a.policy)} in the ${a.policy.tier} tier and select the same workloads (${directions.join(' and ')}): the API leaves their order undefined, so paths where they decide differently are reported as allowed and uncertain`,
      });
    }
  }
  return out;
}

function notIn(set: Bitset): Bitset {
  const out = new Bitset(set.size);
  for (let w = 0; w < out.words.length; w++) out.words[w] = ~set.words[w]!;
  return out;
}

/** The ports a cluster rule matches towards destination class `dest` (named ports resolve against it). */
export function clusterRulePorts(rule: CompiledClusterRule, universe: Universe, side: number, dest: number): PortSet {
  if (rule.named.length === 0) return rule.numeric;
  let ports = rule.resolved.get(dest);
  if (ports) return ports;
  ports = rule.numeric;
  const state = universe.classes[dest]!.states[side];
  for (const p of state?.ports ?? []) if (p.name !== undefined && rule.named.includes(p.name)) ports = union(ports, portRange(p.protocol, p.port, p.port));
  rule.resolved.set(dest, ports);
  return ports;
}

/** A cluster policy's rules of one direction as a text, equal on two sides when they match alike outside `mask`. */
function rulesFingerprint(policy: CompiledClusterPolicy, direction: Direction, mask: Bitset, cache: Map<object, string>): string {
  const rules = policy[direction];
  const known = cache.get(rules);
  if (known !== undefined) return known;
  const text = rules
    .map((r) => {
      let f = cache.get(r);
      if (f === undefined) {
        f = `${r.effect}|${portSetKey(r.numeric)}|${r.named.join(',')}|${r.peers.keyOutside(mask)}|${r.uncertain?.keyOutside(mask) ?? ''}`;
        cache.set(r, f);
      }
      return f;
    })
    .join(';');
  cache.set(rules, text);
  return text;
}

const NO_GROUPS: readonly PriorityGroup[] = [];

/**
 * The peers whose verdict for class `c`'s direction the cluster tiers may decide differently on the two
 * sides (outside the `mask` classes), or undefined when the tiers treat it alike. A policy present on one side
 * only, or with other rules, tier or priority, can change the first match only for peers some rule of it
 * matches: for any other peer the walk meets the same rules in the same order.
 */
export function changedTierPeers(
  base: ClusterTiers | undefined,
  head: ClusterTiers | undefined,
  c: number,
  direction: Direction,
  mask: Bitset,
  cache: Map<object, string>,
): Bitset | undefined {
  const sides = [base, head].map((t) => [t?.Admin[direction][c] ?? NO_GROUPS, t?.Baseline[direction][c] ?? NO_GROUPS] as const);
  // Classes selected alike share their group lists, so the answer is the same for every class with the same four lists.
  let memo = changedPeersMemo.get(cache);
  if (!memo) changedPeersMemo.set(cache, (memo = new Map()));
  const memoKey = sides
    .flat()
    .map((groups) => {
      let id = cache.get(groups);
      if (id === undefined) cache.set(groups, (id = `g${cache.size}`));
      return id;
    })
    .join(',')
    .concat(direction);
  if (memo.has(memoKey)) return memo.get(memoKey);
  const placed = (groups: readonly (readonly PriorityGroup[])[]) => {
    const out = new Map<string, { policy: CompiledClusterPolicy; key: string }>();
    for (const [t, tier] of (['Admin', 'Baseline'] as const).entries()) {
      for (const group of groups[t]!) {
        for (const policy of group.policies) out.set(policy.policy.id, { policy, key: `${tier}|${group.priority}|${rulesFingerprint(policy, direction, mask, cache)}` });
      }
    }
    return out;
  };
  const before = placed(sides[0]!);
  const after = placed(sides[1]!);
  let peers: Bitset | undefined;
  const add = (policy: CompiledClusterPolicy) => {
    for (const rule of policy[direction]) {
      if (!peers) peers = rule.peers.clone();
      else peers.orWith(rule.peers);
    }
  };
  for (const [id, b] of before) {
    const a = after.get(id);
    if (a && a.key === b.key) continue;
    add(b.policy);
    if (a) add(a.policy);
  }
  for (const [id, a] of after) if (!before.has(id)) add(a.policy);
  memo.set(memoKey, peers);
  return peers;
}

/** Per diff (its fingerprint cache), the answers of changedTierPeers by the group lists they were asked for. */
const changedPeersMemo = new WeakMap<Map<object, string>, Map<string, Bitset | undefined>>();

/** Registers what cluster policies can tell apart: their selectors (cluster-wide), named ports (any protocol), networks. */
export function observeClusterPolicies(policies: readonly ClusterPolicy[], observed: Observables): void {
  const selection = (s: ClusterPodSelection) => {
    observed.namespaceLabels.add(s.namespaceSelector);
    observed.podLabels.add(s.podSelector);
  };
  for (const policy of policies) {
    observed.hostNetwork = true;
    selection(policy.subject);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers) {
        if (peer.kind === 'pods') selection(peer);
        else if (peer.kind === 'networks') observed.podIPs = true;
      }
      for (const port of rule.ports ?? []) if ('name' in port) for (const protocol of PROTOCOLS) observed.namedPorts.add(`${protocol}/${port.name}`);
    }
  }
}
