/**
 * Checks of the conformance suite itself, independent of the engine: fixtures and scenarios pair up, the
 * manifests are well-formed, and the table, port and IP helpers mean what the scenarios assume.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadAll, YAML11_SCHEMA } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { formatAddr, inBlock, parseAddr, parseExternalId, representative, RFC1918 } from './ip.js';
import { BASE_FILE, isIanaSvcName, PODS, PROBES } from './model.js';
import { parsePortString, portListProblems, probesIn } from './ports.js';
import { allBut, compareTables, describeMismatches, matchPods, Reachability } from './reachability.js';
import { SCENARIOS } from './scenarios.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const fixtureNames = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every string `port` of the ports lists in a policy spec. */
function namedPorts(spec: Obj): string[] {
  const rules = [spec.ingress, spec.egress].flatMap((r) => (Array.isArray(r) ? r : []));
  return rules.flatMap((rule: unknown) =>
    isObj(rule) && Array.isArray(rule.ports)
      ? rule.ports.flatMap((p: unknown) => (isObj(p) && typeof p.port === 'string' ? [p.port] : []))
      : [],
  );
}

/** Kubernetes reads YAML 1.1 (a bare `y`, `n`, `on`... is a boolean): the manifests must not depend on it. */
function expectSameUnderYaml11(text: string): void {
  const asYaml11 = loadAll(text, { schema: YAML11_SCHEMA });
  expect(asYaml11, 'YAML 1.1 reads it differently: quote the value').toEqual(loadAll(text));
}

describe('scenario table', () => {
  test('at least 30 scenarios, unique names, one fixture each and no fixture without a scenario', () => {
    const names = SCENARIOS.map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(fixtureNames);
  });

  test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: fixture holds only valid NetworkPolicies', (name, s) => {
    const text = readFileSync(new URL(`${name}.yaml`, FIXTURES), 'utf8');
    expectSameUnderYaml11(text);
    const docs = loadAll(text);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      expect(isObj(doc)).toBe(true);
      const { apiVersion, kind, metadata, spec } = doc as Obj;
      expect({ apiVersion, kind }).toEqual({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' });
      expect(isObj(metadata) && typeof metadata.name === 'string').toBe(true);
      const ns = (metadata as Obj).namespace;
      if (ns === undefined) expect(s.options?.defaultNamespace, 'no namespace needs defaultNamespace').toBeDefined();
      else expect(['x', 'y', 'z']).toContain(ns);
      expect(isObj(spec) && isObj(spec.podSelector)).toBe(true);
      for (const port of namedPorts(spec as Obj)) expect(isIanaSvcName(port), port).toBe(true);
    }
  });

  test('every scenario denies something or allows something specific (no scenario is vacuous)', () => {
    const vacuous = SCENARIOS.filter((s) => {
      const t = s.expect(new Reachability(true)).table;
      return compareTables(new Reachability(true).table, t).length === 0 && !s.externals && !s.edges;
    }).map((s) => s.name);
    expect(vacuous).toEqual([]);
  });
});

describe('base manifest', () => {
  const docs = loadAll(BASE_FILE.text) as Obj[];

  test('reads the same as YAML 1.1', () => {
    expectSameUnderYaml11(BASE_FILE.text);
  });

  test('three labelled namespaces and nine labelled pods', () => {
    const namespaces = docs.filter((d) => d.kind === 'Namespace').map((d) => (d.metadata as Obj).labels);
    expect(namespaces).toEqual([{ ns: 'x' }, { ns: 'y' }, { ns: 'z' }]);
    const pods = docs.filter((d) => d.kind === 'Pod').map((d) => d.metadata as Obj);
    expect(pods.map((m) => `${m.namespace}/${m.name}`)).toEqual([...PODS]);
    expect(pods.every((m) => JSON.stringify(m.labels) === JSON.stringify({ pod: m.name }))).toBe(true);
  });

  test('each pod serves 80 and 81 on TCP, UDP and SCTP under valid IANA_SVC_NAMEs', () => {
    for (const pod of docs.filter((d) => d.kind === 'Pod')) {
      const containers = (pod.spec as Obj).containers as Obj[];
      const ports = containers.flatMap((c) => c.ports as Obj[]);
      expect(ports.map((p) => `${p.protocol}/${p.containerPort}`).sort()).toEqual([...PROBES].sort());
      for (const p of ports) {
        expect(p.name).toBe(`serve-${p.containerPort}-${String(p.protocol).toLowerCase()}`);
        expect(isIanaSvcName(String(p.name)), String(p.name)).toBe(true);
      }
    }
  });

  test('IANA_SVC_NAME check', () => {
    expect(['serve-80-tcp', 'serve-81-sctp', 'http'].map(isIanaSvcName)).toEqual([true, true, true]);
    expect(['Serve-80', '80', 'a--b', '-a', 'a-', 'serve-80-tcp-long'].map(isIanaSvcName)).toEqual([
      false, false, false, false, false, false,
    ]);
  });
});

