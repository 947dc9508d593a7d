import type { SelectionTerm } from '../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../k8s/load-cluster.js';
import { formatSelector } from '../k8s/label-selector.js';
import type { LabelSelector } from '../k8s/types.js';
import type { ExternalRef } from '../values/endpoint.js';
import { formatCidr } from '../values/ip-address.js';

/** Endpoints and selections in words, for renderers (without markup; `quote` adds it). */

/** An external endpoint's addresses: `0.0.0.0/0 except 10.0.0.0/8`. */
export const rangeText = (ref: ExternalRef): string =>
  ref.excepts.length > 0 ? `${formatCidr(ref.cidr)} except ${ref.excepts.map(formatCidr).join(',')}` : formatCidr(ref.cidr);

/** The namespace a selector names by its `kubernetes.io/metadata.name` label alone, if that is all it says. */
function namespaceByName(selector: LabelSelector): string | undefined {
  const [only, ...more] = selector.requirements;
  return only && more.length === 0 && only.key === NAMESPACE_NAME_LABEL && only.operator === 'In' && only.values.length === 1 ? only.values[0] : undefined;
}

/** "3 workloads matching app=web in shop or matching tier=db in namespaces matching env=prod". */
export function selectionText(terms: readonly SelectionTerm[], count: number, quote: (s: string) => string = (s) => s): string {
  const each = terms.map((t) => {
    const byName = t.namespaces && namespaceByName(t.namespaces);
    const where = byName !== undefined ? `in ${quote(byName)}` : t.namespaces ? `in namespaces matching ${quote(formatSelector(t.namespaces))}` : `in ${quote(t.namespace ?? '')}`;
    return [t.pods ? `matching ${quote(formatSelector(t.pods))}` : '', where].filter(Boolean).join(' ');
  });
  return `${count} workloads ${each.join(' or ')}`;
}

/** "every workload in `ns` (12) except `ns/Deployment/a`": a namespace but a few. */
export function namespaceExceptText(p: { namespace: string; count: number; except: readonly { id: string }[] }, quote: (s: string) => string = (s) => s): string {
  return `every workload in ${quote(p.namespace)} (${p.count}) except ${p.except.map((w) => quote(w.id)).join(', ')}`;
}
