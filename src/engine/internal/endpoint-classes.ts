import type { Cluster, ContainerPort, LabelSelector, Labels, Workload } from '../../k8s/types.js';
import { Bitset } from './bitset.js';
import type { ExternalAtom } from './ip-atoms.js';

/** What a pod class looks like on one side (base or head) of an analysis. */
export interface PodState {
  namespace: string;
  namespaceLabels: Labels;
  labels: Labels;
  ports: readonly ContainerPort[];
  podIPs?: readonly string[];
  hostNetwork?: true;
}

/**
 * A set of endpoints that nothing in the policies can tell apart: workloads of one namespace with
 * the same selected labels, named ports and known IPs on every side; or one external atom.
 */
export interface EndpointClass {
  index: number;
  /** Per side (one side for a matrix, base and head for a diff); undefined where absent. */
  states: (PodState | undefined)[];
  /** Workloads per side, sorted by id; empty for an atom. */
  members: Workload[][];
  /** The state key on each side ('' where absent); a class changed when they differ. */
  key: string[];
  atom?: ExternalAtom;
}

/**
 * The label keys selectors test and, per key, the values some In/NotIn names: a value no selector
 * names reads the same as any other such value, so only presence and named values split classes.
 */
export class ObservedLabels {
  private readonly values = new Map<string, Set<string>>();

  add(selector: LabelSelector | undefined): void {
    for (const r of selector?.requirements ?? []) {
      let set = this.values.get(r.key);
      if (!set) this.values.set(r.key, (set = new Set()));
      for (const v of r.values) set.add(v);
    }
  }

  /** A text equal for two label sets exactly when no selector of `scopes` can tell them apart. */
  static project(labels: Labels, scopes: readonly (ObservedLabels | undefined)[]): string {
    const parts: string[] = [];
    for (const key of Object.keys(labels).sort()) {
      let seen = false;
      let named = false;
      for (const scope of scopes) {
        const values = scope?.values.get(key);
        if (!values) continue;
        seen = true;
        if (values.has(labels[key]!)) named = true;
      }
      if (seen) parts.push(named ? `${key}=${labels[key]}` : `${key}\u0001`);
    }
    return parts.join('\u0002');
  }
}

/** What the policies can observe, so classes are split only where it matters. */
export interface Observables {
  /** Pod labels tested by selectors that can apply in any namespace. */
  podLabels: ObservedLabels;
  /** Pod labels tested by selectors that apply only in one namespace (policy targets, podSelector-only peers). */
  podLabelsIn: Map<string, ObservedLabels>;
  namespaceLabels: ObservedLabels;
  /** `protocol/name` of every named port the policies use. */
  namedPorts: Set<string>;
  podIPs: boolean;
  /** Cluster policies never select host-networked pods, so then they tell them apart. */
  hostNetwork: boolean;
}

export interface Universe {
  sides: number;
  classes: EndpointClass[];
  /** Pod classes come first: indexes 0..podClassCount-1; atoms after. */
  podClassCount: number;
  /** Pod classes per namespace (every side). */
  byNamespace: Map<string, number[]>;
  /** Namespace labels per side. */
  namespaceLabels: Map<string, Labels>[];
  /** Pod classes whose state differs between sides (including those present on one side only). */
  changed: Bitset;
  workloadClass: Map<string, number>;
}

function stateKey(w: Workload, nsLabels: Labels, observed: Observables): string {
  const ports = w.ports
    .filter((p) => p.name !== undefined && observed.namedPorts.has(`${p.protocol}/${p.name}`))
    .map((p) => `${p.protocol}/${p.name}:${p.port}`)
    .sort()
    .join(',');
  const ips = (observed.podIPs && w.podIPs ? [...w.podIPs].sort().join(',') : '') + (observed.hostNetwork && w.hostNetwork ? ',host' : '');
  return [
    w.namespace,
    ObservedLabels.project(nsLabels, [observed.namespaceLabels]),
    ObservedLabels.project(w.labels, [observed.podLabels, observed.podLabelsIn.get(w.namespace)]),
    ports,
    ips,
  ].join('\u0003');
}

/** Groups the workloads of every side into classes, and appends the external atoms. */
export function buildUniverse(
  clusters: readonly Cluster[],
  atoms: readonly ExternalAtom[],
  observed: Observables,
  /** Head id → base id of renamed workloads: they join as one endpoint. */
  renames: ReadonlyMap<string, string> = new Map(),
): Universe {
  const sides = clusters.length;
  const namespaceLabels = clusters.map((c) => new Map(c.namespaces.map((n) => [n.name, n.labels] as const)));
  const perWorkload = new Map<string, { keys: string[]; workloads: (Workload | undefined)[] }>();
  clusters.forEach((cluster, side) => {
    for (const w of cluster.workloads) {
      const joinId = (side > 0 && renames.get(w.id)) || w.id;
      let entry = perWorkload.get(joinId);
      if (!entry) {
        entry = { keys: new Array<string>(sides).fill(''), workloads: new Array<Workload | undefined>(sides).fill(undefined) };
        perWorkload.set(joinId, entry);
      }
      const nsLabels = namespaceLabels[side]!.get(w.namespace);
      // A workload read once for both sides (from a file they hold alike), in a namespace labelled alike, has the same key.
      const same = side > 0 && entry.workloads[0] === w && namespaceLabels[0]!.get(w.namespace) === nsLabels;
      entry.keys[side] = same ? entry.keys[0]! : stateKey(w, nsLabels ?? {}, observed);
      entry.workloads[side] = w;
    }
  });
  const classByKey = new Map<string, EndpointClass>();
  const classes: EndpointClass[] = [];
  const workloadClass = new Map<string, number>();
  const ids = [...perWorkload.keys()].sort();
  for (const id of ids) {
    const entry = perWorkload.get(id)!;
    const key = entry.keys.join('\u0004');
    let cls = classByKey.get(key);
    if (!cls) {
      cls = {
        index: classes.length,
        states: entry.workloads.map((w, side) =>
          w ? stateOf(w, namespaceLabels[side]!.get(w.namespace) ?? {}) : undefined,
        ),
        members: entry.workloads.map(() => []),
        key: entry.keys,
      };
      classByKey.set(key, cls);
      classes.push(cls);
    }
    entry.workloads.forEach((w, side) => {
      if (!w) return;
      cls.members[side]!.push(w);
      workloadClass.set(w.id, cls.index);
    });
  }
  const podClassCount = classes.length;
  for (const atom of atoms) {
    classes.push({ index: classes.length, states: new Array(sides).fill(undefined), members: new Array(sides).fill([]), key: [], atom });
  }
  const byNamespace = new Map<string, number[]>();
  const changed = new Bitset(classes.length);
  for (let i = 0; i < podClassCount; i++) {
    const cls = classes[i]!;
    const ns = cls.states.find((s) => s !== undefined)!.namespace;
    let list = byNamespace.get(ns);
    if (!list) byNamespace.set(ns, (list = []));
    list.push(i);
    if (sides > 1 && cls.key.some((k) => k !== cls.key[0])) changed.add(i);
  }
  return { sides, classes, podClassCount, byNamespace, namespaceLabels, changed, workloadClass };
}


function stateOf(w: Workload, namespaceLabels: Labels): PodState {
  const state: PodState = { namespace: w.namespace, namespaceLabels, labels: w.labels, ports: w.ports };
  if (w.podIPs) state.podIPs = w.podIPs;
  if (w.hostNetwork) state.hostNetwork = true;
  return state;
}
