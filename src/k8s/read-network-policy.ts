import { parseCidr, cidrContains } from '../values/ip-address.js';
import { describeType, readSelector } from './label-selector.js';
import type { Locator } from './parse-yaml.js';
import { type Problems, isPlainObject } from './problems.js';
import { PROTOCOLS } from './types.js';
import type { IpBlock, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, PolicyType, Protocol } from './types.js';

type Path = (string | number)[];

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Why a port name is not an IANA_SVC_NAME (what a named port must be), or undefined. */
export function portNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 15) return `port name ${JSON.stringify(name)} must be 1-15 characters`;
  if (!IANA_SVC_NAME.test(name) || name.includes('--')) {
    return `port name ${JSON.stringify(name)} must be lowercase alphanumerics and single '-', not at either end`;
  }
  if (!/[a-z]/.test(name)) return `port name ${JSON.stringify(name)} must contain a letter`;
  return undefined;
}

export function readProtocol(value: unknown, problems: Problems, path: Path): Protocol | undefined {
  if (value === undefined || value === null) return 'TCP';
  if (typeof value !== 'string' || !PROTOCOLS.includes(value as Protocol)) {
    problems.error(path, `unsupported protocol ${JSON.stringify(value)}; expected TCP, UDP or SCTP`);
    return undefined;
  }
  return value as Protocol;
}

export function isValidPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

function readPort(value: unknown, problems: Problems, path: Path): PolicyPort | undefined {
  if (!isPlainObject(value)) {
    problems.error(path, `a port entry must be a map, found ${describeType(value)}`);
    return undefined;
  }
  problems.unknownFields(value, ['protocol', 'port', 'endPort'], path);
  const protocol = readProtocol(value['protocol'], problems, [...path, 'protocol']);
  if (!protocol) return undefined;
  const port = value['port'];
  const endPort = value['endPort'];
  let result: PolicyPort = { protocol };
  if (port !== undefined && port !== null) {
    if (typeof port === 'string') {
      const problem = portNameProblem(port);
      if (problem) {
        problems.error([...path, 'port'], problem);
        return undefined;
      }
    } else if (!isValidPortNumber(port)) {
      problems.error([...path, 'port'], `port ${JSON.stringify(port)} is out of range: must be 1-65535 or a port name`);
      return undefined;
    }
    result = { protocol, port };
  }
  if (endPort !== undefined && endPort !== null) {
    if (result.port === undefined) {
      problems.error([...path, 'endPort'], 'endPort may not be specified when port is not specified');
      return undefined;
    }
    if (typeof result.port === 'string') {
      problems.error([...path, 'endPort'], 'endPort may not be specified when port is a named port');
      return undefined;
    }
    if (!isValidPortNumber(endPort)) {
      problems.error([...path, 'endPort'], `endPort ${JSON.stringify(endPort)} is out of range: must be 1-65535`);
      return undefined;
    }
    if (endPort < result.port) {
      problems.error([...path, 'endPort'], `endPort ${endPort} must be greater than or equal to port ${result.port}`);
      return undefined;
    }
    result = { ...result, endPort };
  }
  return result;
}

function readIpBlock(value: unknown, problems: Problems, path: Path): IpBlock | undefined {
  if (!isPlainObject(value)) {
    problems.error(path, `ipBlock must be a map with cidr and except, found ${describeType(value)}`);
    return undefined;
  }
  problems.unknownFields(value, ['cidr', 'except'], path);
  const { cidr, except } = value;
  if (typeof cidr !== 'string') {
    problems.error([...path, 'cidr'], 'cidr is required and must be a string');
    return undefined;
  }
  const parsed = parseCidr(cidr);
  if (!parsed) {
    problems.error([...path, 'cidr'], `${JSON.stringify(cidr)} is not a valid CIDR`);
    return undefined;
  }
  if (except !== undefined && except !== null && !Array.isArray(except)) {
    problems.error([...path, 'except'], 'except must be a list of CIDRs');
    return undefined;
  }
  const excepts: string[] = [];
  for (const [i, e] of ((except ?? []) as unknown[]).entries()) {
    const inner = typeof e === 'string' ? parseCidr(e) : undefined;
    if (!inner) {
      problems.error([...path, 'except', i], `${JSON.stringify(e)} is not a valid CIDR`);
      return undefined;
    }
    if (!cidrContains(parsed, inner) || inner.prefix <= parsed.prefix) {
      problems.error([...path, 'except', i], `${e} must be a strict subset of cidr ${cidr}`);
      return undefined;
    }
    excepts.push(e as string);
  }
  return { cidr, except: excepts };
}

function readPeer(value: unknown, problems: Problems, path: Path): PolicyPeer | undefined {
  if (!isPlainObject(value)) {
    problems.error(path, `a peer must be a map, found ${describeType(value)}`);
    return undefined;
  }
  problems.unknownFields(value, ['podSelector', 'namespaceSelector', 'ipBlock'], path);
  const has = (key: string) => value[key] !== undefined && value[key] !== null;
  const count = ['podSelector', 'namespaceSelector', 'ipBlock'].filter(has).length;
  if (count === 0) {
    problems.error(path, 'a peer must specify podSelector, namespaceSelector or ipBlock (an empty peer is rejected)');
    return undefined;
  }
  if (has('ipBlock')) {
    if (count > 1) {
      problems.error(path, 'a peer may not combine ipBlock with podSelector or namespaceSelector');
      return undefined;
    }
    const ipBlock = readIpBlock(value['ipBlock'], problems, [...path, 'ipBlock']);
    return ipBlock && { kind: 'ipBlock', ipBlock };
  }
  const peer: PolicyPeer & { kind: 'pods' } = { kind: 'pods' };
  if (has('podSelector')) {
    const s = readSelector(value['podSelector'], problems, [...path, 'podSelector']);
    if (!s) return undefined;
    peer.podSelector = s;
  }
  if (has('namespaceSelector')) {
    const s = readSelector(value['namespaceSelector'], problems, [...path, 'namespaceSelector']);
    if (!s) return undefined;
    peer.namespaceSelector = s;
  }
  return peer;
}

