import { parseCidr } from '../values/ip-address.js';
import { describeType, readSelector } from './label-selector.js';
import type { Locator } from './parse-yaml.js';
import { type Problems, isPlainObject } from './problems.js';
import { isValidPortNumber, readProtocol } from './read-network-policy.js';
import type {
  ClusterPeer,
  ClusterPodSelection,
  ClusterPolicy,
  ClusterPolicyKind,
  ClusterPort,
  ClusterRule,
  ClusterRuleAction,
  ClusterTier,
  Protocol,
} from './types.js';

type Path = (string | number)[];
type Direction = 'ingress' | 'egress';

/** What the CRD of each kind allows (kubebuilder markers and CEL rules of network-policy-api). */
interface KindRules {
  actions: readonly ClusterRuleAction[];
  /** Most rules per direction, peers per rule, port entries per rule. */
  maxRules: number;
  maxPeers: number;
  maxPorts: number;
  /** Peer fields per direction. */
  peerFields: Record<Direction, readonly string[]>;
  /** v1alpha2: `pods.namespaceSelector` may be omitted (all namespaces). */
  optionalPodNamespaceSelector: boolean;
  portsKey: 'ports' | 'protocols';
}

const INGRESS_PEERS = ['namespaces', 'pods'];
const EGRESS_PEERS = ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
const ADMIN_NETWORK_POLICY: KindRules = {
  actions: ['Allow', 'Deny', 'Pass'],
  maxRules: 100,
  maxPeers: 100,
  maxPorts: 100,
  peerFields: { ingress: INGRESS_PEERS, egress: EGRESS_PEERS },
  optionalPodNamespaceSelector: false,
  portsKey: 'ports',
};
const KIND_RULES: Record<ClusterPolicyKind, KindRules> = {
  AdminNetworkPolicy: ADMIN_NETWORK_POLICY,
  // The baseline has no Pass and no domainNames peers.
  BaselineAdminNetworkPolicy: { ...ADMIN_NETWORK_POLICY, actions: ['Allow', 'Deny'], peerFields: { ingress: INGRESS_PEERS, egress: EGRESS_PEERS.filter((f) => f !== 'domainNames') } },
  ClusterNetworkPolicy: { ...ADMIN_NETWORK_POLICY, actions: ['Accept', 'Deny', 'Pass'], maxRules: 25, maxPeers: 25, maxPorts: 25, optionalPodNamespaceSelector: true, portsKey: 'protocols' },
};

const MAX_LIST_ITEMS = 25; // networks and domainNames per peer
const MAX_CIDR_LENGTH = 43;
const DOMAIN_NAME = /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

const present = (o: Record<string, unknown>, key: string) => o[key] !== undefined && o[key] !== null;

function readMap(value: unknown, problems: Problems, path: Path, what: string): Record<string, unknown> | undefined {
  if (isPlainObject(value)) return value;
  problems.error(path, `${what} must be a map, found ${describeType(value)}`);
  return undefined;
}

/** A list field with the CRD's item bounds; absent = `[]`. */
function readBoundedList(value: unknown, problems: Problems, path: Path, min: number, max: number, what: string): unknown[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.error(path, `${what} must be a list, found ${describeType(value)}`);
    return undefined;
  }
  if (value.length < min) {
    problems.error(path, `${what} must have at least ${min} item${min === 1 ? '' : 's'}`);
    return undefined;
  }
  if (value.length > max) {
    problems.error(path, `${what} may have at most ${max} items (the CRD's limit), found ${value.length}`);
    return undefined;
  }
  return value;
}

function readPodSelection(value: unknown, problems: Problems, path: Path, optionalNamespaceSelector: boolean): ClusterPodSelection | undefined {
  const pods = readMap(value, problems, path, 'pods');
  if (!pods) return undefined;
  problems.unknownFields(pods, ['namespaceSelector', 'podSelector'], path);
  if (!present(pods, 'podSelector')) {
    problems.error(path, 'pods.podSelector is required');
    return undefined;
  }
  if (!optionalNamespaceSelector && !present(pods, 'namespaceSelector')) {
    problems.error(path, 'pods.namespaceSelector is required');
    return undefined;
  }
  const namespaceSelector = readSelector(pods['namespaceSelector'], problems, [...path, 'namespaceSelector']);
  const podSelector = readSelector(pods['podSelector'], problems, [...path, 'podSelector']);
  return namespaceSelector && podSelector ? { namespaceSelector, podSelector } : undefined;
}

