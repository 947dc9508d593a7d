/** matrix() output order: workloads and externals by id, edges by (from, to), in code-unit order. */
import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/index.js';
import { ALL_PORTS, docs, file, pod, policy } from '../k8s/manifests.js';

const codeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const FILES = [
  file('alpha.yaml', docs(pod('ab', { ns: 'alpha' }), pod('a1', { ns: 'alpha' }), pod('a-b', { ns: 'alpha' }))),
  file(
    'deploy.yaml',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: z, namespace: alpha}\nspec: {selector: {matchLabels: {app: z}}, template: {metadata: {labels: {app: z}}, spec: {containers: []}}}\n',
  ),
  file('zulu.yaml', pod('x', { ns: '0zulu' })),
  file(
    'np.yaml',
    policy(
      'z-egress',
      '  podSelector: {matchLabels: {app: z}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - ipBlock: {cidr: 9.0.0.0/8}\n    - ipBlock: {cidr: 10.0.0.0/8}\n    - ipBlock: {cidr: "2001:db8::/32"}\n',
      'alpha',
    ),
  ),
];

describe('matrix output order', () => {
  const result = matrix({ files: FILES }, { podCidrs: [] });

  it('sorts workloads by id in code-unit order (digits before letters, upper-case kinds before names, "-" before digits)', () => {
    expect(result.workloads.map((w) => w.id)).toEqual(['0zulu/Pod/x', 'alpha/Deployment/z', 'alpha/Pod/a-b', 'alpha/Pod/a1', 'alpha/Pod/ab']);
  });

  it('sorts externals by id in code-unit order ("10" before "9", ":" after digits)', () => {
    expect(result.externals).toEqual([
      { id: 'ip:0.0.0.0/0 except 10.0.0.0/8,9.0.0.0/8' },
      { id: 'ip:10.0.0.0/8' },
      { id: 'ip:2001:db8::/32' },
      { id: 'ip:9.0.0.0/8' },
      { id: 'ip:::/0 except 2001:db8::/32' },
    ]);
  });

  it('sorts edges by from, then to, in code-unit order', () => {
    const keys = result.edges.map((e) => [e.from, e.to]);
    const sorted = [...keys].sort((a, b) => codeUnits(a[0]!, b[0]!) || codeUnits(a[1]!, b[1]!));
    expect(keys).toEqual(sorted);
    expect(result.edges.filter((e) => e.from === 'alpha/Deployment/z')).toEqual([
      { from: 'alpha/Deployment/z', to: 'ip:10.0.0.0/8', ports: ALL_PORTS },
      { from: 'alpha/Deployment/z', to: 'ip:2001:db8::/32', ports: ALL_PORTS },
      { from: 'alpha/Deployment/z', to: 'ip:9.0.0.0/8', ports: ALL_PORTS },
    ]);
    expect(result.edges.slice(0, 3).map((e) => [e.from, e.to])).toEqual([
      ['0zulu/Pod/x', '0zulu/Pod/x'],
      ['0zulu/Pod/x', 'alpha/Deployment/z'],
      ['0zulu/Pod/x', 'alpha/Pod/a-b'],
    ]);
  });

  it('does not depend on the order of the input files', () => {
    const reversed = matrix({ files: [...FILES].reverse() }, { podCidrs: [] });
    expect(reversed).toEqual(result);
  });

  it('counts every edge once: 5 workloads and 5 atoms', () => {
    // z sends only to its 3 atoms; everyone else reaches all 5 workloads and all 5 atoms, and all 5 atoms reach all 5 workloads.
    expect(result.edges).toHaveLength(3 + 4 * 10 + 5 * 5);
  });
});
