/**
 * A deliberately naive reference evaluator of networking.k8s.io/v1 NetworkPolicy, written straight
 * from the API reference. It answers one question at a time — is this (source, destination, port,
 * protocol) allowed? — by walking every policy and every rule. No precomputation, no classes of
 * equivalent endpoints, no bitsets: if it is slow, it is slow. The property tests compare the
 * engine against it.
 *
 * Semantics (API reference, NetworkPolicySpec / NetworkPolicyPeer / NetworkPolicyPort):
 * - policyTypes as defaulted by the API server: absent or empty → ["Ingress"], plus "Egress" when
 *   spec.egress has at least one rule.
 * - A pod is isolated for a direction iff some policy in its namespace selects it (spec.podSelector)
 *   and lists that direction in policyTypes. Non-isolated: everything allowed in that direction.
 *   Isolated: allowed iff some rule (of direction) of some selecting policy matches peer AND port.
 * - Rule peers (from/to) absent or empty: every peer. Otherwise OR over peers:
 *   podSelector only: pods of the policy's namespace; namespaceSelector only: all pods of matching
 *   namespaces; both: pods matching podSelector in namespaces matching namespaceSelector;
 *   ipBlock: addresses in cidr and not in any except.
 * - Rule ports absent or empty: every port of every protocol. Otherwise OR over entries: protocol
 *   (default TCP) must equal; port absent = every port of that protocol; numeric port, optionally
 *   to endPort inclusive; named port = a container port of the DESTINATION pod with that name and
 *   that protocol (external destinations have no named ports).
 * - Label selectors: matchLabels AND matchExpressions (In, NotIn, Exists, DoesNotExist; NotIn and
 *   DoesNotExist hold when the key is absent); an empty selector matches everything.
 * - Every namespace carries `kubernetes.io/metadata.name: <name>`.
 * - Traffic is allowed iff the source's egress allows it AND the destination's ingress allows it.
 *   IP (external) endpoints are never isolated.
 *
 * Workloads (the project's documented model): a Pod is one endpoint; a controller (Deployment,
 * ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController) is one endpoint with its
 * pod template's labels and container ports (a CronJob's template is in spec.jobTemplate), plus the
 * labels the API server adds to a Job's pod template (see addedPodLabels). Objects without
 * metadata.namespace are in `defaultNamespace`.
 *
 * Pod addresses (the project's documented model, not the API's): a pod with status.podIPs is
 * matched by an ipBlock exactly through its IPs. A pod without IPs is somewhere in the pod CIDRs;
 * per rule, the union of the rule's ipBlocks is judged: disjoint from the pod CIDRs → matches no
 * pod; contains every pod CIDR → matches every pod; otherwise ("partial") → uncertain. The oracle
 * resolves "uncertain" as configured (`partialIpBlocks`: 'match', the engine's choice, or
 * 'no-match') so the tests can tell which answers depend on it.
 */
import {
  blockSet,
  emptySet,
  intersect,
  isEmpty,
  isSubset,
  parseCidr,
  parseIp,
  setContains,
  setOfCidr,
  union,
  type IpSet,
} from './ip.js';
import type {
  ContainerPortManifest,
  LabelSelector,
  Labels,
  Manifest,
  NamespaceManifest,
  NetworkPolicyManifest,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  PodManifest,
  PodSpecManifest,
  PodTemplateManifest,
  Protocol,
  WorkloadManifest,
} from './manifests.js';
import { PROTOCOLS } from './manifests.js';
import { addRanges, emptyPorts, MAX_PORT, MIN_PORT, type PortSet } from './ports.js';

export const DEFAULT_POD_CIDRS: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface PodEndpoint {
  kind: 'pod';
  /** `namespace/Kind/name` */
  id: string;
  namespace: string;
  labels: Labels;
  ports: { name?: string; port: number; protocol: Protocol }[];
  /** From status.podIPs (or status.podIP); undefined when unknown. */
  ips?: string[];
}

export interface IpEndpoint {
  kind: 'ip';
  /** What the caller calls it (an engine atom id, say); defaults to `ip:<address>`. */
  id: string;
  ip: string;
}

