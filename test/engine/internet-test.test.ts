/** internetTest: an external endpoint is the internet unless every address of it is in the internal ranges. */
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/values/ip-address.js';
import { internetTest } from '../../src/values/endpoint.js';
import { xref } from '../review/refs.js';

describe('internetTest', () => {
  const isInternet = internetTest(['10.0.0.0/8', '192.168.0.0/16', 'fc00::/7'].map((c) => parseCidr(c)!));

  it.each([
    ['ip:10.1.0.0/16', false],
    ['ip:192.168.1.7/32', false],
    ['ip:0.0.0.0/0 except 10.0.0.0/8', true],
    ['ip:0.0.0.0/0', true],
    ['ip:8.8.8.8/32', true],
    ['ip:fd00::/8', false],
    ['ip:2001:db8::/32', true],
  ])('%s: internet %s', (id, internet) => {
    expect(isInternet(xref(id))).toBe(internet);
    expect(isInternet(xref(id))).toBe(internet);
  });
});
