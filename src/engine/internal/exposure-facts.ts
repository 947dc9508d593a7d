import type { SourceLocation, Workload } from '../../k8s/types.js';
import { type ExternalRef, type WorkloadRef } from '../../values/endpoint.js';
import { EMPTY, type PortSet, isEmpty, union } from '../../values/port-set.js';
import type { ExposureFact, ExposureKind, OpenedPath, Path, Side } from '../types.js';
import type { Bitset } from './bitset.js';
import { allowed } from './reachability.js';
import type { SideView } from './tree-model.js';

/** Whether, on one side, some workload of every namespace (surely, or maybe) can reach class `to`. */
function reachableFromEveryNamespace(view: SideView, to: number): 'yes' | 'maybe' | 'no' {
  const { universe } = view;
  let namespaces = 0;
  let verdict: 'yes' | 'maybe' = 'yes';
  for (const classes of universe.byNamespace.values()) {
    const present = classes.filter((c) => universe.classes[c]!.states[view.side]);
    if (present.length === 0) continue;
    namespaces++;
    const results = present.map((from) => allowed(view.compiled, from, to));
    if (results.some((r) => !isEmpty(r.sure))) continue;
    if (!results.some((r) => !isEmpty(r.maybe))) return 'no';
    verdict = 'maybe';
  }
  return namespaces > 1 ? verdict : 'no';
}

/** Collects exposure facts: one per (kind, workload, external), ports merged. */
export class ExposureCollector {
  private readonly facts = new Map<string, ExposureFact>();
  /** `kind\0workload` of every fact, so membership is a lookup, not a scan. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly locate: (ref: WorkloadRef, side: Side) => Workload | undefined,
  ) {}

  add(kind: ExposureKind, workload: WorkloadRef, where: (SourceLocation & { side: Side }) | undefined, uncertain: boolean, ports: PortSet = EMPTY, external?: ExternalRef): void {
    const key = `${kind}\u0000${workload.id}\u0000${external?.id ?? ''}`;
    const fact = this.facts.get(key) ?? { kind, workload, ports: EMPTY, externals: external ? [external] : [], uncertain: true, location: where ?? this.workloadLocation(workload) };
    fact.ports = union(fact.ports, ports);
    fact.uncertain &&= uncertain;
    this.facts.set(key, fact);
    this.reported.add(`${kind}\u0000${workload.id}`);
  }

  /** Where a workload is written: head's manifest, or base's when it exists only there. */
  private workloadLocation(workload: WorkloadRef): SourceLocation & { side: Side } {
    const head = this.locate(workload, 'head');
    return head ? { ...head.location, side: 'head' } : { ...this.locate(workload, 'base')!.location, side: 'base' };
  }

  has(kind: ExposureKind, workload: WorkloadRef): boolean {
    return this.reported.has(`${kind}\u0000${workload.id}`);
  }

  list(): ExposureFact[] {
    return [...this.facts.values()].sort((a, b) =>
      a.workload.id !== b.workload.id ? (a.workload.id < b.workload.id ? -1 : 1) : a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : (a.externals[0]?.id ?? '') < (b.externals[0]?.id ?? '') ? -1 : 1,
    );
  }
}

/** Class-level exposure changes of workloads present on both sides: lost isolation, reachable from every namespace. */
export function isolationFacts(base: SideView, head: SideView, rows: Bitset, cols: Bitset, facts: ExposureCollector): void {
  const u = head.universe;
  const both = (c: number) => u.classes[c]!.states[0] !== undefined && u.classes[c]!.states[1] !== undefined;
  const members = (c: number) => head.endpointsOf(c) as WorkloadRef[];
  const lostAt = (c: number, direction: 'ingress' | 'egress') => {
    const was = base.policiesSelecting(c, direction)[0]!.policy.location;
    return { ...was, side: 'base' as const };
  };
  cols.forEach((c) => {
    if (c >= u.podClassCount || !both(c)) return;
    if (base.policiesSelecting(c, 'ingress').length > 0 && head.policiesSelecting(c, 'ingress').length === 0) {
      for (const w of members(c)) facts.add('lost-ingress-isolation', w, lostAt(c, 'ingress'), false);
    }
    const now = reachableFromEveryNamespace(head, c);
    const before = now === 'no' ? 'no' : reachableFromEveryNamespace(base, c);
    if (now !== 'no' && before !== 'yes' && (now === 'yes' || before === 'no')) {
      for (const w of members(c)) facts.add('reachable-from-every-namespace', w, undefined, now === 'maybe' || before === 'maybe');
    }
  });
  rows.forEach((c) => {
    if (c < u.podClassCount && both(c) && base.policiesSelecting(c, 'egress').length > 0 && head.policiesSelecting(c, 'egress').length === 0) {
      for (const w of members(c)) facts.add('lost-egress-isolation', w, lostAt(c, 'egress'), false);
    }
  });
}

/**
 * Internet exposure of opened paths and of new workloads' paths (a new workload no ingress policy
 * selects is `unprotected-workload`). `isInternet` tells external endpoints outside the internal ranges.
 */
export function internetFacts(
  opened: readonly OpenedPath[],
  addedPaths: readonly Path[],
  added: ReadonlySet<string>,
  head: { isolated: (ref: WorkloadRef, direction: 'ingress' | 'egress') => boolean },
  isInternet: (ref: ExternalRef) => boolean,
  facts: ExposureCollector,
): void {
  const ruleAt = (p: Path, direction: 'ingress' | 'egress') => {
    const rule = 'because' in p ? (p as OpenedPath).because[direction].allowedBy[0] : undefined;
    return rule ? { file: rule.file, line: rule.line, side: 'head' as const } : undefined;
  };
  for (const p of [...opened, ...addedPaths]) {
    if (p.from.type === 'external' && p.to.type === 'workload' && isInternet(p.from)) {
      const isNew = added.has(p.to.id) && !head.isolated(p.to, 'ingress');
      facts.add(isNew ? 'unprotected-workload' : 'internet-ingress', p.to, ruleAt(p, 'ingress'), p.uncertain, p.ports, p.from);
    }
    if (p.to.type === 'external' && p.from.type === 'workload' && isInternet(p.to) && !(added.has(p.from.id) && !head.isolated(p.from, 'egress'))) {
      facts.add('internet-egress', p.from, ruleAt(p, 'egress'), p.uncertain, p.ports, p.to);
    }
  }
}
