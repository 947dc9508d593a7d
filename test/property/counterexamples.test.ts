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

  /**
   * Found with FC_SEED=1 (workload kinds and explain properties, shrunk): a Pod named `1e1000` (a
   * valid DNS subdomain), written plain by js-yaml, is left out of the analysis.
   * kubectl reads YAML with go-yaml v2 (sigs.k8s.io/yaml), whose resolve.go turns a plain scalar
   * into a number only when Go can parse it: `strconv.ParseInt(plain, 0, 64)`, then ParseUint, then,
   * if it matches yamlStyleFloat, `strconv.ParseFloat(plain, 64)` "if err == nil"; otherwise it
   * falls through to `return yaml_STR_TAG, in`. ParseFloat("1e1000") fails with ErrRange (overflow),
   * so kubectl sends the string "1e1000"; likewise an out-of-range hex integer. README: "YAML is read
   * as kubectl reads it (go-yaml v2)".
   *   expected: workloads [default/Pod/1e1000], no diagnostics
   *   got:      workloads [], error "Pod is invalid and left out of the analysis: metadata.name:
   *             metadata.name is required, found number null"
   * (src/k8s/kubectl-schema.ts: goFloat returns parseFloat(plain) = Infinity, goInteger returns
   * parseInt(...) for any GO_INT match, whatever the range.) The same drops a workload labelled
   * `sha: 5e91234` (a 7-digit git SHA kubectl accepts unquoted).
   * Fixed in a853e1d ("YAML numbers out of Go's int64/uint64/float64 range stay strings") while
   * these tests were written; kept as regression tests.
   */
  it('a plain scalar that overflows float64 is a string for kubectl (name 1e1000)', () => {
    const text = POD_X.replace('name: x,', 'name: 1e1000,');
    const r = matrix({ files: [{ path: 'case.yaml', text }] });
    expect({ workloads: r.workloads.map((w) => w.id), diagnostics: r.diagnostics }).toEqual({ workloads: ['default/Pod/1e1000'], diagnostics: [] });
  });

  it.each(['5e91234', '1e400', '0x1ffffffffffffffff'])('a plain label value %s out of Go\'s number range is a string for kubectl', (value) => {
    const text = POD_X.replace('namespace: default}', `namespace: default, labels: {sha: ${value}}}`);
    const r = matrix({ files: [{ path: 'case.yaml', text }] });
    expect({ workloads: r.workloads.map((w) => w.id), diagnostics: r.diagnostics }).toEqual({ workloads: ['default/Pod/x'], diagnostics: [] });
  });

  /**
   * Found while extending the workload generator to names at each kind's length limit (the valid
   * side is in the workload kinds property; this is the invalid side, just past the limit).
   * Kubernetes docs (CronJob): "Even when the name is a DNS subdomain, the name must be no longer
   * than 52 characters ... the length of a Job name is no more than 63 characters"; the API server
   * rejects a longer CronJob ("metadata.name: must be no more than 52 characters"), and a Job whose
   * name does not fit the `job-name` label it adds to the pod template ("spec.template.labels:
   * Invalid value: ...: must be no more than 63 characters"). README: "an object the API server
   * would reject (... invalid names ...) is left out whole with an error at its line".
   *   expected: no workload, one error diagnostic at the metadata.name line (3)
   *   got:      workload default/Job/aaa…a (64 a) / default/CronJob/ccc…c (53 c), no diagnostic
   * Fixed in b039a21 ("Job names up to 63 and CronJob names up to 52 characters") while these tests
   * were written; kept as regression tests.
   */
  it.each([
    ['a Job of 64 characters (job-name label)', 'Job', 64],
    ['a CronJob of 53 characters', 'CronJob', 53],
  ] as const)('%s is rejected by the API server (one character less is fine)', (_what, kind, length) => {
    const text = (n: number) => {
      const name = (kind === 'Job' ? 'a' : 'c').repeat(n);
      const template = `metadata: {labels: {app: j}}\nspec: {restartPolicy: Never, containers: [{name: main, image: app}]}`;
      return kind === 'Job'
        ? `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}, namespace: default}\nspec:\n  template:\n${template.replace(/^/gm, '    ')}\n`
        : `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: ${name}, namespace: default}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n${template.replace(/^/gm, '        ')}\n`;
    };
    const outcome = (n: number) => {
      const r = matrix({ files: [{ path: 'case.yaml', text: text(n) }] });
      return { workloads: r.workloads.map((w) => w.id.length), diagnostics: r.diagnostics.map((d) => [d.line, d.severity]) };
    };
    const idLength = (n: number) => 'default/'.length + kind.length + 1 + n;
    expect(outcome(length - 1)).toEqual({ workloads: [idLength(length - 1)], diagnostics: [] });
    expect(outcome(length)).toEqual({ workloads: [], diagnostics: [[3, 'error']] });
  });
});

