/**
 * Model.restricted() (what exposure facts call isolation) against the tier oracle on random clusters: a pod is
 * restricted for a direction exactly when, for some endpoint (pod or external atom) and port, the oracle's
 * outcomes for that direction are all deny (`yes`), or include a deny (`maybe`); else `no`.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { analyse } from '../../src/index.js';
import { formatIp, parseAtomId, someAddress } from '../oracle/ip.js';
import { type Endpoint, ipEndpoint } from '../oracle/oracle.js';
import { TierOracle } from '../oracle/tiers.js';
import { fcParams, seed } from './config.js';
import { describeTierCase, tierCaseArb, tierInput, tierOptions, type TierCase } from './tier-arbitraries.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

function restrictionProblems(c: TierCase): string[] {
  const model = analyse(tierInput(c), tierOptions(c));
  const oracle = new TierOracle(c.manifests, c.podCidrs ? { podCidrs: c.podCidrs } : {});
  const atoms: Endpoint[] = model.externals.map((x) => ipEndpoint(formatIp(someAddress(parseAtomId(x.id)!.set)!), x.id));
  const peers: Endpoint[] = [...oracle.pods, ...atoms];
  const ports = oracle.portBreakpoints().slice(0, -1);
  const problems: string[] = [];
  for (const pod of oracle.pods) {
    const found = model.resolve(pod.id);
    if (found.kind !== 'found') return [`${pod.id} not in the model`];
    for (const direction of ['ingress', 'egress'] as const) {
      let expected: 'yes' | 'maybe' | 'no' = 'no';
      for (const peer of peers) {
        for (const protocol of PROTOCOLS) {
          for (const port of ports) {
            const outcomes =
              direction === 'ingress' ? oracle.directionOutcomes('Ingress', pod, peer, pod, port, protocol) : oracle.directionOutcomes('Egress', pod, peer, peer, port, protocol);
            if (!outcomes.has('allow')) expected = 'yes';
            else if (outcomes.has('deny') && expected === 'no') expected = 'maybe';
          }
        }
      }
      const got = model.restricted(found.endpoint, direction);
      if (got !== expected) problems.push(`${pod.id} ${direction}: restricted ${got}, oracle ${expected}`);
    }
  }
  return problems;
}

describe(`restriction against the tier oracle (FC_SEED=${seed()})`, () => {
  it('restricted: yes, maybe or no, per pod and direction', () => {
    fc.assert(
      fc.property(tierCaseArb, (c) => {
        const problems = restrictionProblems(c);
        if (problems.length > 0) throw new Error(`FC_SEED=${seed()}\n${problems.join('\n')}\n--- case ---\n${describeTierCase(c)}`);
      }),
      fcParams(200),
    );
  }, 120_000);
});
