/**
 * The conformance table: one entry per fixture (fixtures/<name>.yaml, holding the scenario's policies; the
 * pods come from model.ts). Each expectation is written from the NetworkPolicy API reference
 * (networking.k8s.io/v1) and upstream's e2e truth tables (test/e2e/network/netpol/network_policy.go), never
 * from the engine's output. A table starts with every probe connected between every pair of pods.
 */
import type { AnalysisOptions } from '../../src/index.js';
import { inBlock, inCidr, isV4, RFC1918, type Addr } from './ip.js';
import { PROBES, type PodRef, type Probe } from './model.js';
import { allBut, type Reachability } from './reachability.js';

export interface ExternalExpectation {
  /** External endpoint ids the IP space must be cut into (among others). */
  ids: readonly string[];
  /** What `pod` may send to an address of an external atom. Absent: every probe. */
  egress?: (pod: PodRef, ip: Addr) => readonly Probe[];
  /** What an address of an external atom may send to `pod`. Absent: every probe. */
  ingress?: (pod: PodRef, ip: Addr) => readonly Probe[];
}

export interface SpotEdge {
  from: PodRef;
  to: PodRef;
  /** The edge's exact `ports`; `[]` = no edge. */
  ports: readonly string[];
}

export interface Scenario {
  /** The fixture's base name. */
  name: string;
  /** What the scenario covers, in one line. */
  covers: string;
  options?: AnalysisOptions;
  /** Narrows the all-connected table to the expected one. */
  expect: (r: Reachability) => Reachability;
  /** Pod <-> external expectations, for scenarios with ipBlocks. */
  externals?: ExternalExpectation;
  /** Exact `ports` of a few edges, beyond the probes: ranges, merging, protocol order. */
  edges?: readonly SpotEdge[];
}

const ALL = PROBES;
const NONE: readonly Probe[] = [];
const FULL = ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535'];

