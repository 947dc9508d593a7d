import type { NetworkPolicy } from '../../k8s/types.js';
import type { CompiledRule, CompiledSide, Direction } from './compile-policies.js';
import { rulePorts } from './compile-policies.js';
import { ALL, EMPTY, type PortSet, equals, intersect, isEmpty, union } from '../../values/port-set.js';
import type { PolicyRef, RuleCause, SideVerdict, Verdict } from '../types.js';
import { Bitset } from './bitset.js';
import { explainTiers, tieredVerdict, tiersApply } from './tiers.js';

/** What may be allowed (`maybe`) and what surely is (`sure`); they differ only through uncertain ipBlock matches. */
export interface Allowed {
  maybe: PortSet;
  sure: PortSet;
}

const EVERYTHING: Allowed = { maybe: ALL, sure: ALL };
const NOTHING: Allowed = { maybe: EMPTY, sure: EMPTY };

function isAtom(compiled: CompiledSide, c: number): boolean {
  return c >= compiled.universe.podClassCount;
}

/** Rules of one side: the source's egress rules, or the destination's ingress rules. */
function sideRules(compiled: CompiledSide, direction: Direction, from: number, to: number): CompiledRule[] | undefined {
  const subject = direction === 'egress' ? from : to;
  if (isAtom(compiled, subject)) return undefined;
  const policies = direction === 'egress' ? compiled.egressPolicies[subject]! : compiled.ingressPolicies[subject]!;
  if (policies.length === 0) return undefined;
  return direction === 'egress' ? compiled.egressRules[subject]! : compiled.ingressRules[subject]!;
}

/** One side's verdict on traffic from class `from` to class `to`: the source's egress, or the destination's ingress. */
export function sideAllows(compiled: CompiledSide, direction: Direction, from: number, to: number): Allowed {
  if (!tiersApply(compiled, direction, from, to)) return networkPolicyAllows(compiled, direction, from, to);
  const np = () => networkPolicyAllows(compiled, direction, from, to);
  return tieredVerdict(compiled, direction, from, to, np, sideRules(compiled, direction, from, to) !== undefined);
}

function networkPolicyAllows(compiled: CompiledSide, direction: Direction, from: number, to: number): Allowed {
  const rules = sideRules(compiled, direction, from, to);
  if (!rules) return EVERYTHING;
  const peer = direction === 'egress' ? to : from;
  let maybe: PortSet = EMPTY;
  let sure: PortSet = EMPTY;
  for (const rule of rules) {
    if (!rule.peers.has(peer)) continue;
    const ports = rulePorts(rule, compiled, to);
    maybe = union(maybe, ports);
    if (!rule.uncertain?.has(peer)) sure = union(sure, ports);
  }
  return maybe === sure ? { maybe, sure: maybe } : { maybe, sure };
}

/**
 * One direction's verdicts shared by the two sides of a diff, for a pair of classes whose source's
 * egress (`egress`) or destination's ingress (`ingress`) is known to be treated alike on both: the
 * first side's `allowed` keeps the verdict it computes, the second reuses it.
 */
export interface SharedVerdicts {
  egress: boolean;
  ingress: boolean;
  egressVerdict?: Allowed | undefined;
  ingressVerdict?: Allowed | undefined;
}

/** What traffic from class `from` to class `to` is allowed: the source's egress AND the destination's ingress. */
export function allowed(compiled: CompiledSide, from: number, to: number, shared?: SharedVerdicts): Allowed {
  if (isAtom(compiled, from) && isAtom(compiled, to)) return NOTHING;
  const u = compiled.universe;
  if (!isAtom(compiled, from) && !u.classes[from]!.states[compiled.side]) return NOTHING;
  if (!isAtom(compiled, to) && !u.classes[to]!.states[compiled.side]) return NOTHING;
  const egress = shared?.egressVerdict ?? sideAllows(compiled, 'egress', from, to);
  if (shared?.egress) shared.egressVerdict = egress;
  if (isEmpty(egress.maybe)) return NOTHING;
  const ingress = shared?.ingressVerdict ?? sideAllows(compiled, 'ingress', from, to);
  if (shared?.ingress) shared.ingressVerdict = ingress;
  const maybe = intersect(egress.maybe, ingress.maybe);
  const sure = egress.sure === egress.maybe && ingress.sure === ingress.maybe ? maybe : intersect(egress.sure, ingress.sure);
  return { maybe, sure };
}

