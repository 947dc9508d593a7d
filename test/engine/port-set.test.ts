/** Port sets: union, intersection, difference and the CLI notation, across protocol boundaries. */
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/k8s/types.js';
import {
  ALL,
  EMPTY,
  allPortsOf,
  equals,
  has,
  intersect,
  isEmpty,
  portRange,
  portSetKey,
  subtract,
  union,
  type PortSet,
} from '../../src/values/port-set.js';
import { formatPorts, parsePorts } from '../../src/values/port-text.js';

const p = (...items: string[]): PortSet => parsePorts(items);

describe('formatPorts', () => {
  it.each<[string, PortSet, string[]]>([
    ['nothing', EMPTY, []],
    ['one port', portRange('TCP', 80, 80), ['TCP/80']],
    ['a range', portRange('UDP', 1000, 2000), ['UDP/1000-2000']],
    ['a whole protocol', allPortsOf('SCTP'), ['SCTP/1-65535']],
    ['everything, in the order SCTP, TCP, UDP', ALL, ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']],
    ['the edges of the port space', union(portRange('TCP', 1, 1), portRange('TCP', 65535, 65535)), ['TCP/1', 'TCP/65535']],
  ])('%s', (_, set, text) => {
    expect(formatPorts(set)).toEqual(text);
  });

  it('parsePorts reads what formatPorts writes', () => {
    const text = ['SCTP/7', 'TCP/1-79', 'TCP/81-65535', 'UDP/53'];
    expect(formatPorts(parsePorts(text))).toEqual(text);
  });

  it.each(['tcp/80', 'TCP/', 'TCP80', '80'])('parsePorts rejects %j', (item) => {
    expect(() => parsePorts([item])).toThrow(`not a port in CLI notation: ${item}`);
  });
});

describe('union', () => {
  it.each<[string, PortSet, PortSet, string[]]>([
    ['merges adjacent ports', p('TCP/80'), p('TCP/81'), ['TCP/80-81']],
    ['merges overlapping ranges', p('TCP/10-20'), p('TCP/15-30'), ['TCP/10-30']],
    ['keeps a gap of one port', p('TCP/80'), p('TCP/82'), ['TCP/80', 'TCP/82']],
    ['does not merge TCP/65535 with UDP/1', p('TCP/65535'), p('UDP/1'), ['TCP/65535', 'UDP/1']],
    ['does not merge SCTP/65535 with TCP/1', p('SCTP/65535'), p('TCP/1'), ['SCTP/65535', 'TCP/1']],
    ['with nothing', p('UDP/53'), EMPTY, ['UDP/53']],
    ['swallows a contained range', p('TCP/1-100'), p('TCP/50'), ['TCP/1-100']],
  ])('%s', (_, a, b, expected) => {
    expect(formatPorts(union(a, b))).toEqual(expected);
    expect(formatPorts(union(b, a))).toEqual(expected);
  });

  it('of the three whole protocols is ALL itself', () => {
    expect(union(union(allPortsOf('UDP'), allPortsOf('SCTP')), allPortsOf('TCP'))).toBe(ALL);
  });
});

describe('intersect', () => {
  it.each<[string, PortSet, PortSet, string[]]>([
    ['overlapping ranges', p('TCP/1-100'), p('TCP/50-200'), ['TCP/50-100']],
    ['the same port of two protocols', p('TCP/53'), p('UDP/53'), []],
    ['touching ranges', p('TCP/1-80'), p('TCP/80-90'), ['TCP/80']],
    ['several pieces', p('TCP/1-10', 'TCP/20-30', 'UDP/1-65535'), p('TCP/5-25', 'UDP/53'), ['TCP/5-10', 'TCP/20-25', 'UDP/53']],
    ['with ALL', p('SCTP/9'), ALL, ['SCTP/9']],
    ['with nothing', p('SCTP/9'), EMPTY, []],
  ])('%s', (_, a, b, expected) => {
    expect(formatPorts(intersect(a, b))).toEqual(expected);
    expect(formatPorts(intersect(b, a))).toEqual(expected);
  });
});

describe('subtract', () => {
  it.each<[string, PortSet, PortSet, string[]]>([
    ['a port from everything', ALL, p('TCP/80'), ['SCTP/1-65535', 'TCP/1-79', 'TCP/81-65535', 'UDP/1-65535']],
    ['the first port of a protocol', allPortsOf('TCP'), p('TCP/1'), ['TCP/2-65535']],
    ['the last port of a protocol', allPortsOf('TCP'), p('TCP/65535'), ['TCP/1-65534']],
    ['another protocol', p('UDP/53'), p('TCP/53'), ['UDP/53']],
    ['a whole protocol from everything', ALL, allPortsOf('UDP'), ['SCTP/1-65535', 'TCP/1-65535']],
    ['everything', p('TCP/80'), ALL, []],
    ['a range straddling two pieces', p('TCP/1-10', 'TCP/20-30'), p('TCP/5-25'), ['TCP/1-4', 'TCP/26-30']],
    ['nothing', p('TCP/80'), EMPTY, ['TCP/80']],
  ])('%s', (_, a, b, expected) => {
    expect(formatPorts(subtract(a, b))).toEqual(expected);
  });
});

describe('agreement with a set of (protocol, port) pairs', () => {
  // Ports at the protocol boundaries and in the middle, for all three protocols: 12 points, 4096 sets.
  const POINTS: [Protocol, number][] = (['SCTP', 'TCP', 'UDP'] as const).flatMap((proto) =>
    [1, 2, 65534, 65535].map((port) => [proto, port] as [Protocol, number]),
  );
  const setOf = (mask: number): PortSet =>
    POINTS.reduce<PortSet>((s, [proto, port], i) => (mask & (1 << i) ? union(s, portRange(proto, port, port)) : s), EMPTY);
  const maskOf = (s: PortSet): number => POINTS.reduce((m, [proto, port], i) => (has(s, proto, port) ? m | (1 << i) : m), 0);
  const wellFormed = (s: PortSet): boolean => s.every((v, i) => (i % 2 === 1 ? v >= s[i - 1]! : i === 0 || v > s[i - 1]! + 1));

  it('union, intersect and subtract match |, & and &~ on every pair from a sample of sets, and stay normalised', () => {
    const masks = Array.from({ length: 1 << POINTS.length }, (_, i) => i).filter((m) => m % 37 === 0 || m < 64 || m > 4030);
    let checked = 0;
    for (const ma of masks) {
      for (const mb of masks) {
        const a = setOf(ma);
        const b = setOf(mb);
        const results: [PortSet, number][] = [
          [union(a, b), ma | mb],
          [intersect(a, b), ma & mb],
          [subtract(a, b), ma & ~mb],
        ];
        for (const [set, mask] of results) {
          if (maskOf(set) !== mask || !wellFormed(set)) throw new Error(`${formatPorts(a)} vs ${formatPorts(b)}`);
          checked++;
        }
      }
    }
    expect(checked).toBe(masks.length * masks.length * 3);
  });
});

describe('small helpers', () => {
  it('equals, isEmpty, has and portSetKey', () => {
    expect(equals(p('TCP/80', 'TCP/81'), p('TCP/80-81'))).toBe(true);
    expect(equals(p('TCP/80'), p('UDP/80'))).toBe(false);
    expect(isEmpty(EMPTY)).toBe(true);
    expect(isEmpty(subtract(p('TCP/80'), p('TCP/1-100')))).toBe(true);
    expect(has(p('TCP/80-90'), 'TCP', 90)).toBe(true);
    expect(has(p('TCP/80-90'), 'UDP', 85)).toBe(false);
    expect(portSetKey(p('TCP/80'))).toBe(`${65536 + 80},${65536 + 80}`);
  });
});
