/** diff(): what a change opens and closes, why, and the workloads and paths it adds or removes. */
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/index.js';
import type { AnalysisInput, Edge } from '../../src/index.js';
import { ALL_PORTS, DB_FROM_API, docs, file, namespace, pod, policy, TRIO } from '../k8s/manifests.js';

/** Head moves db's port from 5432 to 6379; a comment line shifts its lines by one (policy line 2, rule line 10). */
const DB_FROM_API_6379 = `# now redis\n${DB_FROM_API.replace('port: 5432', 'port: 6379')}`;
/** Head isolates web: only api may reach it. */
const WEB_FROM_API = policy('web-from-api', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: api}}\n');
const SHARED_BROKEN = file('shared.yaml', 'a: 1\na: 2\n');
const invalid = (name: string) => policy(name, '  podSelector: {matchLabels: {app: 7}}\n');

const BASE: AnalysisInput = {
  files: [
    file('pods.yaml', docs(pod('api'), pod('db'), pod('web'), pod('old'))),
    file('np/db.yaml', DB_FROM_API),
    file('broken-base.yaml', invalid('bad-base')),
    SHARED_BROKEN,
  ],
};
const HEAD: AnalysisInput = {
  files: [
    file('pods.yaml', docs(pod('api'), pod('db'), pod('web'))),
    file('cache.yaml', pod('cache')),
    file('np/db.yaml', DB_FROM_API_6379),
    file('np/web.yaml', WEB_FROM_API),
    file('broken-head.yaml', invalid('bad-head')),
    SHARED_BROKEN,
  ],
};

const result = diff(BASE, HEAD);
const triples = (edges: Edge[]) => edges.map((e) => [e.from, e.to, e.ports]);

const dbRef = (file: string, line: number) => ({ policy: 'prod/db-from-api', namespace: 'prod', name: 'db-from-api', file, line });
const webRef = { policy: 'prod/web-from-api', namespace: 'prod', name: 'web-from-api', file: 'np/web.yaml', line: 1 };
const open = (ports: string[]) => ({ isolated: false, selectedBy: [], allowedBy: [], ports });

