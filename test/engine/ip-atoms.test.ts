/** External atoms (pieces of the IP space no ipBlock splits) and how ipBlocks meet pod CIDRs. */
import { describe, expect, it } from 'vitest';
import {
  buildAtoms,
  findAtom,
  atomsCoveredBy,
  ipBlocksRanges,
  ipsMatch,
  judgePodCidrs,
  type PodCidrVerdict,
} from '../../src/engine/internal/ip-atoms.js';
import { parseCidr, type IpFamily } from '../../src/values/ip-address.js';

const cidrs = (...texts: string[]) => texts.map((t) => parseCidr(t)!);
const atomIds = (texts: string[], families: IpFamily[] = []) => buildAtoms(cidrs(...texts), families).map((a) => a.id);

describe('buildAtoms', () => {
  it.each<[string, string[], IpFamily[], string[]]>([
    ['no cidrs: the IPv4 space only', [], [], ['ip:0.0.0.0/0']],
    [
      'the RFC 1918 ranges, excepts sorted',
      ['192.168.0.0/16', '10.0.0.0/8', '172.16.0.0/12'],
      [],
      ['ip:0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16', 'ip:10.0.0.0/8', 'ip:172.16.0.0/12', 'ip:192.168.0.0/16'],
    ],
    [
      'nested cidrs: each atom excepts only its largest children',
      ['10.0.0.0/8', '10.1.2.0/24', '10.1.0.0/16'],
      [],
      ['ip:0.0.0.0/0 except 10.0.0.0/8', 'ip:10.0.0.0/8 except 10.1.0.0/16', 'ip:10.1.0.0/16 except 10.1.2.0/24', 'ip:10.1.2.0/24'],
    ],
    ['duplicates and host bits collapse', ['10.0.0.0/8', '10.9.9.9/8'], [], ['ip:0.0.0.0/0 except 10.0.0.0/8', 'ip:10.0.0.0/8']],
    [
      'a cidr covered by its children is no atom',
      ['10.0.0.0/8', '10.0.0.0/9', '10.128.0.0/9'],
      [],
      ['ip:0.0.0.0/0 except 10.0.0.0/8', 'ip:10.0.0.0/9', 'ip:10.128.0.0/9'],
    ],
    ['0.0.0.0/0 itself', ['0.0.0.0/0'], [], ['ip:0.0.0.0/0']],
    ['IPv6 root when an IPv6 family is asked for', [], [6], ['ip:0.0.0.0/0', 'ip:::/0']],
    [
      'IPv6 root when an IPv6 cidr appears; families never mixed',
      ['2001:db8::/32', '10.0.0.0/8', '2001:db8:1::/48'],
      [],
      ['ip:0.0.0.0/0 except 10.0.0.0/8', 'ip:10.0.0.0/8', 'ip:::/0 except 2001:db8::/32', 'ip:2001:db8::/32 except 2001:db8:1::/48', 'ip:2001:db8:1::/48'],
    ],
  ])('%s', (_, texts, families, expected) => {
    expect(atomIds(texts, families)).toEqual(expected);
  });

  it('keeps each atom to one family: IPv4 atoms except only IPv4 cidrs', () => {
    for (const atom of buildAtoms(cidrs('10.0.0.0/8', 'fd00::/8', '0.0.0.0/1', '::/1'), [])) {
      expect(atom.excepts.every((e) => e.family === atom.cidr.family)).toBe(true);
    }
  });
});

describe('findAtom', () => {
  const atoms = buildAtoms(cidrs('10.0.0.0/8', '10.1.0.0/16', 'fd00::/8'), []);

  it.each([
    ['an atom id', 'ip:10.0.0.0/8 except 10.1.0.0/16', 'ip:10.0.0.0/8 except 10.1.0.0/16'],
    ['an address outside every cidr', 'ip:8.8.8.8', 'ip:0.0.0.0/0 except 10.0.0.0/8'],
    ['an address in a hole', 'ip:10.2.3.4', 'ip:10.0.0.0/8 except 10.1.0.0/16'],
    ['an address in a nested cidr', 'ip:10.1.255.255', 'ip:10.1.0.0/16'],
    ['a cidr inside one atom', 'ip:10.1.2.0/24', 'ip:10.1.0.0/16'],
    ['an IPv6 address', 'ip:fd00::1', 'ip:fd00::/8'],
    ['an IPv6 address outside', 'ip:2001:db8::1', 'ip:::/0 except fd00::/8'],
  ])('finds %s', (_, id, expected) => {
    expect(findAtom(atoms, id)?.id).toBe(expected);
  });

  it.each([
    ['a cidr spanning two atoms', 'ip:10.0.0.0/8'],
    ['a cidr wider than a hole', 'ip:0.0.0.0/0'],
    ['a malformed address', 'ip:10.0.0'],
    ['a workload id', 'prod/Pod/api'],
  ])('finds nothing for %s', (_, id) => {
    expect(findAtom(atoms, id)).toBeUndefined();
  });
});