/**
 * For one side and direction, the subjects (sources for egress, destinations for ingress) whose
 * verdict towards a peer may allow something: those no NetworkPolicy isolates for the direction
 * (external endpoints included), those a NetworkPolicy with a rule of the direction whose peers hold
 * the peer selects, and those an Admin tier policy with an Allow (or Accept) rule whose peers hold
 * the peer selects. For any other subject the NetworkPolicies are final and admit nothing from or to
 * the peer, and no Admin rule allows it (a Deny or a Pass can only take away, and the Baseline tier
 * does not apply to an isolated subject): its verdict allows nothing. (A superset: a rule may match
 * the peer on ports it does not have.)
 */
export class MayAllow {
  private readonly unisolated: Bitset;

  constructor(
    private readonly compiled: CompiledSide,
    private readonly direction: Direction,
  ) {
    const n = compiled.universe.classes.length;
    this.unisolated = new Bitset(n);
    // Isolated exactly where the verdict reads NetworkPolicy rules (`sideRules`), as the subject of the direction.
    for (let c = 0; c < n; c++) if (!sideRules(compiled, direction, c, c)) this.unisolated.add(c);
  }

  subjects(peer: number): Bitset {
    const out = this.unisolated.clone();
    const policyType = this.direction === 'egress' ? 'Egress' : 'Ingress';
    for (const p of this.compiled.policies) {
      if (p.policy.policyTypes.includes(policyType) && p[this.direction].some((r) => r.peers.has(peer))) out.orWith(p.targets);
    }
    for (const p of this.compiled.tiers?.policies ?? []) {
      if (p.policy.tier === 'Admin' && p[this.direction].some((r) => r.effect === 'allow' && r.peers.has(peer))) out.orWith(p.targets);
    }
    return out;
  }
}

export const isUncertain = (a: Allowed, ports: PortSet): boolean => !equals(intersect(ports, a.sure), ports);

export function policyRef(p: NetworkPolicy): PolicyRef {
  const ref: PolicyRef = { policy: p.id, namespace: p.namespace, name: p.name, file: p.location.file, line: p.location.line };
  if (p.context) ref.context = true;
  return ref;
}

function explainSide(compiled: CompiledSide, direction: Direction, from: number, to: number, asked: PortSet): SideVerdict {
  if (!tiersApply(compiled, direction, from, to)) return explainNetworkPolicies(compiled, direction, from, to, asked);
  const isolated = sideRules(compiled, direction, from, to) !== undefined;
  const tiers = explainTiers(compiled, direction, from, to, asked, () => networkPolicyAllows(compiled, direction, from, to), isolated);
  const side = explainNetworkPolicies(compiled, direction, from, to, isolated ? tiers.toNetworkPolicies : asked);
  side.ports = intersect(tiers.verdict.maybe, asked);
  side.clusterRules = tiers.decided;
  if (tiers.notEvaluated.length > 0) side.notEvaluated = tiers.notEvaluated;
  return side;
}

function explainNetworkPolicies(compiled: CompiledSide, direction: Direction, from: number, to: number, asked: PortSet): SideVerdict {
  const rules = sideRules(compiled, direction, from, to);
  if (!rules) return { isolated: false, selectedBy: [], allowedBy: [], ports: asked };
  const subject = direction === 'egress' ? from : to;
  const peer = direction === 'egress' ? to : from;
  const policies = direction === 'egress' ? compiled.egressPolicies[subject]! : compiled.ingressPolicies[subject]!;
  const allowedBy: RuleCause[] = [];
  let ports: PortSet = EMPTY;
  for (const rule of rules) {
    if (!rule.peers.has(peer)) continue;
    const granted = intersect(rulePorts(rule, compiled, to), asked);
    if (isEmpty(granted)) continue;
    ports = union(ports, granted);
    allowedBy.push({
      ...policyRef(rule.policy),
      direction,
      rule: rule.index,
      file: rule.rule.location.file,
      line: rule.rule.location.line,
      ports: granted,
      uncertain: rule.uncertain?.has(peer) === true,
    });
  }
  return { isolated: true, selectedBy: policies.map((p) => policyRef(p.policy)), allowedBy, ports };
}

/** Why traffic between two classes on the `asked` ports is allowed or denied, rule by rule. */
export function explainPair(compiled: CompiledSide, from: number, to: number, asked: PortSet): Verdict {
  const result = allowed(compiled, from, to);
  const allowedPorts = intersect(result.maybe, asked);
  return {
    ports: asked,
    allowedPorts,
    allowed: !isEmpty(allowedPorts),
    uncertain: !isEmpty(allowedPorts) && isUncertain(result, allowedPorts),
    egress: explainSide(compiled, 'egress', from, to, asked),
    ingress: explainSide(compiled, 'ingress', from, to, asked),
  };
}
