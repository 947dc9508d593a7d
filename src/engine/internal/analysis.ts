import { type Cidr, type IpFamily, parseCidr, parseIp } from '../../values/ip-address.js';
import { type ManifestCache, loadCluster } from '../../k8s/load-cluster.js';
import type { Cluster, Diagnostic, NetworkPolicy } from '../../k8s/types.js';
import { uniquePairs, workloadFingerprint } from '../../k8s/workload-pairs.js';
import { compileClusterPolicies, observeClusterPolicies } from './compile-cluster-policies.js';
import { type CompiledSide, SelectorEvaluator, compileSide } from './compile-policies.js';
import { type Observables, ObservedLabels, type Universe, buildUniverse } from './endpoint-classes.js';
import { buildAtoms, ipBlockCidrs } from './ip-atoms.js';
import type { AnalysisInput, AnalysisOptions } from '../types.js';

export const DEFAULT_POD_CIDRS: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** Parses the pod CIDRs option; throws a message naming the bad entry. */
export function parsePodCidrs(texts: readonly string[] | undefined): Cidr[] {
  return (texts ?? DEFAULT_POD_CIDRS).map((t) => {
    const cidr = parseCidr(t);
    if (!cidr) throw new Error(`--pod-cidr ${JSON.stringify(t)} is not a CIDR`);
    return cidr;
  });
}

/** Everything the engine knows about one or more sides (one for a model, base and head for a comparison). */
export interface Analysis {
  clusters: Cluster[];
  /** Head id → base id of workloads treated as renamed. */
  renames: Map<string, string>;
  universe: Universe;
  compiled: CompiledSide[];
  /** Per side: loading and compiling diagnostics, sorted. */
  diagnostics: Diagnostic[][];
}

function observe(clusters: readonly Cluster[]): Observables {
  const observed: Observables = {
    podLabels: new ObservedLabels(),
    podLabelsIn: new Map(),
    namespaceLabels: new ObservedLabels(),
    namedPorts: new Set(),
    podIPs: false,
    hostNetwork: false,
  };
  const local = (namespace: string) => {
    let o = observed.podLabelsIn.get(namespace);
    if (!o) observed.podLabelsIn.set(namespace, (o = new ObservedLabels()));
    return o;
  };
  // A policy read once for several sides (from a file they hold alike) is observed once.
  const seen = new Set<NetworkPolicy>();
  for (const cluster of clusters) {
    for (const policy of cluster.policies) {
      if (seen.has(policy)) continue;
      seen.add(policy);
      local(policy.namespace).add(policy.podSelector);
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) {
          if (peer.kind === 'ipBlock') observed.podIPs = true;
          else if (peer.namespaceSelector) {
            observed.podLabels.add(peer.podSelector);
            observed.namespaceLabels.add(peer.namespaceSelector);
          } else local(policy.namespace).add(peer.podSelector);
        }
        for (const port of rule.ports ?? []) if (typeof port.port === 'string') observed.namedPorts.add(`${port.protocol}/${port.port}`);
      }
    }
    observeClusterPolicies(cluster.clusterPolicies, observed);
  }
  return observed;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** Loads one tree (and its context) into typed objects; the reader's diagnostics join the loader's. */
export function loadTree(input: AnalysisInput, options: AnalysisOptions, cache: ManifestCache): Cluster {
  const cluster = loadCluster(input.files, input.context ?? [], { defaultNamespace: options.defaultNamespace ?? 'default', ...(options.budget ? { budget: options.budget } : {}) }, cache);
  return input.diagnostics?.length ? { ...cluster, diagnostics: [...input.diagnostics, ...cluster.diagnostics] } : cluster;
}

/** Cuts the endpoints of every side into classes shared by all sides, and compiles each side's policies. */
export function buildAnalysis(clusters: Cluster[], podCidrs: readonly Cidr[], options: { detectRenames?: boolean; dnsCheck?: boolean } = {}): Analysis {
  const renames = options.detectRenames && clusters.length === 2 ? detectRenames(clusters[0]!, clusters[1]!) : new Map<string, string>();
  const cidrs: Cidr[] = [];
  const families = new Set<IpFamily>(podCidrs.map((c) => c.family));
  for (const cluster of clusters) {
    for (const policy of cluster.policies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) if (peer.kind === 'ipBlock') cidrs.push(...ipBlockCidrs(peer.ipBlock));
      }
    }
    for (const policy of cluster.clusterPolicies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers) if (peer.kind === 'networks') cidrs.push(...peer.cidrs.map((c) => parseCidr(c)!));
      }
    }
    for (const w of cluster.workloads) for (const ip of w.podIPs ?? []) families.add(parseIp(ip)!.family);
  }
  const universe = buildUniverse(clusters, buildAtoms(cidrs, families), observe(clusters), renames);
  const evaluator = new SelectorEvaluator(universe);
  // With no class changed, every selector selects alike on every side: a policy read once for both is compiled once.
  const reusable = universe.changed.isEmpty();
  const compiled: CompiledSide[] = [];
  for (const [side, cluster] of clusters.entries()) {
    const compiledSide = compileSide(side, cluster.policies, universe, evaluator, { podCidrs, dnsCheck: options.dnsCheck === true }, reusable ? compiled[side - 1] : undefined);
    const tiers = compileClusterPolicies(side, cluster.clusterPolicies, universe, evaluator, podCidrs);
    if (tiers) {
      compiledSide.tiers = tiers;
      compiledSide.diagnostics.push(...tiers.diagnostics);
    }
    compiled.push(compiledSide);
  }
  const diagnostics = clusters.map((cluster, side) => [...cluster.diagnostics, ...compiled[side]!.diagnostics].sort(compareDiagnostics));
  return { clusters, renames, universe, compiled, diagnostics };
}

/**
 * A workload removed and one added in the same namespace, of the same kind, with identical pod labels
 * and ports, is one workload renamed. Only unambiguous (one-to-one) pairs count.
 */
function detectRenames(base: Cluster, head: Cluster): Map<string, string> {
  const only = (from: Cluster, other: Cluster) => {
    const ids = new Set(other.workloads.map((w) => w.id));
    return from.workloads.filter((w) => !ids.has(w.id));
  };
  const pairs = uniquePairs(only(base, head), only(head, base), (w) => workloadFingerprint(w, true));
  return new Map([...pairs].map(([added, removed]) => [added, removed.id]));
}
