/**
 * Typed values for expected results and hand-built ones, written as the CLI writes them: endpoint
 * ids (`ns/Kind/name`, `ip:<cidr>[ except <cidr>,…]`) and ports (`TCP/80`). Tests only: the core
 * never parses what it formatted.
 */
import type { SelectionTerm } from '../../src/engine/model.js';
import { formatSelector } from '../../src/k8s/label-selector.js';
import type { EndpointGroup, GroupPart } from '../../src/review/group-paths.js';
import { type EndpointRef, type ExternalRef, type WorkloadRef, externalRef, workloadRef } from '../../src/values/endpoint.js';
import { parseCidr } from '../../src/values/ip-address.js';
import type { PortSet } from '../../src/values/port-set.js';
import { formatPorts, parsePorts } from '../../src/values/port-text.js';

/** A workload by its id `namespace/Kind/name` (the namespace and the kind hold no `/`). */
export function wref(id: string): WorkloadRef {
  const [namespace, kind, ...name] = id.split('/');
  if (!namespace || !kind || name.length === 0) throw new Error(`not a workload id: ${id}`);
  return workloadRef({ namespace, kind, name: name.join('/') });
}

/** An external endpoint by its id `ip:<cidr>[ except <cidr>,…]`. */
export function xref(id: string): ExternalRef {
  const m = /^ip:(\S+)(?: except (\S+))?$/.exec(id);
  const cidr = m && parseCidr(m[1]!);
  if (!cidr) throw new Error(`not an external id: ${id}`);
  const excepts = m[2] ? m[2].split(',').map((c) => parseCidr(c)!) : [];
  const ref = externalRef(cidr, excepts);
  if (ref.id !== id) throw new Error(`${id} is written ${ref.id}`);
  return ref;
}

export const ref = (id: string): EndpointRef => (id.startsWith('ip:') ? xref(id) : wref(id));

/** Ports in the CLI's notation. */
export const ports = (...list: string[]): PortSet => parsePorts(list);
export const portText = formatPorts;

export const wpart = (id: string): GroupPart => ({ kind: 'workload', ref: wref(id) });
export const xpart = (id: string): GroupPart => ({ kind: 'external', ref: xref(id) });
export const part = (id: string): GroupPart => (id.startsWith('ip:') ? xpart(id) : wpart(id));
/** A group of one endpoint. */
export const one = (id: string): EndpointGroup => ({ parts: [part(id)], count: 1 });

/** A group as ids (workload and external parts by id; the others as they are), to compare with the old plain shape. */
export const groupIds = (g: EndpointGroup) => ({ parts: g.parts.map((p) => (p.kind === 'workload' || p.kind === 'external' ? { kind: p.kind, id: p.ref.id } : p)), count: g.count });

/** Selection terms with their selectors in the CLI's words (`role=client`), to compare with written expectations. */
export const termsText = (terms: readonly SelectionTerm[]) =>
  terms.map((t) => ({ ...(t.pods ? { pods: formatSelector(t.pods) } : {}), ...(t.namespace !== undefined ? { namespace: t.namespace } : {}), ...(t.namespaces ? { namespaces: formatSelector(t.namespaces) } : {}) }));
