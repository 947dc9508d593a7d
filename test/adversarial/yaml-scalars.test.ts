/**
 * Plain scalars as kubectl reads them. README: "YAML is read as kubectl reads it". kubectl converts
 * YAML with sigs.k8s.io/yaml, i.e. go-yaml v2, whose resolve() (yaml.v2 resolve.go):
 * - does not support base 60: "Base 60 floats are a bad idea, were dropped in YAML 1.2, and are
 *   purposefully unsupported here" → `1:20` is the string "1:20" (not a valid port name: rejected);
 * - reads digit-led scalars with strconv.ParseInt(plain, 0, 64) (after removing '_'), which accepts
 *   Go's 0x / 0o / 0b prefixes → `0o120` is the integer 80;
 * - reads yamlStyleFloat ([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?) as a float → `80e0` is
 *   80.0, which json.Marshal writes as 80, so the port is 80.
 * YAML 1.1 (what the engine implements) differs on all three.
 */
import { describe, expect, it } from 'vitest';
import { docs, errors, pod, ports, run } from './helpers.js';

const PODS = docs(pod('x', 'a', { pod: 'a' }, '{containerPort: 80, name: http}'), pod('x', 'b', { pod: 'b' }));
const withPort = (port: string) =>
  docs(PODS, `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress: [{ports: [{port: ${port}}]}]\n`);

describe('plain scalars kubectl and YAML 1.1 read alike (verified correct)', () => {
  it.each(['80', '0x50', '0120', '8_0', '+80', '80.0', '0b1010000'])('port: %s is TCP/80', (port) => {
    const result = run(withPort(port));
    expect(errors(result)).toEqual([]);
    expect(ports(result, 'x/Pod/b', 'x/Pod/a')).toEqual(['TCP/80']);
  });

  it('an unquoted y label value is a boolean, and the object is rejected', () => {
    const result = run(docs(PODS, 'apiVersion: v1\nkind: Pod\nmetadata: {name: c, namespace: x, labels: {flag: y}}\nspec: {containers: [{name: c, image: i}]}\n'));
    expect(errors(result).length).toBe(1);
    expect(result.workloads.map((w) => w.id)).toEqual(['x/Pod/a', 'x/Pod/b']);
  });
});

describe('disagreement: go-yaml v2 scalars that YAML 1.1 reads differently', () => {
  it.each(['0o120', '80e0'])('port: %s is the integer 80 for kubectl → TCP/80', (port) => {
    const result = run(withPort(port));
    expect(errors(result)).toEqual([]);
    expect(ports(result, 'x/Pod/b', 'x/Pod/a')).toEqual(['TCP/80']);
  });

  it('port: 1:20 is the string "1:20" for kubectl, an invalid port name: the policy is rejected', () => {
    const result = run(withPort('1:20'));
    expect(errors(result).length).toBeGreaterThan(0);
  });
});
