/**
 * The cluster of network-policy-api's conformance suite (conformance/base/manifests.yaml): four houses, each
 * a namespace labelled `conformance-house: <house>` with two pods of that label, serving TCP 80 and 8080,
 * UDP 53 and 5353, SCTP 9003 and 9005. Written here as a cluster dump: Pods with their IPs (10.244.<n>.<i>),
 * container ports named `<protocol>-<port>`.
 */
import type { SourceFile } from '../../src/index.js';

export const HOUSES = ['gryffindor', 'slytherin', 'hufflepuff', 'ravenclaw'] as const;
export type House = (typeof HOUSES)[number];
const PEOPLE: Record<House, string> = { gryffindor: 'harry-potter', slytherin: 'draco-malfoy', hufflepuff: 'cedric-diggory', ravenclaw: 'luna-lovegood' };

export const HOUSE_PROBES = ['TCP/80', 'TCP/8080', 'UDP/53', 'UDP/5353', 'SCTP/9003', 'SCTP/9005'] as const;
export type HouseProbe = (typeof HOUSE_PROBES)[number];

export interface HousePod {
  house: House;
  /** e.g. `harry-potter-0` */
  name: string;
  id: string;
  ip: string;
}

const namespaceOf = (house: House) => `network-policy-conformance-${house}`;

export const HOUSE_PODS: readonly HousePod[] = HOUSES.flatMap((house, n) =>
  [0, 1].map((i) => ({ house, name: `${PEOPLE[house]}-${i}`, id: `${namespaceOf(house)}/Pod/${PEOPLE[house]}-${i}`, ip: `10.244.${n + 1}.${10 + i}` })),
);

/** The pods a name denotes: a house (both its pods) or one pod. */
export function housePods(name: string): HousePod[] {
  const pods = HOUSE_PODS.filter((p) => p.house === name || p.name === name);
  if (pods.length === 0) throw new Error(`no pod or house ${name}`);
  return pods;
}

function podDoc(pod: HousePod): string {
  const ports = HOUSE_PROBES.map((p) => {
    const [protocol, port] = p.split('/');
    return `{name: ${protocol!.toLowerCase()}-${port}, containerPort: ${port}, protocol: ${protocol}}`;
  });
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${pod.name}`,
    `  namespace: ${namespaceOf(pod.house)}`,
    `  labels: {conformance-house: ${pod.house}}`,
    'spec:',
    '  containers:',
    `  - {name: server, image: registry.k8s.io/e2e-test-images/agnhost:2.43, ports: [${ports.join(', ')}]}`,
    'status:',
    `  podIPs: [{ip: ${pod.ip}}]`,
  ].join('\n');
}

export const HOUSES_FILE: SourceFile = {
  path: 'conformance/houses.yaml',
  text: [...HOUSES.map((h) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespaceOf(h)}\n  labels: {conformance-house: ${h}}`), ...HOUSE_PODS.map(podDoc)].join('\n---\n') + '\n',
};