describe('atomsCoveredBy', () => {
  const atoms = buildAtoms(cidrs('10.0.0.0/8', '10.1.0.0/16'), []);
  it('covers the atoms inside the cidr and outside every except', () => {
    const block = { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] };
    expect(atomsCoveredBy(block, atoms).map((a) => a.id)).toEqual(['ip:10.0.0.0/8 except 10.1.0.0/16']);
    const whole = { cidr: '0.0.0.0/0', except: [] };
    expect(atomsCoveredBy(whole, atoms)).toHaveLength(3);
  });
});

describe('judgePodCidrs: how ipBlocks meet pods whose IPs are unknown', () => {
  const judge = (blocks: { cidr: string; except?: string[] }[], podCidrs: string[]) =>
    judgePodCidrs(ipBlocksRanges(blocks.map((b) => ({ cidr: b.cidr, except: b.except ?? [] }))), cidrs(...podCidrs));

  it.each<[string, { cidr: string; except?: string[] }[], string[], PodCidrVerdict]>([
    ['containing all pod CIDRs', [{ cidr: '0.0.0.0/0' }], ['10.0.0.0/8', '172.16.0.0/12'], 'all'],
    ['covering them together', [{ cidr: '10.0.0.0/8' }, { cidr: '172.16.0.0/12' }], ['10.0.0.0/8', '172.16.0.0/12'], 'all'],
    ['disjoint from them', [{ cidr: '203.0.113.0/24' }], ['10.0.0.0/8'], 'none'],
    ['excepting all of them', [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }], ['10.0.0.0/8'], 'none'],
    ['overlapping part of one', [{ cidr: '10.1.0.0/16' }], ['10.0.0.0/8'], 'partial'],
    ['covering one of two', [{ cidr: '10.0.0.0/8' }], ['10.0.0.0/8', '192.168.0.0/16'], 'partial'],
    ['with a hole in it', [{ cidr: '10.0.0.0/8', except: ['10.5.0.0/16'] }], ['10.0.0.0/8'], 'partial'],
    ['no pod CIDRs at all', [{ cidr: '0.0.0.0/0' }], [], 'none'],
    // Traffic between dual-stack pods may use either family: covering one family's pod CIDRs is only part.
    ['dual stack, covering the IPv4 family only', [{ cidr: '10.0.0.0/8' }], ['10.0.0.0/8', 'fd00::/8'], 'partial'],
    ['dual stack, covering both families', [{ cidr: '10.0.0.0/8' }, { cidr: 'fd00::/8' }], ['10.0.0.0/8', 'fd00::/8'], 'all'],
    ['dual stack, of the other family only in part', [{ cidr: 'fd00::/16' }], ['10.0.0.0/8', 'fd00::/8'], 'partial'],
  ])('%s', (_, blocks, podCidrs, verdict) => {
    expect(judge(blocks, podCidrs)).toBe(verdict);
  });

  it('ipsMatch checks known pod IPs of either family exactly', () => {
    const ranges = ipBlocksRanges([{ cidr: '10.0.0.0/24', except: ['10.0.0.128/25'] }, { cidr: 'fd00::/64', except: [] }]);
    expect(ipsMatch(ranges, ['10.0.0.5'])).toBe(true);
    expect(ipsMatch(ranges, ['10.0.0.200'])).toBe(false);
    expect(ipsMatch(ranges, ['192.168.0.1', 'fd00::9'])).toBe(true);
    expect(ipsMatch(ranges, ['not-an-ip'])).toBe(false);
  });
});