export const SCENARIOS: readonly Scenario[] = [
  // --- isolation and default deny -------------------------------------------------------------------------
  {
    name: 'default-deny-ingress',
    covers: 'default deny ingress: podSelector {} + policyTypes [Ingress] isolates all of x, x keeps its egress',
    expect: (r) => r.expectAllIngress('x/*', false),
    edges: [
      { from: 'x/a', to: 'y/a', ports: FULL },
      { from: 'y/a', to: 'x/a', ports: [] },
    ],
  },
  {
    name: 'default-deny-ingress-defaulted-types',
    covers: 'policyTypes absent and no egress section defaults to [Ingress] only',
    expect: (r) => r.expectAllIngress('x/*', false),
  },
  {
    name: 'default-deny-egress',
    covers: 'default deny egress: policyTypes [Egress] only, ingress into x stays open',
    expect: (r) => r.expectAllEgress('x/*', false),
  },
  {
    name: 'default-deny-all',
    covers: 'default deny ingress and egress in one policy (policyTypes [Ingress, Egress], no rules)',
    expect: (r) => r.expectAllIngress('x/*', false).expectAllEgress('x/*', false),
  },
  {
    name: 'allow-all-ingress',
    covers: 'allow-all ingress (`ingress: [{}]`) on x/a unions with deny + port-80 policies on all of x',
    expect: (r) => r.expectAllIngress(['x/b', 'x/c'], false, allBut('TCP/80')),
    edges: [
      { from: 'y/a', to: 'x/a', ports: FULL },
      { from: 'y/a', to: 'x/b', ports: ['TCP/80'] },
    ],
  },
  {
    name: 'allow-all-egress',
    covers: 'allow-all egress (`egress: [{}]`) on x/a unions with deny + port-80 egress policies on all of x',
    expect: (r) => r.expectAllEgress(['x/b', 'x/c'], false, allBut('TCP/80')),
    edges: [
      { from: 'x/a', to: 'z/c', ports: FULL },
      { from: 'x/c', to: 'z/c', ports: ['TCP/80'] },
    ],
  },
  {
    name: 'empty-from-and-ports',
    covers: '`from: []` and `ports: []` mean every source and every port',
    expect: (r) => r.expectAllIngress(['x/b', 'x/c'], false),
  },
  {
    name: 'default-namespace-option',
    covers: 'a policy without metadata.namespace lands in options.defaultNamespace (y)',
    options: { defaultNamespace: 'y' },
    expect: (r) => r.expectAllIngress('y/*', false),
  },

  // --- peers: podSelector, namespaceSelector, AND / OR ------------------------------------------------------
  {
    name: 'ingress-podselector',
    covers: "podSelector peer: only pod b of the policy's own namespace may reach x/a",
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer('x/b', 'x/a', true),
  },
  {
    name: 'ingress-namespaceselector',
    covers: 'namespaceSelector peer on the namespace label ns: y admits every pod of y',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer('y/*', 'x/a', true),
  },
  {
    name: 'ingress-from-all-namespaces',
    covers: 'namespaceSelector {} admits pods of every namespace; a rule-less policy isolates x/b',
    expect: (r) => r.expectAllIngress('x/b', false),
  },
  {
    name: 'ingress-allow-target',
    covers: 'podSelector {} AND namespaceSelector {} in one peer admits every pod; default deny for the rest of x',
    expect: (r) => r.expectAllIngress(['x/b', 'x/c'], false),
  },
  {
    name: 'ingress-same-namespace-only',
    covers: 'empty podSelector target with an empty podSelector peer: x admits x only',
    expect: (r) => r.expectPeer(['y/*', 'z/*'], 'x/*', false),
  },
  {
    name: 'namespace-isolation',
    covers: 'policies in every namespace apply to their own namespace: each admits only itself',
    expect: (r) =>
      r
        .expectPeer(['y/*', 'z/*'], 'x/*', false)
        .expectPeer(['x/*', 'z/*'], 'y/*', false)
        .expectPeer(['x/*', 'y/*'], 'z/*', false),
  },
  {
    name: 'ingress-pod-and-namespace',
    covers: 'namespaceSelector and podSelector in ONE peer are ANDed (pods b outside x)',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer(['y/b', 'z/b'], 'x/a', true),
  },
  {
    name: 'ingress-pod-or-namespace',
    covers: 'the same selectors as TWO peers are ORed (all pods outside x, plus x/b)',
    expect: (r) => r.expectPeer(['x/a', 'x/c'], 'x/a', false),
  },
  {
    name: 'ingress-metadata-name-label',
    covers: 'namespaceSelector on kubernetes.io/metadata.name, a label the Namespace objects do not write',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer('y/*', 'x/a', true),
  },

  // --- matchExpressions -------------------------------------------------------------------------------------
  {
    name: 'ingress-matchexpressions-in',
    covers: 'matchExpressions In with one value (x/b) and two values ANDed with a namespace In (y/b, y/c)',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer(['x/b', 'y/b', 'y/c'], 'x/a', true),
  },
  {
    name: 'ingress-matchexpressions-notin',
    covers: 'matchExpressions NotIn, matching objects that lack the key (tier NotIn [db] = every pod)',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer(['x/*', 'z/*'], 'x/a', true),
  },
  {
    name: 'ingress-matchexpressions-exists',
    covers: 'matchExpressions Exists (and requirements ANDed within a selector); Exists on a missing key matches none',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer('z/*', 'x/a', true),
  },
  {
    name: 'ingress-matchexpressions-doesnotexist',
    covers: 'matchExpressions DoesNotExist: a key nothing has matches all, a key everything has matches none',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer('*/c', 'x/a', true),
  },

  // --- egress ----------------------------------------------------------------------------------------------
  {
    name: 'egress-metadata-name-notin',
    covers: 'egress to namespaces by kubernetes.io/metadata.name NotIn [y]',
    expect: (r) => r.expectPeer('x/a', 'y/*', false),
  },
  {
    name: 'egress-pod-and-namespace',
    covers: 'egress to namespaceSelector AND podSelector in one peer (y/a only)',
    expect: (r) => r.expectAllEgress('x/a', false).expectPeer('x/a', 'y/a', true),
  },
  {
    name: 'egress-denied-client-side',
    covers: "ingress AND egress both required: y admits x/a, but x/a's egress reaches y/a only",
    expect: (r) =>
      r
        .expectAllEgress('x/a', false)
        .expectAllIngress(['y/a', 'y/b'], false)
        .expectPeer('x/a', 'y/a', true),
  },
  {
    name: 'ingress-and-egress-together',
    covers: 'one policy with both directions: ingress from x/b only, egress on port 80 (TCP by default) only',
    expect: (r) =>
      r
        .expectAllIngress('x/a', false)
        .expectPeer('x/b', 'x/a', true)
        .expectAllEgress('x/a', false, allBut('TCP/80')),
    edges: [
      { from: 'x/a', to: 'y/a', ports: ['TCP/80'] },
      { from: 'x/a', to: 'x/b', ports: ['TCP/80'] },
      { from: 'x/b', to: 'x/a', ports: FULL },
    ],
  },

  // --- policyTypes ------------------------------------------------------------------------------------------
  {
    name: 'policytypes-defaulted-with-egress',
    covers: 'policyTypes absent with egress rules defaults to [Ingress, Egress]: x/a is ingress-isolated too',
    expect: (r) => r.expectAllIngress('x/a', false).expectAllEgress('x/a', false).expectPeer('x/a', 'x/b', true),
  },
  {
    name: 'policytypes-empty-egress-list',
    covers: '`egress: []` with policyTypes absent adds nothing: Ingress only, x/a egress open',
    expect: (r) => r.expectPeer(['y/*', 'z/*'], 'x/a', false),
  },
  {
    name: 'policytypes-ignored-direction',
    covers: 'rules of a direction not in policyTypes are ignored (an allow-all of the other direction opens nothing)',
    expect: (r) =>
      r
        .expectAllIngress('x/a', false)
        .expectPeer('x/b', 'x/a', true)
        .expectAllEgress('x/a', false)
        .expectPeer('x/a', 'y/*', true),
  },
  {
    name: 'policytypes-egress-same-namespace',
    covers: 'policyTypes [Egress] with egress to podSelector {}: x sends within x only, ingress untouched',
    expect: (r) => r.expectPeer('x/*', ['y/*', 'z/*'], false),
  },
  {
    name: 'self-traffic',
    covers: 'a pod to itself follows the policies like any pair: x/a admits itself, x/b does not',
    expect: (r) =>
      r
        .expectAllIngress('x/a', false)
        .expectPeer('x/a', 'x/a', true)
        .expectAllIngress('x/b', false)
        .expectPeer('x/c', 'x/b', true),
    edges: [
      { from: 'x/a', to: 'x/a', ports: FULL },
      { from: 'x/b', to: 'x/b', ports: [] },
    ],
  },

  // --- ports ------------------------------------------------------------------------------------------------
  {
    name: 'ports-numeric',
    covers: 'numeric port: namespace y reaches x/a on TCP 81 only',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer('y/*', 'x/a', true, ['TCP/81']),
    edges: [{ from: 'y/b', to: 'x/a', ports: ['TCP/81'] }],
  },
  {
    name: 'ports-stacked-policies',
    covers: 'two policies on x/a union their ports (TCP 80 + TCP 81 = the range TCP/80-81)',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer('y/*', 'x/a', true, ['TCP/80', 'TCP/81']),
    edges: [{ from: 'y/b', to: 'x/a', ports: ['TCP/80-81'] }],
  },
  {
    name: 'ports-named-ingress',
    covers: 'named ingress port serve-81-tcp (protocol defaulted to TCP) for all of x',
    expect: (r) => r.expectAllIngress('x/*', false, allBut('TCP/81')),
    edges: [{ from: 'y/a', to: 'x/b', ports: ['TCP/81'] }],
  },
  {
    name: 'ports-named-egress',
    covers: "named egress ports, resolved on the destination's containers (serve-80-tcp, UDP serve-81-udp)",
    expect: (r) => r.expectAllEgress('x/*', false, allBut('TCP/80', 'UDP/81')),
    edges: [{ from: 'x/a', to: 'y/a', ports: ['TCP/80', 'UDP/81'] }],
  },
  {
    name: 'ports-named-unresolvable',
    covers: 'a named port the destination lacks, or of another protocol, allows nothing but still isolates',
    expect: (r) => r.expectAllIngress('x/a', false).expectAllEgress('x/b', false),
    edges: [
      { from: 'y/a', to: 'x/a', ports: [] },
      { from: 'x/b', to: 'y/a', ports: [] },
    ],
  },
  {
    name: 'ports-all-tcp',
    covers: '`ports: [{}]` means every TCP port and nothing of UDP or SCTP',
    expect: (r) => r.expectAllIngress('x/a', false, allBut('TCP/80', 'TCP/81')),
    edges: [{ from: 'y/a', to: 'x/a', ports: ['TCP/1-65535'] }],
  },
  {
    name: 'ports-protocol-only',
    covers: 'protocol without port: every UDP port, no TCP, no SCTP',
    expect: (r) => r.expectAllIngress('x/a', false, allBut('UDP/80', 'UDP/81')),
    edges: [{ from: 'z/c', to: 'x/a', ports: ['UDP/1-65535'] }],
  },
  {
    name: 'ports-udp-sctp',
    covers: 'protocols UDP and SCTP: UDP 81 and SCTP 80 only, never TCP; ports listed SCTP before UDP',
    expect: (r) => r.expectAllIngress('x/a', false, allBut('UDP/81', 'SCTP/80')),
    edges: [{ from: 'y/a', to: 'x/a', ports: ['SCTP/80', 'UDP/81'] }],
  },
  {
    name: 'ports-sctp-not-tcp',
    covers: 'SCTP 81 allowed on top of a default deny is not TCP 81',
    expect: (r) => r.expectAllIngress('x/*', false).expectAllIngress('x/a', true, ['SCTP/81']),
    edges: [{ from: 'y/a', to: 'x/a', ports: ['SCTP/81'] }],
  },
  {
    name: 'ports-endport',
    covers: 'endPort ranges (TCP 80-81, UDP 81-90) from namespace y',
    expect: (r) => r.expectAllIngress('x/a', false).expectPeer('y/*', 'x/a', true, ['TCP/80', 'TCP/81', 'UDP/81']),
    edges: [{ from: 'y/a', to: 'x/a', ports: ['TCP/80-81', 'UDP/81-90'] }],
  },

  // --- ipBlock ----------------------------------------------------------------------------------------------
  {
    name: 'ipblock-all',
    covers: 'ipBlock 0.0.0.0/0 matches every pod (default pod CIDRs) and IPv4 externals, no IPv6, both directions',
    expect: (r) => r.expectAllEgress('x/a', false, allBut('TCP/80')),
    externals: {
      ids: ['ip:0.0.0.0/0'],
      egress: (pod, ip) => (pod !== 'x/a' ? ALL : isV4(ip) ? ['TCP/80'] : NONE),
      ingress: (pod, ip) => (pod !== 'x/a' || isV4(ip) ? ALL : NONE),
    },
  },
  {
    name: 'ipblock-except-pod-cidrs',
    covers: '0.0.0.0/0 except the RFC 1918 ranges matches no pod, only the external atom outside them',
    expect: (r) => r.expectAllIngress('x/a', false).expectAllEgress('x/b', false),
    externals: {
      ids: ['ip:0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16'],
      egress: (pod, ip) => (pod !== 'x/b' || inBlock(ip, '0.0.0.0/0', RFC1918) ? ALL : NONE),
      ingress: (pod, ip) => (pod !== 'x/a' || inBlock(ip, '0.0.0.0/0', RFC1918) ? ALL : NONE),
    },
  },
  {
    name: 'ipblock-custom-pod-cidrs',
    covers: 'podCidrs option [10.0.0.0/8]: an except drops the pods, a second ipBlock rule admits them on TCP 80',
    options: { podCidrs: ['10.0.0.0/8'] },
    expect: (r) => r.expectAllIngress('x/a', false, allBut('TCP/80')),
    externals: {
      ids: ['ip:0.0.0.0/0 except 10.0.0.0/8'],
      ingress: (pod, ip) => (pod !== 'x/a' ? ALL : inCidr(ip, '10.0.0.0/8') ? ['TCP/80'] : isV4(ip) ? ALL : NONE),
    },
  },
  {
    name: 'ipblock-no-pod-cidrs',
    covers: 'podCidrs option []: ipBlock 0.0.0.0/0 matches no pod, only IPv4 externals',
    options: { podCidrs: [] },
    expect: (r) => r.expectAllEgress('x/a', false),
    externals: {
      ids: ['ip:0.0.0.0/0'],
      egress: (pod, ip) => (pod !== 'x/a' || isV4(ip) ? ALL : NONE),
    },
  },
];