/** `subject`: exactly one of `namespaces` and `pods`. */
function readSubject(value: unknown, problems: Problems, rules: KindRules): ClusterPodSelection | undefined {
  const path = ['spec', 'subject'];
  if (value === undefined || value === null) {
    problems.error(path, 'spec.subject is required');
    return undefined;
  }
  const subject = readMap(value, problems, path, 'subject');
  if (!subject) return undefined;
  problems.unknownFields(subject, ['namespaces', 'pods'], path);
  const set = ['namespaces', 'pods'].filter((k) => present(subject, k));
  if (set.length !== 1) {
    problems.error(path, `subject must set exactly one of namespaces and pods, found ${set.length === 0 ? 'neither' : 'both'}`);
    return undefined;
  }
  if (set[0] === 'namespaces') {
    const namespaceSelector = readSelector(subject['namespaces'], problems, [...path, 'namespaces']);
    return namespaceSelector && { namespaceSelector };
  }
  return readPodSelection(subject['pods'], problems, [...path, 'pods'], rules.optionalPodNamespaceSelector);
}

function readNetworks(value: unknown, problems: Problems, path: Path): string[] | undefined {
  const list = readBoundedList(value, problems, path, 1, MAX_LIST_ITEMS, 'networks');
  if (!list) return undefined;
  const cidrs: string[] = [];
  for (const [i, cidr] of list.entries()) {
    if (typeof cidr !== 'string' || cidr.length > MAX_CIDR_LENGTH || !parseCidr(cidr)) {
      problems.error([...path, i], `${JSON.stringify(cidr)} is not a valid CIDR`);
      return undefined;
    }
    if (cidrs.includes(cidr)) {
      problems.error([...path, i], `duplicate CIDR ${cidr} (networks is a set)`);
      return undefined;
    }
    cidrs.push(cidr);
  }
  return cidrs;
}

function readDomainNames(value: unknown, problems: Problems, path: Path): string[] | undefined {
  const list = readBoundedList(value, problems, path, 1, MAX_LIST_ITEMS, 'domainNames');
  if (!list) return undefined;
  for (const [i, name] of list.entries()) {
    if (typeof name !== 'string' || !DOMAIN_NAME.test(name)) {
      problems.error([...path, i], `${JSON.stringify(name)} is not a domain name (a wildcard '*.' only as a prefix)`);
      return undefined;
    }
  }
  return list as string[];
}

function readPeer(value: unknown, problems: Problems, path: Path, fields: readonly string[], rules: KindRules): ClusterPeer | undefined {
  const peer = readMap(value, problems, path, 'a peer');
  if (!peer) return undefined;
  const keys = Object.keys(peer).filter((k) => present(peer, k));
  if (keys.length === 0) {
    problems.error(path, `a peer must set exactly one of ${fields.join(', ')} (an empty peer is rejected)`);
    return undefined;
  }
  const known = keys.filter((k) => fields.includes(k));
  if (known.length > 1) {
    problems.error(path, `a peer must set exactly one of ${fields.join(', ')}, found ${known.join(' and ')}`);
    return undefined;
  }
  problems.unknownFields(peer, fields, path);
  if (known.length === 0) {
    problems.warning(path, `peer sets none of ${fields.join(', ')} (only ${keys.join(', ')}): the policy fails closed (an Allow or Accept rule matches nothing, a Deny or Pass rule denies all)`);
    return { kind: 'unrecognised', fields: keys };
  }
  const field = known[0]!;
  const at = [...path, field];
  switch (field) {
    case 'namespaces': {
      const namespaceSelector = readSelector(peer[field], problems, at);
      return namespaceSelector && { kind: 'pods', namespaceSelector };
    }
    case 'pods': {
      const pods = readPodSelection(peer[field], problems, at, rules.optionalPodNamespaceSelector);
      return pods && { kind: 'pods', ...pods };
    }
    case 'nodes': {
      const selector = readSelector(peer[field], problems, at);
      return selector && { kind: 'nodes', selector };
    }
    case 'networks': {
      const cidrs = readNetworks(peer[field], problems, at);
      return cidrs && { kind: 'networks', cidrs };
    }
    default: {
      const names = readDomainNames(peer[field], problems, at);
      return names && { kind: 'domainNames', names };
    }
  }
}

