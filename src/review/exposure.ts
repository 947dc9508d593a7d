import type { Analysis } from '../engine/analysis.js';
import { EMPTY, type PortSet, formatPorts, intersect, isEmpty, parsePorts, portSetKey, union } from '../engine/port-set.js';
import type { DiffResult } from '../engine/types.js';
import { type IpRange, normaliseRanges, parseCidr, rangesCover, subtractRanges } from '../k8s/ip-address.js';
import { matchesSelector } from '../k8s/label-selector.js';
import type { Cluster } from '../k8s/types.js';
import type { ReviewConfig } from './config.js';
import { type EndpointGroup, type RiskLevel, RISK_ORDER, type WorkloadsByNamespace, describeEndpoints } from './group-paths.js';

export type ExposureKind =
  | 'internet-ingress'
  | 'lost-ingress-isolation'
  | 'reachable-from-every-namespace'
  | 'internet-egress'
  | 'dns-cut'
  | 'unprotected-workload';

/** A change in exposure that matters on its own, whatever the paths around it; workloads that share it are one entry. */
export interface Exposure {
  kind: ExposureKind;
  risk: RiskLevel;
  /** The workloads concerned, named compactly (whole namespaces where they are), and their ids. */
  workloads: EndpointGroup;
  ids: string[];
  /** Ports concerned, where that applies (CLI notation). */
  ports: string[];
  /** External endpoints concerned (internet exposure). */
  externals: string[];
  /** It rests only on uncertain ipBlock matches. */
  uncertain: boolean;
}

function rangesOfAtom(id: string): IpRange[] {
  const [cidrText, exceptText] = id.slice(3).split(' except ');
  const cidr = parseCidr(cidrText!)!;
  const holes = (exceptText ? exceptText.split(',') : []).map((t) => parseCidr(t)!);
  return subtractRanges([{ start: cidr.start, end: cidr.end }], normaliseRanges(holes.map((h) => ({ start: h.start, end: h.end }))));
}

export function internetTest(config: ReviewConfig): (id: string) => boolean {
  const internal = config.internalCidrs.map((t) => parseCidr(t)!);
  const cache = new Map<string, boolean>();
  return (id) => {
    if (!id.startsWith('ip:')) return false;
    let v = cache.get(id);
    if (v === undefined) {
      const family = id.includes(':', 3) ? 6 : 4;
      const ranges = normaliseRanges(internal.filter((c) => c.family === family).map((c) => ({ start: c.start, end: c.end })));
      v = !rangesOfAtom(id).every((r) => rangesCover(ranges, r));
      cache.set(id, v);
    }
    return v;
  };
}

const DNS_PORTS = parsePorts(['TCP/53', 'UDP/53']);

export function dnsTest(config: ReviewConfig, ...clusters: Cluster[]): (id: string) => boolean {
  const ids = new Set(
    clusters.flatMap((c) => c.workloads.filter((w) => w.namespace === config.dns.namespace && matchesSelector(config.dns.podSelector, w.labels)).map((w) => w.id)),
  );
  return (id) => ids.has(id);
}

/** One exposure of one workload (through one external range), before workloads that share it are grouped. */
interface RawExposure {
  kind: ExposureKind;
  workload: string;
  risk: RiskLevel;
  ports: PortSet;
  externals: Set<string>;
  uncertain: boolean;
}

/** The exposure changes of a diff, grouped by kind, ports and ranges. */
export function findExposures(
  result: DiffResult,
  analysis: Analysis,
  sizes: WorkloadsByNamespace,
  t: { isInternet: (id: string) => boolean; assumedDns: string; isDns: (id: string) => boolean },
): Exposure[] {
  const [, head] = analysis.compiled;
  const isolated = (id: string, direction: 'ingress' | 'egress') => {
    const cls = analysis.universe.workloadClass.get(id);
    return cls !== undefined && (direction === 'ingress' ? head!.ingressPolicies : head!.egressPolicies)[cls]!.length > 0;
  };
  const added = new Set(result.addedWorkloads);
  /** New workloads no ingress policy selects: reported once, as unprotected, not path by path. */
  const unprotected = new Set(result.addedWorkloads.filter((id) => id !== t.assumedDns && !isolated(id, 'ingress')));
  const raw = new Map<string, RawExposure>();
  /** `kind\0workload` of every entry, so membership is a lookup, not a scan. */
  const reported = new Set<string>();
  const has = (kind: ExposureKind, workload: string) => reported.has(`${kind}\u0000${workload}`);
  const add = (kind: ExposureKind, workload: string, risk: RiskLevel, uncertain: boolean, ports: PortSet = EMPTY, external?: string) => {
    // One entry per range, so that each range is shown with its own ports.
    const key = `${kind}\u0000${workload}\u0000${external ?? ''}`;
    const e = raw.get(key) ?? { kind, workload, risk, ports: EMPTY, externals: new Set<string>(), uncertain: true };
    e.ports = union(e.ports, ports);
    e.uncertain &&= uncertain;
    if (external) e.externals.add(external);
    raw.set(key, e);
    reported.add(`${kind}\u0000${workload}`);
  };
  for (const e of [...result.opened, ...result.addedPaths]) {
    const uncertain = e.uncertain === true;
    if (t.isInternet(e.from) && e.to !== t.assumedDns) {
      add(unprotected.has(e.to) ? 'unprotected-workload' : 'internet-ingress', e.to, 'high', uncertain, parsePorts(e.ports), e.from);
    }
    if (t.isInternet(e.to) && e.from !== t.assumedDns && !(added.has(e.from) && !isolated(e.from, 'egress'))) {
      add('internet-egress', e.from, 'high', uncertain, parsePorts(e.ports), e.to);
    }
  }
  for (const id of unprotected) if (!has('unprotected-workload', id)) add('unprotected-workload', id, 'medium', false);
  for (const x of result.exposure) {
    if (x.workload === t.assumedDns) continue;
    if (x.change === 'lost-ingress-isolation') add('lost-ingress-isolation', x.workload, 'high', false);
    if (x.change === 'reachable-from-every-namespace') add('reachable-from-every-namespace', x.workload, 'high', x.uncertain === true);
  }
  for (const e of result.closed) {
    if (!t.isDns(e.to)) continue;
    const lost = intersect(parsePorts(e.ports), DNS_PORTS);
    if (!isEmpty(lost)) add('dns-cut', e.from, 'high', false, lost);
  }
  // Losing ingress isolation already says "reachable from everywhere": the internet and every namespace with it.
  for (const [key, e] of raw) {
    if ((e.kind === 'internet-ingress' || e.kind === 'reachable-from-every-namespace') && has('lost-ingress-isolation', e.workload)) raw.delete(key);
  }
  const groups = new Map<string, { sample: RawExposure; ids: string[] }>();
  for (const e of raw.values()) {
    const key = JSON.stringify([e.kind, e.risk, portSetKey(e.ports), [...e.externals].sort(), e.uncertain]);
    const g = groups.get(key) ?? { sample: e, ids: [] };
    g.ids.push(e.workload);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map(({ sample, ids }) => ({
      kind: sample.kind,
      risk: sample.risk,
      workloads: describeEndpoints(ids, sizes),
      ids: ids.sort(),
      ports: formatPorts(sample.ports),
      externals: [...sample.externals].sort(),
      uncertain: sample.uncertain,
    }))
    .sort((a, b) => RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk) || (a.ids[0]! < b.ids[0]! ? -1 : a.ids[0]! > b.ids[0]! ? 1 : 0));
}
