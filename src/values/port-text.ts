import { EMPTY, PROTOCOLS, type PortSet, type Protocol, SPAN, portRange, union } from './port-set.js';

/** Port sets as text in the CLI's notation (`TCP/80`, `UDP/1-65535`): for renderers, and tests. */

/** The CLI's notation: per protocol in the order SCTP, TCP, UDP, maximal ranges ascending. */
export function formatPorts(s: PortSet): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += 2) {
    const p = Math.floor(s[i]! / SPAN);
    const lo = s[i]! - p * SPAN;
    const hi = s[i + 1]! - p * SPAN;
    out.push(`${PROTOCOLS[p]}/${lo === hi ? lo : `${lo}-${hi}`}`);
  }
  return out;
}

export function parsePorts(list: readonly string[]): PortSet {
  let s: PortSet = EMPTY;
  for (const item of list) {
    const m = /^(SCTP|TCP|UDP)\/(\d+)(?:-(\d+))?$/.exec(item);
    if (!m) throw new Error(`not a port in CLI notation: ${item}`);
    s = union(s, portRange(m[1] as Protocol, Number(m[2]), Number(m[3] ?? m[2])));
  }
  return s;
}
