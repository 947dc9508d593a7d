/**
 * Minimal counterexamples found by the property tests (engine vs the naive oracle), kept as plain
 * unit tests. Each says what the oracle expects and what the engine returned when it was found.
 */
import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/index.js';

const POD_X = `apiVersion: v1
kind: Pod
metadata: {name: x, namespace: default}
spec: {containers: [{name: main, image: app}]}
`;

function edgeOf(text: string, from: string, to: string, podCidrs?: string[]) {
  const r = matrix({ files: [{ path: 'case.yaml', text }] }, podCidrs ? { podCidrs } : {});
  return r.edges.find((e) => e.from === from && e.to === to);
}

describe('property-test counterexamples', () => {
  /**
   * Found with FC_SEED=20240521 (matrix property, run 45, shrunk).
   * The rule matches pod x through its podSelector peer, so TCP/80 x → x is certain; the rule's
   * other peer (an ipBlock partly overlapping the default pod CIDRs) must not make it uncertain.
   * The engine's own doc of RuleRef.uncertain says "matches the peer *only* through an ipBlock
   * that partly overlaps the pod CIDRs".
   *   expected: { from: x, to: x, ports: ["TCP/80"] }
   *   got:      { from: x, to: x, ports: ["TCP/80"], uncertain: true }
   * (compile-policies.ts addIpBlockPeers marks every present pod class uncertain on a 'partial'
   * verdict, including classes the rule's selector peers already matched.)
   */
  it('a pod matched by a selector peer is not uncertain because the same rule has a partial ipBlock', () => {
    const text = `${POD_X}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow, namespace: default}
spec:
  podSelector: {}
  ingress:
    - from:
        - podSelector: {}
        - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/16]}
      ports: [{port: 80}]
`;
    expect(edgeOf(text, 'default/Pod/x', 'default/Pod/x')).toEqual({ from: 'default/Pod/x', to: 'default/Pod/x', ports: ['TCP/80'] });
  });

  /**
   * Found with FC_SEED=20240521 (matrix property, pod CIDRs option 4); fixed in 3793ab3 ("dual-stack
   * pod CIDRs judged on every family"), kept as a regression test.
   * Pod CIDRs 10.0.0.0/8 and fd00::/8 (dual stack); pod x has no known IP. The rule's ipBlocks
   * (0.0.0.0/0) contain 10.0.0.0/8 but not fd00::/8: by the documented rule ("contains every pod
   * CIDR → every pod; disjoint → none; partial overlap → every pod, uncertain") this is partial.
   * Traffic between dual-stack pods can use either family, and over IPv6 the block does not match.
   *   expected: { from: x, to: x, ports: ["TCP/80"], uncertain: true }
   *   got (before the fix): { from: x, to: x, ports: ["TCP/80"] }
   * (ip-atoms.ts judgePodCidrs returned 'all' when the blocks covered the pod CIDRs of ANY one family.)
   */
  it('dual-stack pod CIDRs: an IPv4-only ipBlock covers only part of the pod CIDRs', () => {
    const text = `${POD_X}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow, namespace: default}
spec:
  podSelector: {}
  ingress:
    - from:
        - ipBlock: {cidr: 0.0.0.0/0}
      ports: [{port: 80}]
`;
    expect(edgeOf(text, 'default/Pod/x', 'default/Pod/x', ['10.0.0.0/8', 'fd00::/8'])).toEqual({
      from: 'default/Pod/x',
      to: 'default/Pod/x',
      ports: ['TCP/80'],
      uncertain: true,
    });
  });
});
