import type { SelectionTerm } from '../engine/model.js';
import type { RiskLevel } from '../settings/settings.js';
import { type EndpointRef, type ExternalRef, type WorkloadRef, byEndpointId } from '../values/endpoint.js';
import { type PortSet, portSetKey } from '../values/port-set.js';
import type { Cause } from './causes.js';

export type { RiskLevel } from '../settings/settings.js';
/** Most severe first, for sorting. */
export const RISK_ORDER: readonly RiskLevel[] = ['high', 'medium', 'low', 'none'];

/** One part of a group of endpoints: a workload, a whole namespace, every workload, or an external endpoint. */
export type GroupPart =
  | { kind: 'workload'; ref: WorkloadRef }
  | { kind: 'namespace'; namespace: string; count: number }
  /** All workloads of a namespace but a few, when naming those few is shorter than listing the rest. */
  | { kind: 'namespace-except'; namespace: string; count: number; except: WorkloadRef[] }
  | { kind: 'every-workload'; count: number }
  /** The workloads a policy's selector (or a rule's peers) select, when they are exactly the group. */
  | { kind: 'selection'; terms: SelectionTerm[]; count: number }
  | { kind: 'external'; ref: ExternalRef };

export interface EndpointGroup {
  parts: GroupPart[];
  /** Endpoints in the group. */
  count: number;
}

/** A path change to report: a pair of endpoints, the ports that changed, and why. */
export interface PathChange {
  from: EndpointRef;
  to: EndpointRef;
  ports: PortSet;
  uncertain: boolean;
  cause: Cause;
  risk: RiskLevel;
}

/** Many path changes that read the same, as one row. */
export interface PathRow {
  from: EndpointGroup;
  to: EndpointGroup;
  ports: PortSet;
  uncertain: boolean;
  cause: Cause;
  risk: RiskLevel;
  /** Endpoint pairs the row stands for. */
  pairs: number;
}

/** Workloads per namespace, to recognise a whole namespace (or everything) in a set of ids. */
export type WorkloadsByNamespace = Readonly<Record<string, number>>;
/** The workloads of each namespace, to name the few a group leaves out. */
export interface NamespaceMembers {
  get(namespace: string): readonly WorkloadRef[] | undefined;
}

/** At most this many left out, and fewer than half the group, for "every workload in `ns` except …". */
const MAX_EXCEPT = 3;

/** The workloads of a side by namespace, each namespace's in id order (sorted when first asked for: a review asks for few). */
export function namespaceMembers(workloads: readonly WorkloadRef[]): NamespaceMembers {
  const byNamespace = new Map<string, WorkloadRef[]>();
  for (const w of workloads) {
    const list = byNamespace.get(w.namespace);
    if (list) list.push(w);
    else byNamespace.set(w.namespace, [w]);
  }
  const sorted = new Set<string>();
  return {
    get: (namespace) => {
      const list = byNamespace.get(namespace);
      if (list && !sorted.has(namespace)) {
        list.sort(byEndpointId);
        sorted.add(namespace);
      }
      return list;
    },
  };
}

/**
 * Names a set of endpoints compactly: whole namespaces (or every workload) instead of their members, and with
 * `members`, a namespace but a few ("every workload in `ns` except …") when that is shorter.
 */
export function describeEndpoints(endpoints: readonly EndpointRef[], byNamespace: WorkloadsByNamespace, members?: NamespaceMembers): EndpointGroup {
  const parts: GroupPart[] = [];
  const perNamespace = new Map<string, WorkloadRef[]>();
  const unique = new Map(endpoints.map((e) => [e.id, e] as const));
  for (const id of [...unique.keys()].sort()) {
    const e = unique.get(id)!;
    if (e.type === 'external') parts.push({ kind: 'external', ref: e });
    else {
      const list = perNamespace.get(e.namespace);
      if (list) list.push(e);
      else perNamespace.set(e.namespace, [e]);
    }
  }
  const full = (namespace: string) => byNamespace[namespace] !== undefined && perNamespace.get(namespace)!.length === byNamespace[namespace];
  const namespaces = [...perNamespace.keys()];
  const total = [...perNamespace.values()].reduce((n, m) => n + m.length, 0);
  const everything = namespaces.length >= 2 && namespaces.length === Object.keys(byNamespace).length && namespaces.every(full);
  const workloadParts: GroupPart[] = everything
    ? [{ kind: 'every-workload', count: total }]
    : namespaces.flatMap((namespace): GroupPart[] => {
        const present = perNamespace.get(namespace)!;
        if (present.length >= 2 && full(namespace)) return [{ kind: 'namespace', namespace, count: present.length }];
        const ids = new Set(present.map((w) => w.id));
        const all = members?.get(namespace) ?? [];
        const except = all.filter((w) => !ids.has(w.id));
        const covered = all.length - except.length === present.length;
        if (covered && except.length > 0 && except.length <= MAX_EXCEPT && except.length * 2 < present.length) return [{ kind: 'namespace-except', namespace, count: present.length, except }];
        return present.map((ref) => ({ kind: 'workload', ref }));
      });
  parts.unshift(...workloadParts);
  return { parts, count: parts.length === 0 ? 0 : total + parts.filter((p) => p.kind === 'external').length };
}

