import type { SourceLocation } from '../../k8s/types.js';
import { ALL, equals } from '../../values/port-set.js';
import type { Direction, SideVerdict } from '../types.js';
import { Bitset } from './bitset.js';
import { sideAllows } from './reachability.js';
import type { CompiledSide } from './compile-policies.js';

/**
 * Whether a side's policies deny a workload's traffic of one direction anything: `yes` when some endpoint
 * of the tree (a workload or an external range) is surely denied some port, `maybe` when that rests on an
 * uncertain match (an ipBlock or `networks` partly overlapping the pod CIDRs, a tie in priority), `no` when
 * every endpoint is allowed every port on this side. A NetworkPolicy that selects the workload restricts it
 * unless its rules (with what the Admin tier decides first) allow everything; a cluster policy restricts it
 * only through a Deny that some traffic reaches (Allow, Accept and Pass rules restrict nothing; the Baseline
 * tier counts only where no NetworkPolicy selects the workload).
 */
export type RestrictionLevel = 'yes' | 'maybe' | 'no';

export interface Restriction {
  level: RestrictionLevel;
  /** A class denied something (surely, when `level` is `yes`). */
  witness?: number;
}

const UNRESTRICTED: Restriction = { level: 'no' };

/** The peers a cluster Deny selecting class `c` names in this direction (Baseline included: no NetworkPolicy selects it). */
function denyPeers(compiled: CompiledSide, c: number, direction: Direction): Bitset | undefined {
  const tiers = compiled.tiers;
  if (!tiers) return undefined;
  let peers: Bitset | undefined;
  for (const group of [...(tiers.Admin[direction][c] ?? []), ...(tiers.Baseline[direction][c] ?? [])]) {
    for (const policy of group.policies) {
      for (const rule of policy[direction]) {
        if (rule.effect !== 'deny') continue;
        if (!peers) peers = rule.peers.clone();
        else peers.orWith(rule.peers);
      }
    }
  }
  return peers;
}

/** How far one side restricts pod class `c`'s traffic of a direction, from the compiled verdicts of every peer it may deny. */
export function restriction(compiled: CompiledSide, c: number, direction: Direction): Restriction {
  const { universe } = compiled;
  const present = (p: number) => universe.classes[p]!.states[compiled.side] !== undefined;
  if (c >= universe.podClassCount || !present(c)) return UNRESTRICTED;
  const n = universe.classes.length;
  const selected = (direction === 'ingress' ? compiled.ingressPolicies : compiled.egressPolicies)[c]!.length > 0;
  // A NetworkPolicy that selects the class may deny any peer; else only a cluster Deny's peers can be denied.
  const denies = selected ? undefined : denyPeers(compiled, c, direction);
  if (!selected && !denies) return UNRESTRICTED;
  let maybe: number | undefined;
  // External ranges first: the internet is what a restricted workload is most often denied.
  for (let k = 0; k < n; k++) {
    const p = (k + universe.podClassCount) % n;
    if ((denies && !denies.has(p)) || (p < universe.podClassCount && !present(p))) continue;
    const verdict = direction === 'ingress' ? sideAllows(compiled, direction, p, c) : sideAllows(compiled, direction, c, p);
    if (!equals(verdict.maybe, ALL)) return { level: 'yes', witness: p };
    if (maybe === undefined && !equals(verdict.sure, ALL)) maybe = p;
  }
  return maybe === undefined ? UNRESTRICTED : { level: 'maybe', witness: maybe };
}

/** Where what a side verdict denies is decided: an Admin Deny, else the NetworkPolicy that selects the endpoint, else a Baseline Deny. */
export function denialAt(verdict: SideVerdict): SourceLocation | undefined {
  const denies = (verdict.clusterRules ?? []).filter((r) => r.action === 'Deny');
  const rule = denies.find((r) => r.tier === 'Admin') ?? verdict.selectedBy[0] ?? denies[0];
  return rule && { file: rule.file, line: rule.line };
}
