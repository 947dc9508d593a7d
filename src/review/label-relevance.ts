import type { Model } from '../engine/model.js';
import { matchesSelector } from '../k8s/label-selector.js';
import type { ClusterPodSelection, LabelSelector, Labels } from '../k8s/types.js';
import type { EndpointRef, WorkloadRef } from '../values/endpoint.js';

/** A workload's (by base id) or a namespace's (`Namespace/<name>`) labels, before and after the change. */
export interface LabelChange {
  object: string;
  before: Labels;
  after: Labels;
}

/** Whether a label change can matter to a path: some selector that decides it reads the changed labels differently. */
export type LabelRelevance = (change: LabelChange, edge: { from: EndpointRef; to: EndpointRef }) => boolean;

type Which = 'before' | 'after';

/**
 * For a path A → B, a label change matters when, with only that object's labels switched from before to after:
 * a NetworkPolicy of A's namespace (egress) or B's (ingress) selects its endpoint differently, or, among those that
 * select it, a peer matches the other endpoint differently; or a cluster-wide policy's subject or peer matches
 * either endpoint differently. Every other label is read as in head (else base).
 */
export function labelRelevance(base: Model, head: Model, baseIdOf: (id: string) => string): LabelRelevance {
  // The tables are made when first asked (a review without label changes never asks).
  let tables: ReturnType<typeof relevanceTables> | undefined;
  return (change, edge) => {
    const { workloadLabels, namespaceLabels, policiesIn, clusterSelections } = (tables ??= relevanceTables(base, head));
    const podLabels = (w: WorkloadRef, which: Which): Labels => (change.object === baseIdOf(w.id) ? change[which] : (workloadLabels.get(w.id) ?? {}));
    const nsLabels = (ns: string, which: Which): Labels => (change.object === `Namespace/${ns}` ? change[which] : (namespaceLabels.get(ns) ?? {}));
    const differs = (test: (which: Which) => boolean) => test('before') !== test('after');
    const selects = (s: LabelSelector, labels: (which: Which) => Labels) => (which: Which) => matchesSelector(s, labels(which));
    const clusterSelects = (s: ClusterPodSelection, w: WorkloadRef) => (which: Which) =>
      matchesSelector(s.namespaceSelector, nsLabels(w.namespace, which)) && (!s.podSelector || matchesSelector(s.podSelector, podLabels(w, which)));

    const sides: [WorkloadRef | undefined, 'Egress' | 'Ingress', EndpointRef][] = [
      [edge.from.type === 'workload' ? edge.from : undefined, 'Egress', edge.to],
      [edge.to.type === 'workload' ? edge.to : undefined, 'Ingress', edge.from],
    ];
    for (const [end, type, other] of sides) {
      if (!end) continue;
      if (clusterSelections.some((s) => differs(clusterSelects(s, end)))) return true;
      for (const p of policiesIn.get(end.namespace) ?? []) {
        if (!p.policyTypes.includes(type)) continue;
        const subject = selects(p.podSelector, (which) => podLabels(end, which));
        if (differs(subject)) return true;
        if (!subject('before') || other.type !== 'workload') continue;
        for (const rule of type === 'Egress' ? p.egress : p.ingress) {
          for (const peer of rule.peers ?? []) {
            if (peer.kind !== 'pods') continue;
            const inNamespace = (which: Which) => (peer.namespaceSelector ? matchesSelector(peer.namespaceSelector, nsLabels(other.namespace, which)) : other.namespace === p.namespace);
            if (differs((which) => inNamespace(which) && (!peer.podSelector || matchesSelector(peer.podSelector, podLabels(other, which))))) return true;
          }
        }
      }
    }
    return false;
  };
}

/** Labels by workload id and namespace (head over base), policies by namespace, and every cluster policy selection, of both sides. */
function relevanceTables(base: Model, head: Model) {
  const workloadLabels = new Map<string, Labels>();
  for (const w of base.workloads) workloadLabels.set(w.id, w.labels);
  for (const w of head.workloads) workloadLabels.set(w.id, w.labels);
  const namespaceLabels = new Map<string, Labels>();
  for (const n of base.namespaces) namespaceLabels.set(n.name, n.labels);
  for (const n of head.namespaces) namespaceLabels.set(n.name, n.labels);
  const policiesIn = new Map<string, Model['policies'][number][]>();
  for (const p of [...base.policies, ...head.policies]) {
    const list = policiesIn.get(p.namespace);
    if (list) list.push(p);
    else policiesIn.set(p.namespace, [p]);
  }
  const clusterSelections: ClusterPodSelection[] = [...base.clusterPolicies, ...head.clusterPolicies].flatMap((p) => [
    p.subject,
    ...[...p.ingress, ...p.egress].flatMap((r) => r.peers.flatMap((peer) => (peer.kind === 'pods' ? [peer] : []))),
  ]);
  return { workloadLabels, namespaceLabels, policiesIn, clusterSelections };
}