function readPortNumber(value: unknown, problems: Problems, path: Path, what: string): number | undefined {
  if (isValidPortNumber(value)) return value;
  problems.error(path, `${what} ${JSON.stringify(value)} is out of range: must be 1-65535`);
  return undefined;
}

/** v1alpha1 `ports` entry: exactly one of portNumber, portRange, namedPort. */
function readV1alpha1Port(value: unknown, problems: Problems, path: Path): ClusterPort | undefined {
  const entry = readMap(value, problems, path, 'a port entry');
  if (!entry) return undefined;
  const fields = ['portNumber', 'portRange', 'namedPort'];
  problems.unknownFields(entry, fields, path);
  const set = fields.filter((k) => present(entry, k));
  if (set.length !== 1) {
    problems.error(path, `a port entry must set exactly one of ${fields.join(', ')}`);
    return undefined;
  }
  const field = set[0]!;
  const at = [...path, field];
  if (field === 'namedPort') return readNamedPort(entry[field], problems, at);
  const spec = readMap(entry[field], problems, at, field);
  if (!spec) return undefined;
  const protocol = readProtocol(spec['protocol'], problems, [...at, 'protocol']);
  if (!protocol) return undefined;
  if (field === 'portNumber') {
    problems.unknownFields(spec, ['protocol', 'port'], at);
    const port = readPortNumber(spec['port'], problems, [...at, 'port'], 'port');
    return port === undefined ? undefined : { protocol, from: port, to: port };
  }
  problems.unknownFields(spec, ['protocol', 'start', 'end'], at);
  const start = readPortNumber(spec['start'], problems, [...at, 'start'], 'start');
  const end = readPortNumber(spec['end'], problems, [...at, 'end'], 'end');
  if (start === undefined || end === undefined) return undefined;
  if (start > end) problems.warning(at, `portRange start ${start} is greater than end ${end}: the range matches no port`);
  return { protocol, from: start, to: end };
}

function readNamedPort(value: unknown, problems: Problems, path: Path): ClusterPort | undefined {
  if (typeof value !== 'string' || value === '') {
    problems.error(path, `a named port must be a non-empty string, found ${describeType(value)}`);
    return undefined;
  }
  return { name: value };
}

