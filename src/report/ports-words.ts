import { PROTOCOLS } from '../k8s/types.js';
import { ALL, allPortsOf, equals, formatPorts, intersect, isEmpty, parsePorts, subtract } from '../engine/port-set.js';

/** Port lists (CLI notation) as people say them: "all ports", "all TCP", "all ports except TCP/5432". */
export function portsWords(ports: readonly string[]): string {
  const set = parsePorts(ports);
  if (equals(set, ALL)) return 'all ports';
  const missing = subtract(ALL, set);
  if (missing.length <= 4 && set.length > 4) return `all ports except ${formatPorts(missing).join(', ')}`;
  return PROTOCOLS.flatMap((p) => {
    const mine = intersect(set, allPortsOf(p));
    if (isEmpty(mine)) return [];
    return equals(mine, allPortsOf(p)) ? [`all ${p}`] : formatPorts(mine);
  }).join(', ');
}