describe('reachability helpers (upstream semantics)', () => {
  test('patterns', () => {
    expect(matchPods('x/a')).toEqual(['x/a']);
    expect(matchPods('x/*')).toEqual(['x/a', 'x/b', 'x/c']);
    expect(matchPods('*/c')).toEqual(['x/c', 'y/c', 'z/c']);
    expect(matchPods('*')).toHaveLength(9);
    expect(matchPods(['y/b', 'x/a', 'y/b'])).toEqual(['x/a', 'y/b']);
    expect(() => matchPods('w/a')).toThrow();
  });

  test('later expectations override earlier ones, per probe', () => {
    const t = new Reachability(true)
      .expectAllIngress('x/a', false)
      .expectPeer('x/b', 'x/a', true, ['TCP/80'])
      .expectAllEgress('y/c', false, allBut('UDP/81')).table;
    expect([...t.get('x/b', 'x/a')]).toEqual(['TCP/80']);
    expect(t.get('x/a', 'x/a').size).toBe(0);
    expect(t.get('x/a', 'x/b').size).toBe(6);
    expect([...t.get('y/c', 'z/a')]).toEqual(['UDP/81']);
    expect(t.complement().get('x/b', 'x/a').has('TCP/80')).toBe(false);
    expect(t.complement().get('x/b', 'x/a').size).toBe(5);
  });

  test('mismatch report lists cells and draws grids', () => {
    const expected = new Reachability(true).expectAllIngress('x/a', false).table;
    const observed = new Reachability(true)
      .expectAllIngress('x/a', false)
      .expectPeer('x/b', 'x/a', true, ['UDP/80']).table;
    const mismatches = compareTables(expected, observed);
    expect(mismatches).toEqual([{ from: 'x/b', to: 'x/a', probe: 'UDP/80', expected: false }]);
    const text = describeMismatches('t', mismatches, observed, { yes: 'allowed', no: 'denied' });
    expect(text).toContain('x/b -> x/a   UDP/80 : expected denied, got allowed');
    expect(text).toMatch(/^x\/b {5}\+ {3}\. /m);
  });
});

describe('port notation', () => {
  test('parse', () => {
    expect(parsePortString('TCP/80')).toEqual({ protocol: 'TCP', lo: 80, hi: 80 });
    expect(parsePortString('SCTP/1-65535')).toEqual({ protocol: 'SCTP', lo: 1, hi: 65535 });
    expect(parsePortString('tcp/80')).toBeUndefined();
    expect(parsePortString('TCP/0')).toBeUndefined();
  });

  test('canonical form', () => {
    expect(portListProblems(['SCTP/80', 'TCP/80-81', 'TCP/83', 'UDP/1-65535'])).toEqual([]);
    expect(portListProblems([])).toHaveLength(1);
    expect(portListProblems(['TCP/80', 'SCTP/80'])).toHaveLength(1);
    expect(portListProblems(['TCP/80', 'TCP/81'])).toHaveLength(1);
    expect(portListProblems(['TCP/81', 'TCP/80'])).toHaveLength(1);
    expect(portListProblems(['TCP/80-80'])).toHaveLength(1);
    expect(portListProblems(['TCP/80-70000'])).toHaveLength(1);
  });

  test('probes', () => {
    expect([...probesIn(['SCTP/81-90', 'TCP/1-80', 'UDP/79'])]).toEqual(['TCP/80', 'SCTP/81']);
    expect(probesIn(['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']).size).toBe(6);
  });
});

describe('ip helpers', () => {
  test('external ids and their representatives', () => {
    const atom = parseExternalId('ip:0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16');
    expect(atom).toEqual({ cidr: '0.0.0.0/0', except: [...RFC1918] });
    const rep = atom && representative(atom);
    expect(rep && formatAddr(rep)).toBe('0.0.0.0');
    const inner = parseExternalId('ip:10.0.0.0/8 except 10.0.0.0/16');
    expect(inner && formatAddr(representative(inner)!)).toBe('10.1.0.0');
    const v6 = parseExternalId('ip:::/0 except ::/1');
    expect(v6 && formatAddr(representative(v6)!)).toBe('8000:0:0:0:0:0:0:0');
    expect(parseExternalId('ip:10.0.0.0/33')).toBeUndefined();
    expect(parseExternalId('10.0.0.0/8')).toBeUndefined();
    expect(representative({ cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] })).toBeUndefined();
  });

  test('blocks', () => {
    expect(inBlock(parseAddr('8.8.8.8'), '0.0.0.0/0', RFC1918)).toBe(true);
    expect(inBlock(parseAddr('172.20.1.1'), '0.0.0.0/0', RFC1918)).toBe(false);
    expect(inBlock(parseAddr('172.32.0.0'), '0.0.0.0/0', RFC1918)).toBe(true);
    expect(inBlock(parseAddr('::ffff:1.2.3.4'), '0.0.0.0/0')).toBe(false);
    expect(inBlock(parseAddr('2001:db8::1'), '2001:db8::/32')).toBe(true);
  });
});