/** A key equal for groups that read the same (and that orders rows as the parts read). */
export const groupKey = (g: EndpointGroup): string =>
  JSON.stringify(
    g.parts.map((p) => (p.kind === 'workload' || p.kind === 'external' ? { kind: p.kind, id: p.ref.id } : p.kind === 'namespace-except' ? { ...p, except: p.except.map((w) => w.id) } : p)),
  );

/**
 * Aggregates path changes into rows: first the sources of each (destination, ports, cause), then the
 * destinations of each (source group, ports, cause), naming whole namespaces instead of their workloads.
 */
/** Names a set of workloads by the selector that selects exactly them, when there is one. */
export type SelectionNamer = (endpoints: readonly EndpointRef[], change: PathChange, end: 'from' | 'to') => GroupPart | undefined;

/** A group named by the selector that selects exactly it, else by namespaces (but a few) and workloads. */
function describeGroup(ids: readonly EndpointRef[], byNamespace: WorkloadsByNamespace, change: PathChange, end: 'from' | 'to', nameSelection?: SelectionNamer, members?: NamespaceMembers): EndpointGroup {
  const plain = describeEndpoints(ids, byNamespace);
  const named = nameSelection && plain.parts.filter((p) => p.kind === 'workload').length >= 2 && !plain.parts.some((p) => p.kind === 'external') ? nameSelection(ids, change, end) : undefined;
  if (named) return { parts: [named], count: plain.count };
  return members ? describeEndpoints(ids, byNamespace, members) : plain;
}

export function groupPaths(changes: readonly PathChange[], byNamespace: WorkloadsByNamespace, nameSelection?: SelectionNamer, members?: NamespaceMembers): PathRow[] {
  const byDestination = new Map<string, { change: PathChange; from: EndpointRef[] }>();
  for (const c of changes) {
    const key = JSON.stringify([c.to.id, portSetKey(c.ports), c.uncertain, c.cause.key, c.risk]);
    const entry = byDestination.get(key);
    if (entry) entry.from.push(c.from);
    else byDestination.set(key, { change: c, from: [c.from] });
  }
  const bySource = new Map<string, { change: PathChange; from: EndpointGroup; to: EndpointRef[]; pairs: number }>();
  for (const { change, from } of byDestination.values()) {
    const group = describeGroup(from, byNamespace, change, 'from', nameSelection, members);
    const key = JSON.stringify([groupKey(group), portSetKey(change.ports), change.uncertain, change.cause.key, change.risk]);
    const entry = bySource.get(key);
    if (entry) {
      entry.to.push(change.to);
      entry.pairs += from.length;
    } else bySource.set(key, { change, from: group, to: [change.to], pairs: from.length });
  }
  const rows = [...bySource.values()].map(({ change, from, to, pairs }) => ({
    from,
    to: describeGroup(to, byNamespace, change, 'to', nameSelection, members),
    ports: change.ports,
    uncertain: change.uncertain,
    cause: change.cause,
    risk: change.risk,
    pairs,
  }));
  // Each row's text once, not at every comparison.
  const texts = new Map(rows.map((r) => [r, groupKey(r.to) + groupKey(r.from) + portSetKey(r.ports)] as const));
  const text = (r: PathRow) => texts.get(r)!;
  return rows.sort(
    (a, b) => RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk) || b.pairs - a.pairs || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0),
  );
}