describe('diff', () => {
  it('lists added and removed workloads', () => {
    expect(result.addedWorkloads).toEqual(['prod/Pod/cache']);
    expect(result.removedWorkloads).toEqual(['prod/Pod/old']);
  });

  it('lists the paths of added workloads (head) and of removed workloads (base), sorted by from, to', () => {
    expect(triples(result.addedPaths)).toEqual([
      ['ip:0.0.0.0/0', 'prod/Pod/cache', ALL_PORTS],
      ['prod/Pod/api', 'prod/Pod/cache', ALL_PORTS],
      ['prod/Pod/cache', 'ip:0.0.0.0/0', ALL_PORTS],
      ['prod/Pod/cache', 'prod/Pod/api', ALL_PORTS],
      ['prod/Pod/cache', 'prod/Pod/cache', ALL_PORTS],
      ['prod/Pod/db', 'prod/Pod/cache', ALL_PORTS],
      ['prod/Pod/web', 'prod/Pod/cache', ALL_PORTS],
    ]);
    expect(triples(result.removedPaths)).toEqual([
      ['ip:0.0.0.0/0', 'prod/Pod/old', ALL_PORTS],
      ['prod/Pod/api', 'prod/Pod/old', ALL_PORTS],
      ['prod/Pod/db', 'prod/Pod/old', ALL_PORTS],
      ['prod/Pod/old', 'ip:0.0.0.0/0', ALL_PORTS],
      ['prod/Pod/old', 'prod/Pod/api', ALL_PORTS],
      ['prod/Pod/old', 'prod/Pod/old', ALL_PORTS],
      ['prod/Pod/old', 'prod/Pod/web', ALL_PORTS],
      ['prod/Pod/web', 'prod/Pod/old', ALL_PORTS],
    ]);
  });

  it('lists opened and closed ports between workloads present on both sides', () => {
    expect(triples(result.opened)).toEqual([['prod/Pod/api', 'prod/Pod/db', ['TCP/6379']]]);
    expect(triples(result.closed)).toEqual([
      ['ip:0.0.0.0/0', 'prod/Pod/web', ALL_PORTS],
      ['prod/Pod/api', 'prod/Pod/db', ['TCP/5432']],
      ['prod/Pod/db', 'prod/Pod/web', ALL_PORTS],
      ['prod/Pod/web', 'prod/Pod/web', ALL_PORTS],
    ]);
  });

  it('explains an opened edge with head rules (because) and base isolation (before)', () => {
    const [opened] = result.opened;
    expect(opened!.because).toStrictEqual({
      from: 'prod/Pod/api',
      to: 'prod/Pod/db',
      ports: ['TCP/6379'],
      allowedPorts: ['TCP/6379'],
      allowed: true,
      egress: open(['TCP/6379']),
      ingress: {
        isolated: true,
        selectedBy: [dbRef('np/db.yaml', 2)],
        allowedBy: [{ ...dbRef('np/db.yaml', 10), direction: 'ingress', rule: 0, ports: ['TCP/6379'] }],
        ports: ['TCP/6379'],
      },
    });
    expect(opened!.before).toStrictEqual({
      from: 'prod/Pod/api',
      to: 'prod/Pod/db',
      ports: ['TCP/6379'],
      allowedPorts: [],
      allowed: false,
      egress: open(['TCP/6379']),
      ingress: { isolated: true, selectedBy: [dbRef('np/db.yaml', 1)], allowedBy: [], ports: [] },
    });
  });

  it('explains a closed edge with base rules (because) and head isolation (now)', () => {
    const closed = result.closed.find((e) => e.from === 'prod/Pod/api' && e.to === 'prod/Pod/db')!;
    expect(closed.because.ingress.allowedBy).toStrictEqual([{ ...dbRef('np/db.yaml', 9), direction: 'ingress', rule: 0, ports: ['TCP/5432'] }]);
    expect(closed.because.allowed).toBe(true);
    expect(closed.now.allowed).toBe(false);
    expect(closed.now.ingress).toStrictEqual({ isolated: true, selectedBy: [dbRef('np/db.yaml', 2)], allowedBy: [], ports: [] });

    const toWeb = result.closed.find((e) => e.from === 'prod/Pod/db' && e.to === 'prod/Pod/web')!;
    expect(toWeb.because.ingress).toStrictEqual(open(ALL_PORTS));
    expect(toWeb.now.ingress).toStrictEqual({ isolated: true, selectedBy: [webRef], allowedBy: [], ports: [] });
  });

  it('carries the side on each diagnostic, sorted by file, line, side', () => {
    expect(result.diagnostics.map((d) => [d.file, d.line, d.severity, d.side])).toEqual([
      ['broken-base.yaml', 7, 'error', 'base'],
      ['broken-head.yaml', 7, 'error', 'head'],
      ['shared.yaml', 2, 'error', 'base'],
      ['shared.yaml', 2, 'error', 'head'],
    ]);
    expect(result.diagnostics[0]!.message).toContain('NetworkPolicy prod/bad-base is invalid');
    expect(result.diagnostics[1]!.message).toContain('NetworkPolicy prod/bad-head is invalid');
  });

  it('finds no change between identical trees', () => {
    const same = diff(BASE, BASE);
    expect(same).toMatchObject({ opened: [], closed: [], addedWorkloads: [], removedWorkloads: [], addedPaths: [], removedPaths: [] });
    expect(same.diagnostics.map((d) => [d.file, d.side])).toEqual([
      ['broken-base.yaml', 'base'],
      ['broken-base.yaml', 'head'],
      ['shared.yaml', 'base'],
      ['shared.yaml', 'head'],
    ]);
  });

  it('sees a label change as a change of who a policy selects', () => {
    const relabelled: AnalysisInput = {
      files: [file('pods.yaml', docs(pod('api', { labels: { app: 'other' } }), pod('db'), pod('web'), pod('old'))), file('np/db.yaml', DB_FROM_API)],
    };
    const labelled = diff({ files: BASE.files.slice(0, 2) }, relabelled);
    expect(triples(labelled.closed)).toEqual([['prod/Pod/api', 'prod/Pod/db', ['TCP/5432']]]);
    expect(labelled.opened).toEqual([]);
    expect(labelled.addedWorkloads).toEqual([]);
  });
});

describe('diff of one change', () => {
  const FROM_CORE = policy('db-from-core', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {team: core}}\n');
  const server = (port: number) => pod('srv', { ports: [{ name: 'http', containerPort: port }] });
  const HTTP_ONLY = policy('srv-http', '  podSelector: {matchLabels: {app: srv}}\n  ingress:\n  - ports: [{port: http}]\n');
  const sources = ['ip:0.0.0.0/0', 'prod/Pod/api', 'prod/Pod/db', 'prod/Pod/srv', 'prod/Pod/web'];

  it.each([
    {
      name: 'a namespace relabelled out of a namespaceSelector',
      base: [TRIO, file('tools.yaml', docs(namespace('tools', { team: 'core' }), pod('x', { ns: 'tools' }))), file('np.yaml', FROM_CORE)],
      head: [TRIO, file('tools.yaml', docs(namespace('tools', { team: 'edge' }), pod('x', { ns: 'tools' }))), file('np.yaml', FROM_CORE)],
      opened: [],
      closed: [['tools/Pod/x', 'prod/Pod/db', ALL_PORTS]],
    },
    {
      name: 'a named container port renumbered',
      base: [TRIO, file('srv.yaml', server(80)), file('np.yaml', HTTP_ONLY)],
      head: [TRIO, file('srv.yaml', server(8080)), file('np.yaml', HTTP_ONLY)],
      opened: sources.map((from) => [from, 'prod/Pod/srv', ['TCP/8080']]),
      closed: sources.map((from) => [from, 'prod/Pod/srv', ['TCP/80']]),
    },
  ])('$name', ({ base, head, opened, closed }) => {
    const changed = diff({ files: base }, { files: head });
    expect(triples(changed.opened)).toEqual(opened);
    expect(triples(changed.closed)).toEqual(closed);
    expect([changed.addedWorkloads, changed.removedWorkloads, changed.addedPaths, changed.removedPaths]).toEqual([[], [], [], []]);
  });
});
