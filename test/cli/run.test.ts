/** The CLI in-process: run(argv, stdout, stderr) over manifest trees in a temporary directory. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE, run } from '../../src/cli/main.js';
import { ALL_PORTS } from '../k8s/manifests.js';
import { makeTrees, type Trees } from './trees.js';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Runs with --format json, expecting success, and returns the parsed output. */
async function json(...argv: string[]): Promise<Record<string, any>> {
  const outcome = await cli(...argv, '--format', 'json');
  expect(outcome.stderr).toBe('');
  expect(outcome.code).toBe(0);
  return JSON.parse(outcome.stdout);
}

let trees: Trees;
beforeAll(async () => {
  trees = await makeTrees();
});
afterAll(async () => {
  await trees.remove();
});

const BROKEN_MESSAGE =
  'NetworkPolicy prod/broken is invalid and left out of the analysis: spec.podSelector.matchLabels.app: label value must be a string, found number 5 (quote it)';

describe('matrix', () => {
  it('prints JSON with exactly the contract keys, diagnostics relative to the path argument', async () => {
    const out = await json('matrix', trees.path('repo'));
    expect(Object.keys(out)).toEqual(['workloads', 'externals', 'edges', 'diagnostics', 'skipped']);
    expect(out.workloads.map((w: { id: string }) => w.id)).toEqual(['default/Pod/loner', 'prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
    expect(out.externals).toEqual([{ id: 'ip:0.0.0.0/0' }]);
    expect(out.edges).toHaveLength(20);
    expect(out.edges.filter((e: { to: string }) => e.to === 'prod/Pod/db')).toEqual([{ from: 'prod/Pod/api', to: 'prod/Pod/db', ports: ['TCP/5432'] }]);
    expect(out.diagnostics).toEqual([{ file: 'np/sub/broken.yml', line: 7, severity: 'error', message: BROKEN_MESSAGE }]);
  });

  it('prints text by default, exiting 0 despite diagnostics', async () => {
    const { code, stdout, stderr } = await cli('matrix', trees.path('repo'));
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '4 workloads, 1 external endpoints, 20 allowed paths',
      '',
      'Allowed:',
      `  default/Pod/loner -> default/Pod/loner: ${ALL_PORTS.join(', ')}`,
    ]);
    expect(lines).toContain('  prod/Pod/api -> prod/Pod/db: TCP/5432');
    expect(stdout.endsWith(`Diagnostics (1):\n  np/sub/broken.yml:7: error: ${BROKEN_MESSAGE}\n`)).toBe(true);
  });

  it('names a file argument by its base name in diagnostics', async () => {
    const out = await json('matrix', trees.path('repo', 'np/sub/broken.yml'));
    expect(out.diagnostics.map((d: { file: string; line: number }) => [d.file, d.line])).toEqual([['broken.yml', 7]]);
  });

  it('reads several paths and skips dot-directories and non-manifest files', async () => {
    const out = await json('matrix', trees.path('repo'), trees.path('ctx'));
    expect(out.workloads.map((w: { id: string }) => w.id)).toEqual(['default/Pod/loner', 'ops/Pod/monitor', 'prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
  });

  it('exits 0 on an empty directory', async () => {
    expect(await json('matrix', trees.path('empty'))).toEqual({ workloads: [], externals: [{ id: 'ip:0.0.0.0/0' }], edges: [], diagnostics: [], skipped: { notKubernetes: 0, otherKinds: 0 } });
    const text = await cli('matrix', trees.path('empty'));
    expect(text).toEqual({ code: 0, stdout: '0 workloads, 1 external endpoints, 0 allowed paths\n\nAllowed:\n', stderr: '' });
  });

  it('--default-namespace places namespace-less objects', async () => {
    const out = await json('matrix', trees.path('repo'), '--default-namespace', 'team-a');
    expect(out.workloads.filter((w: { name: string }) => w.name === 'loner')).toEqual([{ id: 'team-a/Pod/loner', namespace: 'team-a', kind: 'Pod', name: 'loner' }]);
  });

  it('--context marks context workloads, and only those', async () => {
    const out = await json('matrix', trees.path('blocks'), '--context', trees.path('ctx'));
    expect(out.workloads).toEqual([
      { id: 'ops/Pod/monitor', namespace: 'ops', kind: 'Pod', name: 'monitor', context: true },
      { id: 'prod/Pod/api', namespace: 'prod', kind: 'Pod', name: 'api' },
      { id: 'prod/Pod/db', namespace: 'prod', kind: 'Pod', name: 'db' },
      { id: 'prod/Pod/web', namespace: 'prod', kind: 'Pod', name: 'web' },
    ]);
  });

  it.each([
    ['the default pod CIDRs: uncertain', [], { from: 'prod/Pod/api', to: 'prod/Pod/web', ports: ALL_PORTS, uncertain: true }, 1],
    ['--pod-cidr none: ipBlocks never match pods', ['--pod-cidr', 'none'], undefined, 0],
    ['--pod-cidr inside the ipBlock: certain', ['--pod-cidr', '10.1.2.0/24'], { from: 'prod/Pod/api', to: 'prod/Pod/web', ports: ALL_PORTS }, 0],
    ['repeated --pod-cidr, one partly covered: uncertain', ['--pod-cidr', '10.1.0.0/16', '--pod-cidr', '10.2.0.0/16'], { from: 'prod/Pod/api', to: 'prod/Pod/web', ports: ALL_PORTS, uncertain: true }, 1],
  ])('%s', async (_, flags, edge, warnings) => {
    const out = await json('matrix', trees.path('blocks'), ...flags);
    expect(out.edges.find((e: { from: string; to: string }) => e.from === 'prod/Pod/api' && e.to === 'prod/Pod/web')).toEqual(edge);
    expect(out.diagnostics.filter((d: { message: string }) => d.message.includes('--pod-cidr')).length).toBe(warnings);
  });
});

describe('diff', () => {
  it('prints JSON with exactly the contract keys; diagnostics carry side and paths relative to each tree', async () => {
    const out = await json('diff', trees.path('base'), trees.path('head'));
    expect(Object.keys(out)).toEqual(['opened', 'closed', 'addedWorkloads', 'removedWorkloads', 'addedPaths', 'removedPaths', 'diagnostics', 'exposure', 'skipped']);
    expect(out.opened.map((e: { from: string; to: string; ports: string[] }) => [e.from, e.to, e.ports])).toEqual([['prod/Pod/api', 'prod/Pod/db', ['TCP/6379']]]);
    expect(out.closed.map((e: { from: string; to: string; ports: string[] }) => [e.from, e.to, e.ports])).toEqual([['prod/Pod/api', 'prod/Pod/db', ['TCP/5432']]]);
    expect(out.opened[0].because.ingress.allowedBy[0]).toMatchObject({ policy: 'prod/db-from-api', file: 'np/db.yaml', line: 9, rule: 0, ports: ['TCP/6379'] });
    expect([out.addedWorkloads, out.removedWorkloads, out.removedPaths]).toEqual([['prod/Pod/cache'], [], []]);
    expect(out.addedPaths).toHaveLength(8);
    expect(out.diagnostics).toEqual([{ file: 'broken.yaml', line: 7, severity: 'error', message: BROKEN_MESSAGE, side: 'base' }]);
  });

  it('--explanations shared: each distinct explanation once, edges refer to it; expanding the references gives the inline output', async () => {
    const inline = await json('diff', trees.path('base'), trees.path('head'));
    const shared = await json('diff', trees.path('base'), trees.path('head'), '--explanations', 'shared');
    expect(Object.keys(shared)).toEqual(['opened', 'closed', 'addedWorkloads', 'removedWorkloads', 'addedPaths', 'removedPaths', 'diagnostics', 'exposure', 'skipped', 'explanations']);
    expect(shared.opened[0]).toEqual({ from: 'prod/Pod/api', to: 'prod/Pod/db', ports: ['TCP/6379'], becauseRef: 0, beforeRef: 1 });
    expect(shared.explanations).toHaveLength(4);
    const expand = (e: Record<string, any>, refs: Record<string, string>) => {
      const { becauseRef, beforeRef, nowRef, ...edge } = e;
      const out: Record<string, unknown> = { ...edge };
      for (const [field, ref] of Object.entries({ because: becauseRef, before: beforeRef, now: nowRef })) {
        if (ref !== undefined && refs[field]) out[field] = { from: e.from, to: e.to, ...shared.explanations[ref] };
      }
      return out;
    };
    expect(shared.opened.map((e: Record<string, any>) => expand(e, { because: 'x', before: 'x' }))).toEqual(inline.opened);
    expect(shared.closed.map((e: Record<string, any>) => expand(e, { because: 'x', now: 'x' }))).toEqual(inline.closed);
    const { opened: _o, closed: _c, explanations: _e, ...rest } = shared;
    const { opened: _io, closed: _ic, ...inlineRest } = inline;
    expect(rest).toEqual(inlineRest);
  });

  it('--explanations is for diff --format json only, and takes inline or shared', async () => {
    expect((await cli('diff', trees.path('base'), trees.path('head'), '--explanations', 'shared')).stderr).toContain('--explanations is for diff --format json only');
    expect((await cli('diff', trees.path('base'), trees.path('head'), '--format', 'json', '--explanations', 'some')).stderr).toContain('--explanations must be inline or shared');
  });

  it('prints the opened edges with their reasons as text', async () => {
    const { code, stdout } = await cli('diff', trees.path('base'), trees.path('head'));
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 6)).toEqual([
      'Opened (1):',
      '  prod/Pod/api -> prod/Pod/db: TCP/6379',
      '      because prod/db-from-api ingress rule 1 (np/db.yaml:9) allows TCP/6379',
      '',
      'Closed (1):',
      '  prod/Pod/api -> prod/Pod/db: TCP/5432',
    ]);
    expect(stdout).toContain(`  broken.yaml:7: error [base]: ${BROKEN_MESSAGE}\n`);
  });

  it('says when nothing changes', async () => {
    const { code, stdout } = await cli('diff', trees.path('blocks'), trees.path('blocks'), '--pod-cidr', 'none');
    expect([code, stdout]).toEqual([0, 'No change in reachability.\n']);
  });
});

