import { parseIp } from '../values/ip-address.js';
import { describeType, matchesSelector, readLabels, readSelector } from './label-selector.js';
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

/** Kinds whose `spec.selector` (a LabelSelector) is required and must select the pod template. */
const SELECTOR_REQUIRED: readonly WorkloadKind[] = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

/**
 * The API server rejects a controller whose selector is missing or empty, or does not select its own
 * pod template (for a ReplicationController a plain map, defaulted from the template; for a Job only
 * with `manualSelector: true`).
 */
function selectorMatches(object: Record<string, unknown>, kind: WorkloadKind, labels: Labels, problems: Problems): boolean {
  const spec = isPlainObject(object['spec']) ? object['spec'] : {};
  const raw = spec['selector'];
  const manual = kind === 'Job' && spec['manualSelector'] === true;
  if (!SELECTOR_REQUIRED.includes(kind) && !manual && !(kind === 'ReplicationController' && raw !== undefined && raw !== null)) return true;
  if (raw === undefined || raw === null) {
    problems.error(['spec', 'selector'], `${kind} needs spec.selector`);
    return false;
  }
  const selector = kind === 'ReplicationController' ? readSelector({ matchLabels: raw }, problems, ['spec', 'selector']) : readSelector(raw, problems, ['spec', 'selector']);
  if (!selector) return false;
  if (selector.requirements.length === 0) {
    problems.error(['spec', 'selector'], 'an empty selector is not allowed: it would select every pod');
    return false;
  }
  if (!matchesSelector(selector, labels)) {
    problems.error(['spec', 'selector'], `the selector does not match the pod template's labels`);
    return false;
  }
  return true;
}

/** Labels the API server adds to a Job's pod template (unless its selector is manual). */
function withControllerLabels(object: Record<string, unknown>, kind: WorkloadKind, labels: Labels): Labels {
  const spec = isPlainObject(object['spec']) ? object['spec'] : {};
  const metadata = isPlainObject(object['metadata']) ? object['metadata'] : {};
  if (kind !== 'Job' || spec['manualSelector'] === true || typeof metadata['name'] !== 'string') return labels;
  return { ...labels, 'batch.kubernetes.io/job-name': metadata['name'], 'job-name': metadata['name'] };
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
  const templateLabels = readLabels(metadata?.['labels'], problems, [...path, 'metadata', 'labels']);
  const labels = templateLabels && withControllerLabels(object, kind, templateLabels);
  if (labels && !selectorMatches(object, kind, labels, problems)) return undefined;
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
