import { ALL, PROTOCOLS, type PortSet, allPortsOf, equals, intersect, isEmpty, subtract } from '../values/port-set.js';
import { formatPorts } from '../values/port-text.js';

/** Port sets as people say them: "all ports", "all TCP", "all ports except TCP/5432". */
export function portsWords(set: PortSet): string {
  if (equals(set, ALL)) return 'all ports';
  const missing = subtract(ALL, set);
  if (missing.length <= 4 && set.length > 4) return `all ports except ${formatPorts(missing).join(', ')}`;
  return PROTOCOLS.flatMap((p) => {
    const mine = intersect(set, allPortsOf(p));
    if (isEmpty(mine)) return [];
    return equals(mine, allPortsOf(p)) ? [`all ${p}`] : formatPorts(mine);
  }).join(', ');
}