describe('explain', () => {
  it.each([
    ['80', 'TCP/80'],
    ['TCP/80', 'TCP/80'],
    ['80/TCP', 'TCP/80'],
    ['tcp/80', 'TCP/80'],
    ['udp/53', 'UDP/53'],
    ['53/UDP', 'UDP/53'],
    ['SCTP/65535', 'SCTP/65535'],
  ])('reads the port %s as %s', async (port, traffic) => {
    const out = await json('explain', trees.path('repo'), 'prod/Pod/web', 'prod/Pod/api', port);
    expect(out).toMatchObject({ from: 'prod/Pod/web', to: 'prod/Pod/api', ports: [traffic], allowedPorts: [traffic], allowed: true });
  });

  it('prints the explanation as JSON, with ip: ids resolved to atoms', async () => {
    const out = await json('explain', trees.path('blocks'), 'ip:10.1.2.3', 'prod/Pod/web', '443');
    expect(Object.keys(out)).toEqual(['from', 'to', 'ports', 'allowedPorts', 'allowed', 'egress', 'ingress', 'diagnostics']);
    expect(out.from).toBe('ip:10.1.0.0/16');
    expect(out.ingress.allowedBy).toEqual([
      { policy: 'prod/web-from-block', namespace: 'prod', name: 'web-from-block', file: 'np.yaml', line: 9, direction: 'ingress', rule: 0, ports: ['TCP/443'] },
    ]);
  });

  it('prints a denial as text', async () => {
    const { code, stdout } = await cli('explain', trees.path('repo'), 'prod/Pod/web', 'prod/Pod/db', 'TCP/5432');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'prod/Pod/web -> prod/Pod/db on TCP/5432: DENIED',
      '  egress: not isolated (no egress policy selects it): everything allowed',
      '  ingress: isolated by prod/db-from-api (np/db.yaml:1); no rule allows this traffic',
    ]);
  });
});

