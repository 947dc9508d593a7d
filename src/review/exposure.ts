import type { ExposureFact, ExposureKind, Side } from '../engine/types.js';
import type { SourceLocation } from '../k8s/types.js';
import type { ExternalRef, WorkloadRef } from '../values/endpoint.js';
import { type PortSet, portSetKey } from '../values/port-set.js';
import { type EndpointGroup, type RiskLevel, RISK_ORDER, type WorkloadsByNamespace, describeEndpoints } from './group-paths.js';

/** The exposure kinds a review reports (a lost egress isolation shows as the paths and internet egress it opens). */
export type ReviewedExposureKind = Exclude<ExposureKind, 'lost-egress-isolation'>;

/** A change in exposure that matters on its own, whatever the paths around it; workloads that share it are one entry. */
export interface Exposure {
  kind: ReviewedExposureKind;
  risk: RiskLevel;
  /** The workloads concerned, named compactly (whole namespaces where they are). */
  workloads: EndpointGroup;
  refs: WorkloadRef[];
  /** Ports concerned, where that applies. */
  ports: PortSet;
  /** External endpoints concerned (internet exposure). */
  externals: ExternalRef[];
  /** It rests only on uncertain ipBlock matches. */
  uncertain: boolean;
  /** Where it comes from (the responsible rule or policy, else the first workload), for annotations. */
  location: SourceLocation & { side: Side };
}

const RISK: Record<ReviewedExposureKind, RiskLevel> = {
  'internet-ingress': 'high',
  'lost-ingress-isolation': 'high',
  'reachable-from-every-namespace': 'high',
  'internet-egress': 'high',
  'dns-cut': 'high',
  'unprotected-workload': 'medium',
};

const riskOf = (f: ExposureFact & { kind: ReviewedExposureKind }): RiskLevel => (f.kind === 'unprotected-workload' && f.externals.length > 0 ? 'high' : RISK[f.kind]);

/** The comparison's exposure facts as a reviewer reads them: grouped by kind, risk, ports and ranges. */
export function groupExposures(facts: readonly ExposureFact[], sizes: WorkloadsByNamespace): Exposure[] {
  const lostIngress = new Set(facts.filter((f) => f.kind === 'lost-ingress-isolation').map((f) => f.workload.id));
  const groups = new Map<string, { sample: ExposureFact & { kind: ReviewedExposureKind }; refs: WorkloadRef[] }>();
  for (const f of facts) {
    if (f.kind === 'lost-egress-isolation') continue;
    // Losing ingress isolation already says "reachable from everywhere": the internet and every namespace with it.
    if ((f.kind === 'internet-ingress' || f.kind === 'reachable-from-every-namespace') && lostIngress.has(f.workload.id)) continue;
    const fact = f as ExposureFact & { kind: ReviewedExposureKind };
    const key = JSON.stringify([fact.kind, riskOf(fact), portSetKey(fact.ports), fact.externals.map((e) => e.id).sort(), fact.uncertain]);
    const g = groups.get(key) ?? { sample: fact, refs: [] };
    g.refs.push(fact.workload);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map(({ sample, refs }) => ({
      kind: sample.kind,
      risk: riskOf(sample),
      workloads: describeEndpoints(refs, sizes),
      refs: refs.sort((a, b) => (a.id < b.id ? -1 : 1)),
      ports: sample.ports,
      externals: [...sample.externals].sort((a, b) => (a.id < b.id ? -1 : 1)),
      uncertain: sample.uncertain,
      location: sample.location,
    }))
    .sort((a, b) => RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk) || (a.refs[0]!.id < b.refs[0]!.id ? -1 : a.refs[0]!.id > b.refs[0]!.id ? 1 : 0));
}