export type Endpoint = PodEndpoint | IpEndpoint;

export interface OracleOptions {
  podCidrs?: readonly string[];
  defaultNamespace?: string;
  /** How a rule whose ipBlocks partly overlap the pod CIDRs treats pods without IPs. Default 'match'. */
  partialIpBlocks?: 'match' | 'no-match';
}

export type Tri = 'yes' | 'no' | 'maybe';

export function ipEndpoint(ip: string, id?: string): IpEndpoint {
  return { kind: 'ip', ip, id: id ?? `ip:${ip}` };
}

/** Does the selector select these labels? Straight from the LabelSelector reference. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = has ? labels[req.key] : undefined;
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown operator ${String((req as { operator: unknown }).operator)}`);
    }
  }
  return true;
}

/** policyTypes after the API server's defaulting. */
export function effectivePolicyTypes(policy: NetworkPolicyManifest): ('Ingress' | 'Egress')[] {
  const written = policy.spec.policyTypes;
  if (written && written.length > 0) return written;
  const types: ('Ingress' | 'Egress')[] = ['Ingress'];
  if ((policy.spec.egress ?? []).length > 0) types.push('Egress');
  return types;
}

function containerPorts(spec: PodSpecManifest): PodEndpoint['ports'] {
  const out: PodEndpoint['ports'] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) out.push(portOf(p));
  }
  return out;
}

function portOf(p: ContainerPortManifest): PodEndpoint['ports'][number] {
  const r: PodEndpoint['ports'][number] = { port: p.containerPort, protocol: p.protocol ?? 'TCP' };
  if (p.name !== undefined) r.name = p.name;
  return r;
}

/** Where a controller keeps its pod template (a CronJob: inside its job template). */
function podTemplateOf(m: Exclude<WorkloadManifest, PodManifest>): PodTemplateManifest {
  return m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec.template;
}

/**
 * Labels the API server adds to the pod template on create (Job: batch/v1 defaulting, "the system
 * picks labels unique to this job and appends those labels to the pod template" unless
 * manualSelector is true): `job-name` and `batch.kubernetes.io/job-name` set to the Job's name.
 * (It adds `controller-uid` labels too, with a UID value no manifest can know; selectors on them
 * are not generated.) A CronJob is taken, as the tool documents, as its job template's pod labels.
 */
function addedPodLabels(m: Exclude<WorkloadManifest, PodManifest>): Labels {
  if (m.kind !== 'Job' || m.spec.manualSelector === true) return {};
  return { 'job-name': m.metadata.name, 'batch.kubernetes.io/job-name': m.metadata.name };
}

export class Oracle {
  readonly pods: PodEndpoint[] = [];
  readonly policies: NetworkPolicyManifest[] = [];
  readonly namespaceLabels = new Map<string, Labels>();
  private readonly podCidrSet: IpSet;
  private readonly podCidrs: readonly string[];
  private readonly partial: 'match' | 'no-match';
  private readonly defaultNamespace: string;

  constructor(manifests: readonly Manifest[], options: OracleOptions = {}) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    this.podCidrs = options.podCidrs ?? DEFAULT_POD_CIDRS;
    this.partial = options.partialIpBlocks ?? 'match';
    let s = emptySet();
    for (const c of this.podCidrs) s = union(s, setOfCidr(parseCidr(c)));
    this.podCidrSet = s;