describe('exit codes', () => {
  it('-h prints the usage and exits 0', async () => {
    expect(await cli('-h')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  it.each([
    ['no command', [], 'no command given'],
    ['an unknown command', ['frobnicate', 'x'], 'unknown command "frobnicate"'],
    ['matrix without a path', ['matrix'], 'matrix needs at least one path'],
    ['diff with one path', ['diff', '@repo'], 'diff needs exactly two paths: <base-path> <head-path>'],
    ['diff with three paths', ['diff', '@repo', '@repo', '@repo'], 'diff needs exactly two paths: <base-path> <head-path>'],
    ['explain without a port', ['explain', '@repo', 'prod/Pod/api', 'prod/Pod/db'], 'explain needs <path> <from-id> <to-id> <port>'],
    ['a bad --format', ['matrix', '@repo', '--format', 'yaml'], '--format must be one of json, text'],
    ['--format markdown outside diff', ['matrix', '@repo', '--format', 'markdown'], '--format markdown is for diff only'],
    ['a bad --pod-cidr', ['matrix', '@repo', '--pod-cidr', '10.0.0.0'], '--pod-cidr "10.0.0.0" is not a CIDR'],
    ['none combined with a CIDR', ['matrix', '@repo', '--pod-cidr', 'none', '--pod-cidr', '10.0.0.0/8'], '--pod-cidr none cannot be combined with CIDRs'],
    ['an empty --default-namespace', ['matrix', '@repo', '--default-namespace', ''], '--default-namespace'],
    ['a port TCP/80/UDP', ['explain', '@repo', 'prod/Pod/api', 'prod/Pod/db', 'TCP/80/UDP'], 'port "TCP/80/UDP" must be 80, TCP/80 or 80/TCP with a port 1-65535'],
    ['port 0', ['explain', '@repo', 'prod/Pod/api', 'prod/Pod/db', '0'], 'port "0" must be 80, TCP/80 or 80/TCP with a port 1-65535'],
    ['port 65536', ['explain', '@repo', 'prod/Pod/api', 'prod/Pod/db', '65536'], 'port "65536" must be 80'],
    ['a port of an unknown protocol', ['explain', '@repo', 'prod/Pod/api', 'prod/Pod/db', 'ICMP/8'], 'port "ICMP/8" must be 80'],
    ['an unknown option', ['matrix', '@repo', '--bogus'], "Unknown option '--bogus'"],
    ['an unknown endpoint', ['explain', '@repo', 'prod/Pod/nope', 'prod/Pod/db', '80'], 'no workload or external endpoint "prod/Pod/nope" in'],
    ['an unreadable path', ['matrix', '@missing'], 'cannot read '],
    ['an unreadable --context path', ['matrix', '@repo', '--context', '@missing'], 'cannot read '],
    ['an unreadable head path', ['diff', '@repo', '@missing'], 'cannot read '],
  ])('%s exits 1 with the message and the usage on stderr', async (_, argv, message) => {
    const args = argv.map((a) => (a === '@repo' ? trees.path('repo') : a === '@missing' ? trees.path('empty', 'no/such/dir') : a));
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.startsWith(`netpol-review: `)).toBe(true);
    expect(stderr.split('\n')[0]).toContain(message);
    expect(stderr.endsWith(`\n\n${USAGE}`)).toBe(true);
  });

  it('names the missing path and its error code', async () => {
    const missing = trees.path('empty', 'nothing.yaml');
    expect((await cli('matrix', missing)).stderr.split('\n')[0]).toBe(`netpol-review: cannot read ${missing}: ENOENT`);
  });
});
