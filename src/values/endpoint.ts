import { type Cidr, type IpFamily, type IpRange, formatCidr, normaliseRanges, rangesCover, subtractRanges } from './ip-address.js';

/**
 * Endpoints as values: a workload (with its namespace, kind and name) or an external piece of the IP
 * space (with its ranges). Every layer passes these; only renderers turn them into text. The `id` is
 * the endpoint's identity, in the CLI's notation (`ns/Kind/name`, `ip:<cidr>[ except …]`).
 */
export interface WorkloadRef {
  type: 'workload';
  id: string;
  namespace: string;
  kind: string;
  name: string;
  /** From `--context`: runs in the cluster, not in the repository. */
  context?: true;
  /** Not in any manifest: assumed by the analysis (the standard cluster DNS when none is loaded). */
  assumed?: true;
}

export interface ExternalRef {
  type: 'external';
  id: string;
  family: IpFamily;
  cidr: Cidr;
  /** The largest ipBlock CIDRs nested in `cidr`, cut out of it; sorted by their text. */
  excepts: readonly Cidr[];
  /** The addresses: `cidr` minus `excepts`, sorted and disjoint. */
  ranges: readonly IpRange[];
}

export type EndpointRef = WorkloadRef | ExternalRef;

export const workloadId = (namespace: string, kind: string, name: string): string => `${namespace}/${kind}/${name}`;

export function workloadRef(w: { namespace: string; kind: string; name: string; context?: boolean; assumed?: boolean }): WorkloadRef {
  const ref: WorkloadRef = { type: 'workload', id: workloadId(w.namespace, w.kind, w.name), namespace: w.namespace, kind: w.kind, name: w.name };
  if (w.context) ref.context = true;
  if (w.assumed) ref.assumed = true;
  return ref;
}

/** An external endpoint: `cidr` minus the CIDRs nested in it. */
export function externalRef(cidr: Cidr, excepts: readonly Cidr[]): ExternalRef {
  const sorted = [...excepts].map((c) => [formatCidr(c), c] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const id = sorted.length > 0 ? `ip:${formatCidr(cidr)} except ${sorted.map(([t]) => t).join(',')}` : `ip:${formatCidr(cidr)}`;
  const ranges = subtractRanges([{ start: cidr.start, end: cidr.end }], normaliseRanges(excepts.map((e) => ({ start: e.start, end: e.end }))));
  return { type: 'external', id, family: cidr.family, cidr, excepts: sorted.map(([, c]) => c), ranges };
}

/** Whether every address of an external endpoint lies in `cidrs` (e.g. the private ranges). */
export function externalWithin(ref: ExternalRef, cidrs: readonly Cidr[]): boolean {
  const within = normaliseRanges(cidrs.filter((c) => c.family === ref.family).map((c) => ({ start: c.start, end: c.end })));
  return ref.ranges.every((r) => rangesCover(within, r));
}

/** Whether an external endpoint is the internet: not wholly within `internal`; decided once per endpoint id. */
export function internetTest(internal: readonly Cidr[]): (ref: ExternalRef) => boolean {
  const decided = new Map<string, boolean>();
  return (ref) => {
    let internet = decided.get(ref.id);
    if (internet === undefined) decided.set(ref.id, (internet = !externalWithin(ref, internal)));
    return internet;
  };
}

export const byEndpointId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
