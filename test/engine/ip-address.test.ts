/** IP addresses and CIDRs: parsing as Kubernetes does, canonical (RFC 5952) formatting, range helpers. */
import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  formatCidr,
  formatIp,
  normaliseRanges,
  parseCidr,
  parseIp,
  rangesContain,
  rangesCover,
  rangesOverlap,
  subtractRanges,
} from '../../src/values/ip-address.js';

const canonical = (text: string) => {
  const ip = parseIp(text);
  return ip && formatIp(ip.family, ip.value);
};

describe('parseIp and formatIp', () => {
  it.each([
    ['10.1.2.3', 4, 0x0a010203n, '10.1.2.3'],
    ['0.0.0.0', 4, 0n, '0.0.0.0'],
    ['255.255.255.255', 4, 0xffffffffn, '255.255.255.255'],
    ['::', 6, 0n, '::'],
    ['::1', 6, 1n, '::1'],
    ['1::', 6, 1n << 112n, '1::'],
    ['2001:DB8:0:0:0:0:0:1', 6, 0x20010db8000000000000000000000001n, '2001:db8::1'],
    ['2001:db8:0:1:1:1:1:1', 6, 0x20010db8000000010001000100010001n, '2001:db8:0:1:1:1:1:1'],
    ['::ffff:1.2.3.4', 6, 0xffff01020304n, '::ffff:102:304'],
    ['fe80:0000:0000:0000:0000:0000:0000:0000', 6, 0xfe80n << 112n, 'fe80::'],
  ])('%s is IPv%i %s, written %s', (text, family, value, formatted) => {
    expect(parseIp(text)).toEqual({ family, value });
    expect(canonical(text)).toBe(formatted);
  });

  it.each([
    ['the longest run of zeros', '1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['the first of two equal runs', '2001:0:0:1:0:0:1:1', '2001::1:0:0:1:1'],
    ['not a single zero group', '1:2:3:4:5:6:0:8', '1:2:3:4:5:6:0:8'],
    ['a run at the end', '1:0:0:0:1:0:0:0', '1::1:0:0:0'],
    ['all but the last group', '0:0:0:0:0:0:0:5', '::5'],
    ['lower-case hex without leading zeros', 'ABCD:00EF::0001', 'abcd:ef::1'],
  ])('IPv6 compression: %s', (_, text, formatted) => {
    expect(canonical(text)).toBe(formatted);
  });

  it.each([
    '1.2.3',
    '1.2.3.4.5',
    '1.2.3.256',
    '1.2.3.-1',
    ' 1.2.3.4',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '::1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7',
    '12345::',
    ':1::',
    'g::1',
    '::1.2.3.4:5',
    '',
  ])('%j is not an address', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('parseCidr and formatCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8', 0x0a000000n, 0x0affffffn],
    ['10.1.2.3/8', '10.0.0.0/8', 0x0a000000n, 0x0affffffn],
    ['0.0.0.0/0', '0.0.0.0/0', 0n, 0xffffffffn],
    ['192.168.1.1/32', '192.168.1.1/32', 0xc0a80101n, 0xc0a80101n],
    ['2001:db8::1/32', '2001:db8::/32', 0x20010db8n << 96n, ((0x20010db8n + 1n) << 96n) - 1n],
    ['::/0', '::/0', 0n, (1n << 128n) - 1n],
  ])('%s masks host bits: %s', (text, formatted, start, end) => {
    const cidr = parseCidr(text)!;
    expect(formatCidr(cidr)).toBe(formatted);
    expect([cidr.start, cidr.end]).toEqual([start, end]);
  });

  it.each(['10.0.0.0', '10.0.0.0/', '10.0.0.0/33', '::/129', '10.0.0.0/-1', '10.0.0.0/8/8', 'x/8', '10.0.0.0/1a'])('%j is not a CIDR', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('cidrContains is inclusive and never crosses families', () => {
    const c = (t: string) => parseCidr(t)!;
    expect(cidrContains(c('10.0.0.0/8'), c('10.0.0.0/8'))).toBe(true);
    expect(cidrContains(c('10.0.0.0/8'), c('10.255.0.0/16'))).toBe(true);
    expect(cidrContains(c('10.0.0.0/16'), c('10.0.0.0/8'))).toBe(false);
    expect(cidrContains(c('0.0.0.0/0'), c('::/128'))).toBe(false);
    expect(cidrContains(c('::/0'), c('0.0.0.0/32'))).toBe(false);
  });
});

describe('ranges', () => {
  const r = (start: number, end: number) => ({ start: BigInt(start), end: BigInt(end) });

  it('normaliseRanges sorts and merges overlapping and adjacent ranges', () => {
    expect(normaliseRanges([r(20, 30), r(1, 5), r(6, 8), r(25, 40), r(50, 50)])).toEqual([r(1, 8), r(20, 40), r(50, 50)]);
  });

  it('subtractRanges cuts holes, including at the edges', () => {
    expect(subtractRanges([r(1, 100)], [r(1, 10), r(50, 60), r(100, 120)])).toEqual([r(11, 49), r(61, 99)]);
    expect(subtractRanges([r(1, 10)], [r(0, 20)])).toEqual([]);
  });

  it('rangesCover, rangesOverlap and rangesContain', () => {
    const ranges = [r(10, 20), r(30, 40)];
    expect(rangesCover(ranges, r(12, 18))).toBe(true);
    expect(rangesCover(ranges, r(15, 35))).toBe(false);
    expect(rangesOverlap(ranges, r(20, 29))).toBe(true);
    expect(rangesOverlap(ranges, r(21, 29))).toBe(false);
    expect(rangesContain(ranges, 40n)).toBe(true);
    expect(rangesContain(ranges, 41n)).toBe(false);
  });
});
