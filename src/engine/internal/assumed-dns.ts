import { NAMESPACE_NAME_LABEL } from '../../k8s/load-cluster.js';
import { matchesSelector } from '../../k8s/label-selector.js';
import type { Cluster, LabelSelector, Workload } from '../../k8s/types.js';

export const ASSUMED_DNS_NAME = 'assumed-cluster-dns';

export type DnsSelector = { namespace: string; podSelector: LabelSelector };

export const isDnsWorkload = (dns: DnsSelector, w: { namespace: string; labels: Readonly<Record<string, string>> }): boolean =>
  w.namespace === dns.namespace && matchesSelector(dns.podSelector, w.labels);

/** Labels that the DNS selector matches, for the assumed workload. */
function labelsFor(selector: LabelSelector): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const r of selector.requirements) {
    if (r.operator === 'In') labels[r.key] = r.values[0]!;
    else if (r.operator === 'NotIn') labels[r.key] = `not-${r.values.join('-')}`;
    else if (r.operator === 'Exists') labels[r.key] = 'true';
  }
  return labels;
}

/**
 * Adds the standard cluster DNS (which the DNS check probes) to every cluster when none of them has a
 * workload the DNS selector matches. The workload is marked `assumed`; results leave it out.
 */
export function withAssumedDns(clusters: readonly Cluster[], dns: DnsSelector | undefined): Cluster[] {
  if (!dns || clusters.some((c) => c.workloads.some((w) => isDnsWorkload(dns, w)))) return [...clusters];
  const workload: Workload = {
    id: `${dns.namespace}/Pod/${ASSUMED_DNS_NAME}`,
    namespace: dns.namespace,
    kind: 'Pod',
    name: ASSUMED_DNS_NAME,
    labels: labelsFor(dns.podSelector),
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ],
    location: { file: '(assumed)', line: 0 },
    context: true,
    assumed: true,
  };
  return clusters.map((c) => ({
    ...c,
    workloads: [...c.workloads, workload],
    namespaces: c.namespaces.some((n) => n.name === dns.namespace)
      ? c.namespaces
      : [...c.namespaces, { name: dns.namespace, labels: { [NAMESPACE_NAME_LABEL]: dns.namespace }, context: true }],
  }));
}