    for (const m of manifests) {
      const ns = m.metadata.namespace ?? this.defaultNamespace;
      switch (m.kind) {
        case 'Namespace':
          this.namespaceLabels.set(m.metadata.name, namespaceLabelsOf(m));
          break;
        case 'Pod': {
          const pod: PodEndpoint = {
            kind: 'pod',
            id: `${ns}/Pod/${m.metadata.name}`,
            namespace: ns,
            labels: m.metadata.labels ?? {},
            ports: containerPorts(m.spec),
          };
          const ips = m.status?.podIPs?.map((x) => x.ip) ?? (m.status?.podIP ? [m.status.podIP] : undefined);
          if (ips && ips.length > 0) pod.ips = ips;
          this.pods.push(pod);
          break;
        }
        case 'Deployment':
        case 'ReplicaSet':
        case 'StatefulSet':
        case 'DaemonSet':
        case 'Job':
        case 'CronJob':
        case 'ReplicationController': {
          const template = podTemplateOf(m);
          this.pods.push({
            kind: 'pod',
            id: `${ns}/${m.kind}/${m.metadata.name}`,
            namespace: ns,
            labels: { ...(template.metadata?.labels ?? {}), ...addedPodLabels(m) },
            ports: containerPorts(template.spec),
          });
          break;
        }
        case 'NetworkPolicy':
          this.policies.push({ ...m, metadata: { ...m.metadata, namespace: ns } });
          break;
      }
    }
  }

  /** Labels of a namespace, including the automatic name label. */
  labelsOfNamespace(name: string): Labels {
    return { ...(this.namespaceLabels.get(name) ?? {}), [NAMESPACE_NAME_LABEL]: name };
  }

  /** The single question: is this traffic allowed? */
  allowed(src: Endpoint, dst: Endpoint, port: number, protocol: Protocol): boolean {
    return this.sideAllows('Egress', src, dst, dst, port, protocol) && this.sideAllows('Ingress', dst, src, dst, port, protocol);
  }

  private readonly selectingCache = new WeakMap<PodEndpoint, Record<'Ingress' | 'Egress', NetworkPolicyManifest[]>>();

  /** Policies of `direction` selecting the endpoint (none for IP endpoints). Memoised per pod object. */
  selecting(direction: 'Ingress' | 'Egress', endpoint: Endpoint): NetworkPolicyManifest[] {
    if (endpoint.kind !== 'pod') return [];
    let hit = this.selectingCache.get(endpoint);
    if (!hit) {
      hit = { Ingress: this.selectingUncached('Ingress', endpoint), Egress: this.selectingUncached('Egress', endpoint) };
      this.selectingCache.set(endpoint, hit);
    }
    return hit[direction];
  }

  private selectingUncached(direction: 'Ingress' | 'Egress', endpoint: PodEndpoint): NetworkPolicyManifest[] {
    return this.policies.filter(
      (p) =>
        p.metadata.namespace === endpoint.namespace &&
        effectivePolicyTypes(p).includes(direction) &&
        selectorMatches(p.spec.podSelector, endpoint.labels),
    );
  }

  /**
   * Does `self`'s side of `direction` allow the traffic? `peer` is the other end; `dst` is the
   * destination of the traffic (for named ports).
   */
  private sideAllows(
    direction: 'Ingress' | 'Egress',
    self: Endpoint,
    peer: Endpoint,
    dst: Endpoint,
    port: number,
    protocol: Protocol,
  ): boolean {
    const policies = this.selecting(direction, self);
    if (policies.length === 0) return true; // not isolated
    for (const policy of policies) {
      for (const rule of rulesOf(policy, direction)) {
        const m = this.rulePeersMatch(rule.peers, policy.metadata.namespace!, peer);
        const peerOk = m === 'yes' || (m === 'maybe' && this.partial === 'match');
        if (peerOk && portsMatch(rule.ports, dst, port, protocol)) return true;
      }
    }
    return false;
  }

  /**
   * One side's verdict, public for explain(): `self` is the source for Egress, the destination for
   * Ingress. True when the side is not isolated.
   */
  sideAllowed(direction: 'Ingress' | 'Egress', self: Endpoint, peer: Endpoint, dst: Endpoint, port: number, protocol: Protocol): boolean {
    return this.sideAllows(direction, self, peer, dst, port, protocol);
  }

  /**
   * Does rule `index` (0-based) of `direction` of `policy` allow the traffic to/from `peer`?
   * 'maybe' when its ports match and it matches the peer only through ipBlocks partly overlapping
   * the pod CIDRs (a pod without known IPs); 'no' when the index is out of range.
   */
  ruleVerdict(
    policy: NetworkPolicyManifest,
    direction: 'Ingress' | 'Egress',
    index: number,
    peer: Endpoint,
    dst: Endpoint,
    port: number,
    protocol: Protocol,
  ): Tri {
    const rule = rulesOf(policy, direction)[index];
    if (rule === undefined || !portsMatch(rule.ports, dst, port, protocol)) return 'no';
    return this.rulePeersMatch(rule.peers, policy.metadata.namespace!, peer);
  }

  /** The number of rules of one direction of a policy (whether or not the direction takes effect). */
  ruleCount(policy: NetworkPolicyManifest, direction: 'Ingress' | 'Egress'): number {
    return rulesOf(policy, direction).length;
  }

  /**
   * True when some rule of a policy that isolates one side of (src → dst) matches the other side
   * only "partially" (a pod without IPs against ipBlocks partly overlapping the pod CIDRs).
   */
  uncertainTouched(src: Endpoint, dst: Endpoint): boolean {
    const check = (direction: 'Ingress' | 'Egress', self: Endpoint, peer: Endpoint): boolean => {
      for (const policy of this.selecting(direction, self)) {
        for (const rule of rulesOf(policy, direction)) {
          if (this.rulePeersMatch(rule.peers, policy.metadata.namespace!, peer) === 'maybe') return true;
        }
      }
      return false;
    };
    return check('Egress', src, dst) || check('Ingress', dst, src);
  }

  /** Does a rule's peer list (from/to) match the endpoint? */
  private rulePeersMatch(peers: NetworkPolicyPeer[] | undefined, policyNamespace: string, ep: Endpoint): Tri {
    if (peers === undefined || peers.length === 0) return 'yes';
    const ipBlocks = peers.filter((p) => p.ipBlock !== undefined);
    for (const peer of peers) {
      if (peer.ipBlock !== undefined) {
        if (ep.kind === 'ip') {
          const ip = parseIp(ep.ip);
          if (ip && setContains(blockSet(peer.ipBlock.cidr, peer.ipBlock.except ?? []), ip)) return 'yes';
        } else if (ep.ips !== undefined) {
          for (const s of ep.ips) {
            const ip = parseIp(s);
            if (ip && setContains(blockSet(peer.ipBlock.cidr, peer.ipBlock.except ?? []), ip)) return 'yes';
          }
        }
        continue;
      }
      if (ep.kind !== 'pod') continue; // pod/namespace selectors never match IPs
      const nsOk =
        peer.namespaceSelector !== undefined
          ? selectorMatches(peer.namespaceSelector, this.labelsOfNamespace(ep.namespace))
          : ep.namespace === policyNamespace;
      const podOk = peer.podSelector !== undefined ? selectorMatches(peer.podSelector, ep.labels) : true;
      if (nsOk && podOk) return 'yes';
    }
    // A pod of unknown address against the rule's ipBlocks, judged as a whole.
    if (ep.kind === 'pod' && ep.ips === undefined && ipBlocks.length > 0) {
      let u = emptySet();
      for (const p of ipBlocks) u = union(u, blockSet(p.ipBlock!.cidr, p.ipBlock!.except ?? []));
      if (isEmpty(intersect(u, this.podCidrSet))) return 'no';
      if (isSubset(this.podCidrSet, u)) return 'yes';
      return 'maybe';
    }
    return 'no';
  }

  /**
   * Every port where the allowed answer can change, for any pair: container ports, policy port
   * numbers and endPorts (each as the first port of a segment and the one after it), 1 and 65536.
   * Between two consecutive breakpoints `allowed` is constant for every pair and protocol.
   */
  portBreakpoints(): number[] {
    const b = new Set<number>([MIN_PORT, MAX_PORT + 1]);
    for (const pod of this.pods) for (const p of pod.ports) b.add(p.port).add(p.port + 1);
    for (const policy of this.policies) {
      const rules = [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])];
      for (const rule of rules) {
        for (const p of rule.ports ?? []) {
          if (typeof p.port === 'number') {
            b.add(p.port);
            b.add((p.endPort ?? p.port) + 1);
          }
        }
      }
    }
    return [...b].filter((x) => x >= MIN_PORT && x <= MAX_PORT + 1).sort((x, y) => x - y);
  }

  /** The full allowed port set of a pair, by asking `allowed` once per segment and protocol. */
  allowedPorts(src: Endpoint, dst: Endpoint, breakpoints: readonly number[] = this.portBreakpoints()): PortSet {
    const out = emptyPorts();
    for (const protocol of PROTOCOLS) {
      const ranges: [number, number][] = [];
      for (let i = 0; i + 1 < breakpoints.length; i++) {
        const lo = breakpoints[i]!;
        const hi = breakpoints[i + 1]! - 1;
        if (this.allowed(src, dst, lo, protocol)) ranges.push([lo, hi]);
      }
      addRanges(out, protocol, ranges);
    }
    return out;
  }

  /**
   * The matrix over the oracle's pods and the given IP endpoints: for every ordered pair (no
   * IP→IP pairs) the allowed port set, keyed `from|to`. Pairs with nothing allowed are included
   * (with empty sets) so callers can check absence too.
   */
  oracleMatrix(ips: readonly IpEndpoint[]): Map<string, { from: Endpoint; to: Endpoint; ports: PortSet }> {
    const bp = this.portBreakpoints();
    const out = new Map<string, { from: Endpoint; to: Endpoint; ports: PortSet }>();
    const eps: Endpoint[] = [...this.pods, ...ips];
    for (const from of eps) {
      for (const to of eps) {
        if (from.kind === 'ip' && to.kind === 'ip') continue;
        out.set(`${from.id}|${to.id}`, { from, to, ports: this.allowedPorts(from, to, bp) });
      }
    }
    return out;
  }

  /**
   * Every CIDR written in an ipBlock (cidr and excepts). With `effectiveOnly`, only those of rules
   * whose direction is in the policy's (defaulted) policyTypes — the others cannot change anything.
   */
  ipBlockCidrs(effectiveOnly = false): string[] {
    const out = new Set<string>();
    for (const policy of this.policies) {
      const types = effectivePolicyTypes(policy);
      const ingress = !effectiveOnly || types.includes('Ingress') ? policy.spec.ingress ?? [] : [];
      const egress = !effectiveOnly || types.includes('Egress') ? policy.spec.egress ?? [] : [];
      const rules = [...ingress.map((r) => r.from), ...egress.map((r) => r.to)];
      for (const peers of rules) {
        for (const p of peers ?? []) {
          if (p.ipBlock) {
            out.add(p.ipBlock.cidr);
            for (const e of p.ipBlock.except ?? []) out.add(e);
          }
        }
      }
    }
    return [...out];
  }
}

