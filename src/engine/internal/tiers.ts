import { ALL, EMPTY, type PortSet, intersect, isEmpty, subtract, union } from '../../values/port-set.js';
import type { ClusterRuleCause } from '../types.js';
import type { CompiledClusterPolicy, CompiledClusterRule, PriorityGroup } from './cluster-tiers.js';
import { clusterRulePorts } from './compile-cluster-policies.js';
import type { CompiledSide, Direction } from './compile-policies.js';

/** What a side allows: `maybe` may be allowed, `sure` surely is. */
interface SideVerdict {
  maybe: PortSet;
  sure: PortSet;
}

/** A rule that decided some ports; `uncertain` when it may not be the one that decides them (uncertain match, or a tie). */
interface Decision {
  rule: CompiledClusterRule;
  ports: PortSet;
  uncertain: boolean;
}

/**
 * The possible outcomes of one tier, per port: `allow`, `deny` (ports for which the tier may decide so), and
 * `onward` (ports that may go on to the next tier: passed, or matched by no rule). A port may be in several
 * when an uncertain match or a tie leaves it open which rule decides.
 */
interface TierOutcome {
  allow: PortSet;
  deny: PortSet;
  onward: PortSet;
}

interface Walk {
  side: CompiledSide;
  direction: Direction;
  peer: number;
  dest: number;
  trace: Decision[] | undefined;
}

/** What a tier's rules have decided so far. */
interface Decided {
  allow: PortSet;
  deny: PortSet;
  passed: PortSet;
}

/**
 * First-match over one policy's rules of the walk's direction, from the `undecided` ports: adds what
 * they decide to `decided` and returns the ports they leave undecided. (It runs for every pair of
 * classes a cluster policy selects: it allocates only for the ports a rule matches.)
 */
function walkPolicy(walk: Walk, policy: CompiledClusterPolicy, undecided: PortSet, tie: boolean, decided: Decided): PortSet {
  let left = undecided;
  for (const rule of policy[walk.direction]) {
    if (isEmpty(left)) break;
    if (!rule.peers.has(walk.peer)) continue;
    const ports = intersect(clusterRulePorts(rule, walk.side.universe, walk.side.side, walk.dest), left);
    if (isEmpty(ports)) continue;
    if (rule.effect === 'allow') decided.allow = union(decided.allow, ports);
    else if (rule.effect === 'deny') decided.deny = union(decided.deny, ports);
    else decided.passed = union(decided.passed, ports);
    const uncertain = rule.uncertain?.has(walk.peer) === true;
    if (!uncertain) left = subtract(left, ports);
    walk.trace?.push({ rule, ports, uncertain: uncertain || tie });
  }
  return left;
}

/** One tier over the ports that may reach it. Policies sharing a priority are walked each from the same ports. */
function walkTier(walk: Walk, groups: readonly PriorityGroup[], reaching: PortSet): TierOutcome {
  const decided: Decided = { allow: EMPTY, deny: EMPTY, passed: EMPTY };
  let undecided = reaching;
  for (const group of groups) {
    if (isEmpty(undecided)) break;
    const tie = group.policies.length > 1;
    let left = undecided;
    for (const policy of group.policies) left = intersect(left, walkPolicy(walk, policy, undecided, tie, decided));
    undecided = left;
  }
  return { allow: decided.allow, deny: decided.deny, onward: union(decided.passed, undecided) };
}

/**
 * A direction's verdict through the tiers: Admin (first match by priority: Allow/Accept allow, Deny denies,
 * Pass and no match go on), then the NetworkPolicies when one selects the subject (final), else Baseline,
 * else allowed. `np` gives the NetworkPolicy tier's verdict (asked only when the Admin tier leaves ports to it),
 * `isolated` whether that tier applies.
 */
export function tieredVerdict(
  side: CompiledSide,
  direction: Direction,
  from: number,
  to: number,
  np: () => SideVerdict,
  isolated: boolean,
  trace?: Decision[],
): SideVerdict & { toNetworkPolicies: PortSet } {
  const tiers = side.tiers!;
  const subject = direction === 'egress' ? from : to;
  const admin = tiers.Admin[direction][subject] ?? [];
  const baseline = tiers.Baseline[direction][subject] ?? [];
  const walk: Walk = { side, direction, peer: direction === 'egress' ? to : from, dest: to, trace };
  const a = walkTier(walk, admin, ALL);
  let maybe: PortSet;
  let denied: PortSet;
  let toNetworkPolicies: PortSet = EMPTY;
  if (isolated) {
    toNetworkPolicies = a.onward;
    const verdict = isEmpty(a.onward) ? { maybe: EMPTY, sure: EMPTY } : np();
    maybe = union(a.allow, intersect(a.onward, verdict.maybe));
    denied = union(a.deny, subtract(a.onward, verdict.sure));
  } else {
    const b = walkTier(walk, baseline, a.onward);
    maybe = union(a.allow, union(b.allow, b.onward));
    denied = union(a.deny, b.deny);
  }
  return { maybe, sure: subtract(maybe, denied), toNetworkPolicies };
}

/** Whether any cluster policy selects the subject of this direction. */
export function tiersApply(side: CompiledSide, direction: Direction, from: number, to: number): boolean {
  const tiers = side.tiers;
  if (!tiers) return false;
  const subject = direction === 'egress' ? from : to;
  if (subject >= side.universe.podClassCount) return false;
  return (tiers.Admin[direction][subject]?.length ?? 0) > 0 || (tiers.Baseline[direction][subject]?.length ?? 0) > 0;
}

function ruleRef(rule: CompiledClusterRule, ports: PortSet, uncertain: boolean): ClusterRuleCause {
  const p = rule.policy;
  const ref: ClusterRuleCause = {
    tier: p.tier,
    kind: p.kind,
    policy: p.id,
    name: p.name,
    direction: rule.direction,
    rule: rule.index,
    action: rule.rule.action,
    file: rule.rule.location.file,
    line: rule.rule.location.line,
    ports,
    uncertain,
  };
  if (p.priority !== undefined) ref.priority = p.priority;
  if (rule.rule.name) ref.ruleName = rule.rule.name;
  if (p.context) ref.context = true;
  return ref;
}

/**
 * The cluster rules that decide the `asked` ports on one side (in evaluation order), the ports left to
 * the NetworkPolicies, and the rules whose nodes/domainNames peers were not evaluated for this peer.
 */
export function explainTiers(side: CompiledSide, direction: Direction, from: number, to: number, asked: PortSet, np: () => SideVerdict, isolated: boolean) {
  const trace: Decision[] = [];
  const verdict = tieredVerdict(side, direction, from, to, np, isolated, trace);
  const decided = trace.flatMap((d) => {
    const ports = intersect(d.ports, asked);
    return isEmpty(ports) ? [] : [ruleRef(d.rule, ports, d.uncertain)];
  });
  const subject = direction === 'egress' ? from : to;
  const peer = direction === 'egress' ? to : from;
  const peerState = side.universe.classes[peer]!.states[side.side];
  const addressed = peer >= side.universe.podClassCount || peerState?.hostNetwork === true;
  const tiers = side.tiers!;
  const notEvaluated = addressed
    ? [...tiers.Admin[direction][subject]!, ...tiers.Baseline[direction][subject]!]
        .flatMap((g) => g.policies)
        .flatMap((p) => p[direction].filter((r) => r.unevaluated.length > 0))
        .map((r) => ruleRef(r, intersect(clusterRulePorts(r, side.universe, side.side, to), asked), false))
    : [];
  return { decided, notEvaluated, verdict, toNetworkPolicies: intersect(verdict.toNetworkPolicies, asked) };
}
