import { parseIp } from './ip-address.js';
import { describeType, readLabels } from './label-selector.js';
import { type Problems, isPlainObject } from './problems.js';
import { isValidPortNumber, portNameProblem, readProtocol } from './read-network-policy.js';
import type { ContainerPort, Labels, WorkloadKind } from './types.js';

type Path = (string | number)[];

/** Where each kind keeps its pod template (metadata + spec); a Pod is its own template. */
const TEMPLATE_PATH: Record<WorkloadKind, readonly string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export interface PodFacts {
  labels: Labels;
  ports: ContainerPort[];
  podIPs?: string[];
}

function readContainerPorts(containers: unknown, problems: Problems, path: Path, sidecarsOnly: boolean): ContainerPort[] | undefined {
  if (containers === undefined || containers === null) return [];
  if (!Array.isArray(containers)) {
    problems.error(path, `must be a list of containers, found ${describeType(containers)}`);
    return undefined;
  }
  const ports: ContainerPort[] = [];
  for (const [i, container] of containers.entries()) {
    if (!isPlainObject(container)) {
      problems.error([...path, i], `a container must be a map, found ${describeType(container)}`);
      return undefined;
    }
    if (sidecarsOnly && container['restartPolicy'] !== 'Always') continue;
    const list = container['ports'];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.error([...path, i, 'ports'], `must be a list, found ${describeType(list)}`);
      return undefined;
    }
    for (const [j, port] of list.entries()) {
      const at = [...path, i, 'ports', j];
      if (!isPlainObject(port)) {
        problems.error(at, `a container port must be a map, found ${describeType(port)}`);
        return undefined;
      }
      const protocol = readProtocol(port['protocol'], problems, [...at, 'protocol']);
      if (!protocol) return undefined;
      const number = port['containerPort'];
      if (!isValidPortNumber(number)) {
        problems.error([...at, 'containerPort'], `containerPort ${JSON.stringify(number)} must be a number 1-65535`);
        return undefined;
      }
      const name = port['name'];
      if (name !== undefined && name !== null) {
        const problem = typeof name === 'string' ? portNameProblem(name) : `port name must be a string, found ${describeType(name)}`;
        if (problem) {
          problems.error([...at, 'name'], problem);
          return undefined;
        }
        ports.push({ name: name as string, port: number, protocol });
      } else ports.push({ port: number, protocol });
    }
  }
  return ports;
}

function readPodIPs(status: unknown): string[] | undefined {
  if (!isPlainObject(status)) return undefined;
  const ips = new Set<string>();
  if (Array.isArray(status['podIPs'])) {
    for (const entry of status['podIPs']) {
      if (isPlainObject(entry) && typeof entry['ip'] === 'string' && parseIp(entry['ip'])) ips.add(entry['ip']);
    }
  }
  if (typeof status['podIP'] === 'string' && parseIp(status['podIP'])) ips.add(status['podIP']);
  return ips.size > 0 ? [...ips] : undefined;
}

/** Reads the labels and container ports of the pods a workload runs. */
export function readPodFacts(object: Record<string, unknown>, kind: WorkloadKind, problems: Problems): PodFacts | undefined {
  const path = TEMPLATE_PATH[kind];
  let template: unknown = object;
  for (const key of path) template = isPlainObject(template) ? template[key] : undefined;
  if (!isPlainObject(template)) {
    problems.error([...path], `${kind} has no pod template at ${path.join('.')}`);
    return undefined;
  }
  const metadata = template['metadata'];
  if (metadata !== undefined && metadata !== null && !isPlainObject(metadata)) {
    problems.error([...path, 'metadata'], `must be a map, found ${describeType(metadata)}`);
    return undefined;
  }
  const labels = readLabels(metadata?.['labels'], problems, [...path, 'metadata', 'labels']);
  const spec = template['spec'];
  if (!isPlainObject(spec)) {
    problems.error([...path, 'spec'], `the pod spec must be a map, found ${describeType(spec)}`);
    return undefined;
  }
  const containers = readContainerPorts(spec['containers'], problems, [...path, 'spec', 'containers'], false);
  const sidecars = readContainerPorts(spec['initContainers'], problems, [...path, 'spec', 'initContainers'], true);
  if (!labels || !containers || !sidecars) return undefined;
  const facts: PodFacts = { labels, ports: [...containers, ...sidecars] };
  if (kind === 'Pod') {
    const podIPs = readPodIPs(object['status']);
    if (podIPs) facts.podIPs = podIPs;
  }
  return facts;
}