/** The rules of one direction, with their peer list (`from` or `to`). */
function rulesOf(
  policy: NetworkPolicyManifest,
  direction: 'Ingress' | 'Egress',
): { peers: NetworkPolicyPeer[] | undefined; ports: NetworkPolicyPort[] | undefined }[] {
  if (direction === 'Ingress') return (policy.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }));
  return (policy.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
}

function namespaceLabelsOf(ns: NamespaceManifest): Labels {
  return { ...(ns.metadata.labels ?? {}) };
}

/** Does a rule's port list match (protocol, port) towards `dst`? */
export function portsMatch(ports: NetworkPolicyPort[] | undefined, dst: Endpoint, port: number, protocol: Protocol): boolean {
  if (ports === undefined || ports.length === 0) return true;
  for (const entry of ports) {
    const proto = entry.protocol ?? 'TCP';
    if (proto !== protocol) continue;
    if (entry.port === undefined) return true;
    if (typeof entry.port === 'number') {
      const end = entry.endPort ?? entry.port;
      if (entry.port <= port && port <= end) return true;
      continue;
    }
    // named port: resolved against the destination pod's container ports, by name and protocol
    if (dst.kind === 'pod' && dst.ports.some((cp) => cp.name === entry.port && cp.protocol === proto && cp.port === port)) {
      return true;
    }
  }
  return false;
}
