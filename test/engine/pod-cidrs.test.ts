/** How ipBlock peers match pods: by the pod CIDRs option, or exactly by known pod IPs. */
import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/index.js';
import type { AnalysisOptions } from '../../src/index.js';
import { ALL_PORTS, docs, file, pod, policy, TRIO } from '../k8s/manifests.js';

/** prod/web admits only the given ipBlock (rule on line 9). */
const webFrom = (cidr: string, except: string[] = []) =>
  file(
    'np.yaml',
    policy('web-from-block', `  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n    - ipBlock: {cidr: ${cidr}, except: ${JSON.stringify(except)}}\n`),
  );

const edgesToWeb = (result: ReturnType<typeof matrix>) => result.edges.filter((e) => e.to === 'prod/Pod/web');

interface CidrCase {
  name: string;
  options: AnalysisOptions;
  cidr: string;
  /** The api → web edge: its ports and whether it is uncertain; undefined = no edge. */
  api: { ports: string[]; uncertain?: true } | undefined;
  warning: boolean;
  externals: string[];
  /** The one external atom the ipBlock admits. */
  admitted: string;
}

const CASES: CidrCase[] = [
  {
    name: 'an ipBlock containing every pod CIDR matches every pod',
    options: {},
    cidr: '0.0.0.0/0',
    api: { ports: ALL_PORTS },
    warning: false,
    externals: ['ip:0.0.0.0/0'],
    admitted: 'ip:0.0.0.0/0',
  },
  {
    name: 'an ipBlock equal to the one custom pod CIDR matches every pod',
    options: { podCidrs: ['10.0.0.0/8'] },
    cidr: '10.0.0.0/8',
    api: { ports: ALL_PORTS },
    warning: false,
    externals: ['ip:0.0.0.0/0 except 10.0.0.0/8', 'ip:10.0.0.0/8'],
    admitted: 'ip:10.0.0.0/8',
  },
  {
    name: 'an ipBlock disjoint from the pod CIDRs matches no pod',
    options: {},
    cidr: '203.0.113.0/24',
    api: undefined,
    warning: false,
    externals: ['ip:0.0.0.0/0 except 203.0.113.0/24', 'ip:203.0.113.0/24'],
    admitted: 'ip:203.0.113.0/24',
  },
  {
    name: 'an ipBlock overlapping part of the pod CIDRs matches every pod, uncertainly',
    options: { podCidrs: ['10.0.0.0/8'] },
    cidr: '10.1.0.0/16',
    api: { ports: ALL_PORTS, uncertain: true },
    warning: true,
    externals: ['ip:0.0.0.0/0 except 10.1.0.0/16', 'ip:10.1.0.0/16'],
    admitted: 'ip:10.1.0.0/16',
  },
  {
    name: 'with podCidrs: [] an ipBlock never matches pods, even 0.0.0.0/0',
    options: { podCidrs: [] },
    cidr: '0.0.0.0/0',
    api: undefined,
    warning: false,
    externals: ['ip:0.0.0.0/0'],
    admitted: 'ip:0.0.0.0/0',
  },
  {
    name: 'an IPv4 ipBlock matches no pod of an IPv6-only cluster (whose root atom then exists)',
    options: { podCidrs: ['fd00::/8'] },
    cidr: '0.0.0.0/0',
    api: undefined,
    warning: false,
    externals: ['ip:0.0.0.0/0', 'ip:::/0'],
    admitted: 'ip:0.0.0.0/0',
  },
];

describe.each(CASES)('$name', ({ options, cidr, api, warning, externals, admitted }) => {
  const result = matrix({ files: [TRIO, webFrom(cidr)] }, options);

  it('gives the expected pod → pod edge', () => {
    const edge = result.edges.find((e) => e.from === 'prod/Pod/api' && e.to === 'prod/Pod/web');
    expect(edge).toStrictEqual(api && { from: 'prod/Pod/api', to: 'prod/Pod/web', ...api });
  });

  it('admits exactly the ipBlock atom from outside', () => {
    expect(result.externals.map((e) => e.id)).toEqual(externals);
    expect(result.edges.filter((e) => e.from.startsWith('ip:') && e.to === 'prod/Pod/web')).toEqual([
      { from: admitted, to: 'prod/Pod/web', ports: ALL_PORTS },
    ]);
  });

  it(warning ? 'warns about the uncertain match, naming --pod-cidr' : 'does not warn', () => {
    expect(result.diagnostics.filter((d) => d.message.includes('--pod-cidr')).map((d) => [d.file, d.line, d.severity])).toEqual(
      warning ? [['np.yaml', 9, 'warning']] : [],
    );
  });
});

describe('pods with status.podIPs', () => {
  const known = file(
    'pods.yaml',
    docs(
      pod('api', { podIPs: ['10.0.0.5'] }),
      pod('db', { podIPs: ['10.9.9.9'] }),
      pod('web', { podIPs: ['10.0.0.7'] }),
      pod('v6', { podIPs: ['fd00::5'] }),
    ),
  );

  it('are matched exactly, and certainly, by their IPs', () => {
    const result = matrix({ files: [known, webFrom('10.0.0.0/24', ['10.0.0.7/32'])] });
    expect(edgesToWeb(result)).toEqual([
      { from: 'ip:10.0.0.0/24 except 10.0.0.7/32', to: 'prod/Pod/web', ports: ALL_PORTS },
      { from: 'prod/Pod/api', to: 'prod/Pod/web', ports: ALL_PORTS },
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('sit next to pods of unknown IP, which stay uncertain', () => {
    const result = matrix({ files: [known, file('more.yaml', pod('cache')), webFrom('10.0.0.0/24')] });
    expect(edgesToWeb(result).filter((e) => !e.from.startsWith('ip:'))).toEqual([
      { from: 'prod/Pod/api', to: 'prod/Pod/web', ports: ALL_PORTS },
      { from: 'prod/Pod/cache', to: 'prod/Pod/web', ports: ALL_PORTS, uncertain: true },
      { from: 'prod/Pod/web', to: 'prod/Pod/web', ports: ALL_PORTS },
    ]);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([['np.yaml', 9, 'warning']]);
  });

  it('bring the IPv6 root atom only when an IPv6 address appears', () => {
    const v4only = matrix({ files: [TRIO, webFrom('10.0.0.0/24')] });
    expect(v4only.externals.map((e) => e.id)).toEqual(['ip:0.0.0.0/0 except 10.0.0.0/24', 'ip:10.0.0.0/24']);
    const withV6Pod = matrix({ files: [known, webFrom('10.0.0.0/24')] });
    expect(withV6Pod.externals.map((e) => e.id)).toEqual(['ip:0.0.0.0/0 except 10.0.0.0/24', 'ip:10.0.0.0/24', 'ip:::/0']);
    const withV6Block = matrix({ files: [TRIO, webFrom('2001:db8::/32')] });
    expect(withV6Block.externals.map((e) => e.id)).toEqual(['ip:0.0.0.0/0', 'ip:2001:db8::/32', 'ip:::/0 except 2001:db8::/32']);
  });
});
