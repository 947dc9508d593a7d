/**
 * The shared cluster of the conformance suite, after the upstream e2e netpol model
 * (kubernetes/kubernetes test/e2e/network/netpol): namespaces x, y, z (label `ns: <name>`), pods a, b, c
 * in each (label `pod: <name>`), each pod serving ports 80 and 81 on TCP, UDP and SCTP through one
 * container per port, the container port named `serve-<port>-<protocol>` as upstream does.
 */
import type { Protocol, SourceFile } from '../../src/index.js';

export const NAMESPACES = ['x', 'y', 'z'] as const;
export const POD_NAMES = ['a', 'b', 'c'] as const;
export type Ns = (typeof NAMESPACES)[number];
export type PodName = (typeof POD_NAMES)[number];
/** A pod of the model in upstream's short form, `x/a`. */
export type PodRef = `${Ns}/${PodName}`;

export const PODS: readonly PodRef[] = NAMESPACES.flatMap((ns) => POD_NAMES.map((name): PodRef => `${ns}/${name}`));

/** The engine's id of a model pod: `x/a` -> `x/Pod/a`. */
export function workloadId(pod: PodRef): string {
  const [ns, name] = pod.split('/');
  return `${ns}/Pod/${name}`;
}

/** The model pod an engine id denotes, if any: `x/Pod/a` -> `x/a`. */
export function podRefOf(id: string): PodRef | undefined {
  const m = /^([xyz])\/Pod\/([abc])$/.exec(id);
  return m ? (`${m[1]}/${m[2]}` as PodRef) : undefined;
}

export const PROBE_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const satisfies readonly Protocol[];
export const PROBE_PORTS = [80, 81] as const;
/** What every cell of a truth table is probed on. */
export const PROBES = ['TCP/80', 'TCP/81', 'UDP/80', 'UDP/81', 'SCTP/80', 'SCTP/81'] as const;
export type Probe = (typeof PROBES)[number];

export function containerPortName(port: number, protocol: Protocol): string {
  return `serve-${port}-${protocol.toLowerCase()}`;
}

/** IANA_SVC_NAME, as Kubernetes validates container port names. */
export function isIanaSvcName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= 15 &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) &&
    /[a-z]/.test(name) &&
    !name.includes('--')
  );
}

/**
 * Namespace names are quoted: Kubernetes reads manifests as YAML 1.1, where a bare `y` is the boolean true
 * (so are `n`, `yes`, `on`, ...). The fixtures quote `"y"` for the same reason.
 */
const q = (ns: Ns) => `"${ns}"`;

function namespaceDoc(ns: Ns): string {
  // Deliberately without `kubernetes.io/metadata.name`: the API server adds it, so the engine must too.
  return ['apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${q(ns)}`, '  labels:', `    ns: ${q(ns)}`].join(
    '\n',
  );
}

function podDoc(ns: Ns, name: PodName): string {
  const containers = PROBE_PROTOCOLS.flatMap((protocol) =>
    PROBE_PORTS.map((port) =>
      [
        `    - name: cont-${port}-${protocol.toLowerCase()}`,
        '      image: registry.k8s.io/e2e-test-images/agnhost:2.53',
        '      ports:',
        `        - containerPort: ${port}`,
        `          name: ${containerPortName(port, protocol)}`,
        `          protocol: ${protocol}`,
      ].join('\n'),
    ),
  );
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${q(ns)}`,
    '  labels:',
    `    pod: ${name}`,
    'spec:',
    '  containers:',
    ...containers,
  ].join('\n');
}

/** The generated base: the three namespaces and nine pods, no policies. */
export const BASE_FILE: SourceFile = {
  path: 'conformance/base.yaml',
  text:
    [
      ...NAMESPACES.map(namespaceDoc),
      ...NAMESPACES.flatMap((ns) => POD_NAMES.map((name) => podDoc(ns, name))),
    ].join('\n---\n') + '\n',
};
