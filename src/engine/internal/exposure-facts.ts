import type { SourceLocation, Workload } from '../../k8s/types.js';
import { type ExternalRef, type WorkloadRef } from '../../values/endpoint.js';
import { ALL, EMPTY, type PortSet, isEmpty, union } from '../../values/port-set.js';
import type { Direction, ExposureFact, ExposureKind, OpenedPath, Path, Side } from '../types.js';
import type { Bitset } from './bitset.js';
import { allowed, explainPair } from './reachability.js';
import { type RestrictionLevel, denialAt, restriction } from './restriction.js';
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

/** The classes whose exposure may have changed: their ingress (`ingress`), their egress (`egress`), and destinations that gained paths (`reached`). */
export interface ChangedClasses {
  ingress: Bitset;
  egress: Bitset;
  reached: Bitset;
}

/**
 * Class-level exposure changes of workloads present on both sides: lost isolation (base restricts the
 * direction, head no longer surely does; located where base decided the denial) and reachable from every namespace.
 */
export function isolationFacts(base: SideView, head: SideView, classes: ChangedClasses, facts: ExposureCollector): void {
  const u = head.universe;
  const both = (c: number) => c < u.podClassCount && u.classes[c]!.states[0] !== undefined && u.classes[c]!.states[1] !== undefined;
  const members = (c: number) => head.endpointsOf(c) as WorkloadRef[];
  const lost = (c: number, direction: Direction) => {
    if (!both(c)) return;
    const now = restriction(head.compiled, c, direction);
    if (now.level === 'yes') return;
    const was = restriction(base.compiled, c, direction);
    if (was.level === 'no') return;
    const [from, to] = direction === 'ingress' ? [was.witness!, c] : [c, was.witness!];
    const at = denialAt(explainPair(base.compiled, from, to, ALL)[direction]);
    const where = at && { ...at, side: 'base' as const };
    for (const w of members(c)) facts.add(direction === 'ingress' ? 'lost-ingress-isolation' : 'lost-egress-isolation', w, where, was.level !== 'yes' || now.level !== 'no');
  };
  classes.ingress.forEach((c) => lost(c, 'ingress'));
  classes.reached.forEach((c) => {
    if (!both(c)) return;
    const now = reachableFromEveryNamespace(head, c);
    const before = now === 'no' ? 'no' : reachableFromEveryNamespace(base, c);
    if (now !== 'no' && before !== 'yes' && (now === 'yes' || before === 'no')) {
      for (const w of members(c)) facts.add('reachable-from-every-namespace', w, undefined, now === 'maybe' || before === 'maybe');
    }
  });
  classes.egress.forEach((c) => lost(c, 'egress'));
}

/** Of a path from a workload, the ports some rule grants its egress (a NetworkPolicy that selects it, or a cluster Allow/Accept), not the default. */
export function grantedEgress(view: SideView, p: Path): PortSet {
  const from = view.classOf(p.from)!;
  if (view.policiesSelecting(from, 'egress').length > 0) return p.ports;
  const rules = explainPair(view.compiled, from, view.classOf(p.to)!, p.ports).egress.clusterRules ?? [];
  return rules.filter((r) => r.action === 'Allow' || r.action === 'Accept').reduce((ports, r) => union(ports, r.ports), EMPTY);
}

/** What head knows about new workloads: how far it restricts one's ingress, and what rules grant a path's egress. */
export interface NewWorkloads {
  ids: ReadonlySet<string>;
  ingress: (ref: WorkloadRef) => RestrictionLevel;
  grantedEgress: (p: Path) => PortSet;
}

/**
 * Internet exposure of opened paths and of new workloads' paths. A new workload whose ingress head does not
 * surely restrict is `unprotected-workload`; a new workload's internet egress counts only on the ports a rule
 * grants (egress open by default is no news). `isInternet` tells external endpoints outside the internal ranges.
 */
export function internetFacts(
  opened: readonly OpenedPath[],
  addedPaths: readonly Path[],
  added: NewWorkloads,
  isInternet: (ref: ExternalRef) => boolean,
  facts: ExposureCollector,
): void {
  const ruleAt = (p: Path, direction: Direction) => {
    if (!('because' in p)) return undefined;
    const side = (p as OpenedPath).because[direction];
    const allows = (side.clusterRules ?? []).filter((r) => r.action === 'Allow' || r.action === 'Accept');
    const rule = allows.find((r) => r.tier === 'Admin') ?? side.allowedBy[0] ?? allows[0];
    return rule ? { file: rule.file, line: rule.line, side: 'head' as const } : undefined;
  };
  for (const p of [...opened, ...addedPaths]) {
    if (p.from.type === 'external' && p.to.type === 'workload' && isInternet(p.from)) {
      const level = added.ids.has(p.to.id) ? added.ingress(p.to) : 'yes';
      facts.add(level === 'yes' ? 'internet-ingress' : 'unprotected-workload', p.to, ruleAt(p, 'ingress'), p.uncertain || level === 'maybe', p.ports, p.from);
    }
    if (p.to.type === 'external' && p.from.type === 'workload' && isInternet(p.to)) {
      const ports = added.ids.has(p.from.id) ? added.grantedEgress(p) : p.ports;
      if (!isEmpty(ports)) facts.add('internet-egress', p.from, ruleAt(p, 'egress'), p.uncertain, ports, p.to);
    }
  }
}