/** A list of structs: a `null` item decodes as an empty struct, as the API server's decoder does. */
function readList(value: unknown, problems: Problems, path: Path): unknown[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.error(path, `must be a list, found ${describeType(value)}`);
    return undefined;
  }
  return value.map((item) => item ?? {});
}

function readRule(
  value: unknown,
  peersKey: 'from' | 'to',
  problems: Problems,
  path: Path,
  file: string,
  locator: Locator,
): PolicyRule | undefined {
  if (!isPlainObject(value)) {
    problems.error(path, `a rule must be a map with ${peersKey} and ports, found ${describeType(value)}`);
    return undefined;
  }
  problems.unknownFields(value, [peersKey, 'ports'], path);
  const rawPeers = readList(value[peersKey], problems, [...path, peersKey]);
  const rawPorts = readList(value['ports'], problems, [...path, 'ports']);
  if (!rawPeers || !rawPorts) return undefined;
  const peers = rawPeers.map((p, i) => readPeer(p, problems, [...path, peersKey, i]));
  const ports = rawPorts.map((p, i) => readPort(p, problems, [...path, 'ports', i]));
  if (peers.includes(undefined) || ports.includes(undefined)) return undefined;
  return {
    peers: peers.length > 0 ? (peers as PolicyPeer[]) : undefined,
    ports: ports.length > 0 ? (ports as PolicyPort[]) : undefined,
    location: { file, line: locator.at(...path).line },
  };
}

function readRules(
  spec: Record<string, unknown>,
  key: 'ingress' | 'egress',
  problems: Problems,
  file: string,
  locator: Locator,
): PolicyRule[] | undefined {
  const list = readList(spec[key], problems, ['spec', key]);
  if (!list) return undefined;
  const rules = list.map((r, i) => readRule(r, key === 'ingress' ? 'from' : 'to', problems, ['spec', key, i], file, locator));
  return rules.includes(undefined) ? undefined : (rules as PolicyRule[]);
}

function readPolicyTypes(spec: Record<string, unknown>, egressRules: number, problems: Problems): PolicyType[] | undefined {
  const raw = readList(spec['policyTypes'], problems, ['spec', 'policyTypes']);
  if (!raw) return undefined;
  if (raw.length === 0) {
    // The API server's defaulting: Ingress always, Egress when the policy has at least one egress rule.
    return egressRules > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  if (raw.length > 2) {
    problems.error(['spec', 'policyTypes'], 'may not specify more than two policyTypes');
    return undefined;
  }
  const types: PolicyType[] = [];
  for (const [i, t] of raw.entries()) {
    if (t !== 'Ingress' && t !== 'Egress') {
      problems.error(['spec', 'policyTypes', i], `unsupported policyType ${JSON.stringify(t)}; expected Ingress or Egress`);
      return undefined;
    }
    if (!types.includes(t)) types.push(t);
  }
  return types;
}

/** Validates a networking.k8s.io/v1 NetworkPolicy as the API server would, then applies its defaulting. */
export function readNetworkPolicy(
  object: Record<string, unknown>,
  meta: { namespace: string; name: string },
  problems: Problems,
  file: string,
  locator: Locator,
  context: boolean,
): NetworkPolicy | undefined {
  const rawSpec = object['spec'];
  if (rawSpec !== undefined && rawSpec !== null && !isPlainObject(rawSpec)) {
    problems.error(['spec'], `spec must be a map, found ${describeType(rawSpec)}`);
    return undefined;
  }
  const spec = rawSpec ?? {};
  problems.unknownFields(spec, ['podSelector', 'policyTypes', 'ingress', 'egress'], ['spec']);
  if (spec['podSelector'] === undefined || spec['podSelector'] === null) {
    problems.warning(['spec'], 'spec.podSelector is missing: the API server reads it as {} and the policy selects every pod in the namespace');
  }
  const podSelector = readSelector(spec['podSelector'], problems, ['spec', 'podSelector']);
  const ingress = readRules(spec, 'ingress', problems, file, locator);
  const egress = readRules(spec, 'egress', problems, file, locator);
  const policyTypes = egress ? readPolicyTypes(spec, egress.length, problems) : undefined;
  if (!podSelector || !ingress || !egress || !policyTypes || problems.hasErrors) return undefined;
  return {
    id: `${meta.namespace}/${meta.name}`,
    namespace: meta.namespace,
    name: meta.name,
    podSelector,
    policyTypes,
    ingress: policyTypes.includes('Ingress') ? ingress : [],
    egress: policyTypes.includes('Egress') ? egress : [],
    location: { file, line: locator.line },
    context,
    spec,
  };
}