describe('tier property-test counterexamples', () => {
  const PODS = `apiVersion: v1
kind: Namespace
metadata: {name: alpha}
---
apiVersion: v1
kind: Pod
metadata: {name: p0, namespace: alpha, labels: {app: a}}
spec: {containers: [{name: c, image: app}]}
---
`;
  const banp = (rule: string) => `${PODS}apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
${rule}`;

  /**
   * Found with FC_SEED=20240521 (tier matrix property, run 5, shrunk). A Deny rule with a fail-closed peer
   * denies all peers, but only on the rule's own ports ("treat the rule as a 'Deny all' rule": the ports
   * still filter; denying more would report closed what the implementation may leave open).
   *   expected: p0 -> p0 allowed on everything but TCP/50-100
   *   got:      no edge (the engine dropped the rule's ports)
   */
  it('a fail-closed Deny keeps its ports', () => {
    const text = banp('  ingress:\n  - action: Deny\n    from: [{cidrGroups: {}}]\n    ports: [{portRange: {protocol: TCP, start: 50, end: 100}}]\n');
    expect(edgeOf(text, 'alpha/Pod/p0', 'alpha/Pod/p0')?.ports).toEqual(['SCTP/1-65535', 'TCP/1-49', 'TCP/101-65535', 'UDP/1-65535']);
  });

  /**
   * Found with FC_SEED=20240521 (tier matrix property, after the fix above). BaselineAdminNetworkPolicy egress
   * peers have no domainNames field (baselineadminnetworkpolicy_types.go: namespaces, pods, nodes, networks),
   * so a BANP peer with only domainNames is a peer of no known kind: it fails closed. The oracle had taken the
   * AdminNetworkPolicy's peer fields; the engine was right, the oracle was fixed.
   *   expected: nothing allowed from p0 (Deny all), p0 still reachable (ingress untouched)
   */
  it('a BaselineAdminNetworkPolicy Deny to domainNames fails closed', () => {
    const text = banp("  egress:\n  - action: Deny\n    to: [{domainNames: ['*.example.com']}]\n");
    expect(edgeOf(text, 'alpha/Pod/p0', 'alpha/Pod/p0')).toBeUndefined();
    expect(edgeOf(text, 'alpha/Pod/p0', 'ip:0.0.0.0/0')).toBeUndefined();
    expect(edgeOf(text, 'ip:0.0.0.0/0', 'alpha/Pod/p0')?.ports).toEqual(['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']);
  });

  /**
   * Found with FC_SEED=20240521 (tier matrix property, right after merging the Model API). The model's matrix
   * only tried, for a class NetworkPolicies isolate, the peers their rules name; an Admin Allow admits peers
   * no NetworkPolicy rule names ("Allow: allows the selected traffic, even if it would otherwise have been
   * denied by NetworkPolicy").
   *   expected: p0 -> p0 on everything (egress: [] isolates, the AdminNetworkPolicy allows)
   *   got:      no edge (explain said allowed)
   */
  it('an Admin Allow opens what an empty NetworkPolicy egress closes, in the matrix too', () => {
    const text = `${PODS}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np0, namespace: alpha}
spec: {podSelector: {}, policyTypes: [Egress], egress: []}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: anp1}
spec:
  priority: 0
  subject: {pods: {namespaceSelector: {}, podSelector: {}}}
  egress:
  - action: Allow
    to: [{pods: {namespaceSelector: {}, podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [b]}]}}}]
`;
    expect(edgeOf(text, 'alpha/Pod/p0', 'alpha/Pod/p0')?.ports).toEqual(['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']);
    expect(edgeOf(text, 'alpha/Pod/p0', 'ip:0.0.0.0/0')).toBeUndefined();
  });
});