/** v1alpha2 `protocols` entry: exactly one of tcp, udp, sctp (each with a destinationPort), destinationNamedPort. */
function readV1alpha2Protocol(value: unknown, problems: Problems, path: Path): ClusterPort | undefined {
  const entry = readMap(value, problems, path, 'a protocols entry');
  if (!entry) return undefined;
  const fields = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  problems.unknownFields(entry, fields, path);
  const set = fields.filter((k) => present(entry, k) && entry[k] !== '');
  if (set.length !== 1) {
    problems.error(path, `a protocols entry must set exactly one of ${fields.join(', ')}`);
    return undefined;
  }
  const field = set[0]!;
  const at = [...path, field];
  if (field === 'destinationNamedPort') return readNamedPort(entry[field], problems, at);
  const protocol = field.toUpperCase() as Protocol;
  const spec = readMap(entry[field], problems, at, field);
  if (!spec) return undefined;
  problems.unknownFields(spec, ['destinationPort'], at);
  if (!present(spec, 'destinationPort')) {
    problems.error(at, `${field} must set destinationPort`);
    return undefined;
  }
  const portAt = [...at, 'destinationPort'];
  const port = readMap(spec['destinationPort'], problems, portAt, 'destinationPort');
  if (!port) return undefined;
  problems.unknownFields(port, ['number', 'range'], portAt);
  const kinds = ['number', 'range'].filter((k) => present(port, k));
  if (kinds.length !== 1) {
    problems.error(portAt, 'destinationPort must set exactly one of number and range');
    return undefined;
  }
  if (kinds[0] === 'number') {
    const n = readPortNumber(port['number'], problems, [...portAt, 'number'], 'number');
    return n === undefined ? undefined : { protocol, from: n, to: n };
  }
  const rangeAt = [...portAt, 'range'];
  const range = readMap(port['range'], problems, rangeAt, 'range');
  if (!range) return undefined;
  problems.unknownFields(range, ['start', 'end'], rangeAt);
  const start = readPortNumber(range['start'], problems, [...rangeAt, 'start'], 'start');
  const end = readPortNumber(range['end'], problems, [...rangeAt, 'end'], 'end');
  if (start === undefined || end === undefined) return undefined;
  if (start >= end) {
    problems.error(rangeAt, `start port ${start} must be less than end port ${end}`);
    return undefined;
  }
  return { protocol, from: start, to: end };
}

function readRule(value: unknown, direction: Direction, rules: KindRules, problems: Problems, path: Path, file: string, locator: Locator): ClusterRule | undefined {
  const rule = readMap(value, problems, path, 'a rule');
  if (!rule) return undefined;
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  problems.unknownFields(rule, ['name', 'action', peersKey, rules.portsKey], path);
  const name = rule['name'];
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > 100)) {
    problems.error([...path, 'name'], typeof name === 'string' ? 'a rule name may have at most 100 characters' : `a rule name must be a string, found ${describeType(name)}`);
    return undefined;
  }
  const action = rule['action'];
  if (!rules.actions.includes(action as ClusterRuleAction)) {
    problems.error([...path, 'action'], `${action === undefined || action === null ? 'action is required' : `invalid action ${JSON.stringify(action)}`}; expected ${rules.actions.join(', ')}`);
    return undefined;
  }
  if (!present(rule, peersKey)) {
    problems.error(path, `${peersKey} is required`);
    return undefined;
  }
  const rawPeers = readBoundedList(rule[peersKey], problems, [...path, peersKey], 1, rules.maxPeers, peersKey);
  const rawPorts = readBoundedList(rule[rules.portsKey], problems, [...path, rules.portsKey], present(rule, rules.portsKey) ? 1 : 0, rules.maxPorts, rules.portsKey);
  if (!rawPeers || !rawPorts) return undefined;
  const peers = rawPeers.map((p, i) => readPeer(p ?? {}, problems, [...path, peersKey, i], rules.peerFields[direction], rules));
  const readPort = rules.portsKey === 'ports' ? readV1alpha1Port : readV1alpha2Protocol;
  const ports = rawPorts.map((p, i) => readPort(p ?? {}, problems, [...path, rules.portsKey, i]));
  if (peers.includes(undefined) || ports.includes(undefined)) return undefined;
  const checked = peers as ClusterPeer[];
  const named = (ports as ClusterPort[]).some((p) => 'name' in p);
  const addressed = checked.filter((p) => p.kind === 'networks' || p.kind === 'nodes' || p.kind === 'domainNames');
  if (named && addressed.length > 0) {
    problems.error(path, `named ports cannot be used beside ${[...new Set(addressed.map((p) => p.kind))].join('/')} peers: they have no named ports`);
    return undefined;
  }
  const result: ClusterRule = { action: action as ClusterRuleAction, peers: checked, location: { file, line: locator.at(...path).line } };
  if (typeof name === 'string' && name !== '') result.name = name;
  if (ports.length > 0) result.ports = ports as ClusterPort[];
  return result;
}

function readRules(spec: Record<string, unknown>, direction: Direction, rules: KindRules, problems: Problems, file: string, locator: Locator): ClusterRule[] | undefined {
  const list = readBoundedList(spec[direction], problems, ['spec', direction], 0, rules.maxRules, direction);
  if (!list) return undefined;
  const read = list.map((r, i) => readRule(r ?? {}, direction, rules, problems, ['spec', direction, i], file, locator));
  return read.includes(undefined) ? undefined : (read as ClusterRule[]);
}

function readPriority(spec: Record<string, unknown>, problems: Problems): number | undefined {
  const priority = spec['priority'];
  if (priority === undefined || priority === null) {
    problems.error(['spec'], 'spec.priority is required');
    return undefined;
  }
  if (typeof priority !== 'number' || !Number.isInteger(priority)) {
    problems.error(['spec', 'priority'], `priority must be an integer, found ${describeType(priority)}`);
    return undefined;
  }
  if (priority < 0 || priority > 1000) {
    problems.error(['spec', 'priority'], `priority ${priority} is out of range: must be 0-1000`);
    return undefined;
  }
  return priority;
}

function readTier(kind: ClusterPolicyKind, spec: Record<string, unknown>, problems: Problems): ClusterTier | undefined {
  if (kind === 'AdminNetworkPolicy') return 'Admin';
  if (kind === 'BaselineAdminNetworkPolicy') return 'Baseline';
  const tier = spec['tier'];
  if (tier === 'Admin' || tier === 'Baseline') return tier;
  problems.error(tier === undefined || tier === null ? ['spec'] : ['spec', 'tier'], tier === undefined || tier === null ? 'spec.tier is required (Admin or Baseline)' : `invalid tier ${JSON.stringify(tier)}; expected Admin or Baseline`);
  return undefined;
}

/**
 * Validates a policy.networking.k8s.io AdminNetworkPolicy or BaselineAdminNetworkPolicy (v1alpha1) or
 * ClusterNetworkPolicy (v1alpha2) as its CRD does. An invalid object is left out whole.
 */
export function readClusterNetworkPolicy(
  object: Record<string, unknown>,
  meta: { kind: ClusterPolicyKind; apiVersion: string; name: string },
  problems: Problems,
  file: string,
  locator: Locator,
  context: boolean,
): ClusterPolicy | undefined {
  const { kind } = meta;
  const rules = KIND_RULES[kind];
  if (kind === 'BaselineAdminNetworkPolicy' && meta.name !== 'default') {
    problems.error(['metadata', 'name'], `a BaselineAdminNetworkPolicy must be named "default" (only one can exist in a cluster), found ${JSON.stringify(meta.name)}`);
    return undefined;
  }
  const rawSpec = object['spec'];
  if (rawSpec === undefined || rawSpec === null) {
    problems.error([], 'spec is required');
    return undefined;
  }
  const spec = readMap(rawSpec, problems, ['spec'], 'spec');
  if (!spec) return undefined;
  const known = kind === 'BaselineAdminNetworkPolicy' ? ['subject', 'ingress', 'egress'] : kind === 'AdminNetworkPolicy' ? ['priority', 'subject', 'ingress', 'egress'] : ['tier', 'priority', 'subject', 'ingress', 'egress'];
  problems.unknownFields(spec, known, ['spec']);
  const tier = readTier(kind, spec, problems);
  const priority = kind === 'BaselineAdminNetworkPolicy' ? undefined : readPriority(spec, problems);
  const subject = readSubject(spec['subject'], problems, rules);
  const ingress = readRules(spec, 'ingress', rules, problems, file, locator);
  const egress = readRules(spec, 'egress', rules, problems, file, locator);
  if (!tier || !subject || !ingress || !egress || problems.hasErrors) return undefined;
  if (kind !== 'BaselineAdminNetworkPolicy' && priority === undefined) return undefined;
  const policy: ClusterPolicy = {
    id: `${kind}/${meta.name}`,
    kind,
    apiVersion: meta.apiVersion,
    name: meta.name,
    tier,
    subject,
    ingress,
    egress,
    location: { file, line: locator.line },
    context,
    spec,
  };
  if (priority !== undefined) policy.priority = priority;
  return policy;
}
