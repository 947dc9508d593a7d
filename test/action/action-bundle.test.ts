import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub, type FakeGitHubOptions } from '../support/fake-github.js';
import { shopTrees } from '../support/fixture-trees.js';
import { blobSha } from '../support/git-objects.js';
import { expectGolden } from '../report/golden.js';
import { payload, runBundle } from './run-bundle.js';
import { secret } from '../support/secrets.js';

const OPENED = payload('pull_request/opened.json');
const SYNCED = payload('pull_request/synchronize.json');
const BASE = OPENED.pull_request.base.sha;
const HEAD = OPENED.pull_request.head.sha;
const HEAD2 = SYNCED.pull_request.head.sha;

const GOLDEN = fileURLToPath(new URL('golden', import.meta.url));
const fakes: FakeGitHub[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

async function fakeGitHub(options: Omit<FakeGitHubOptions, 'owner' | 'repo'> = {}): Promise<FakeGitHub> {
  const fake = new FakeGitHub({ owner: 'acme', repo: 'shop', graphqlPath: '/api/graphql', ...options });
  const trees = shopTrees();
  fake.commit(trees.base, BASE);
  fake.commit(trees.opened, HEAD);
  fake.commit(trees.synchronized, HEAD2);
  fake.pulls.set(7, { number: 7, base: BASE, head: HEAD, state: 'open' });
  fakes.push(fake);
  await fake.start();
  return fake;
}

const inputs = (more: Record<string, string> = {}) => ({
  'github-token': secret('ghs_test'),
  paths: '',
  exclude: '',
  context: '',
  'config-file': '.github/netpol-review.yml',
  'default-namespace': '',
  'pod-cidr': '',
  comment: 'on-change',
  'fail-on': 'none',
  'fail-on-invalid': 'false',
  'fail-on-incomplete': 'false',
  ...more,
});
const apiEnv = (fake: FakeGitHub) => ({ GITHUB_API_URL: fake.url, GITHUB_GRAPHQL_URL: `${fake.url}/api/graphql` });

const R = '/repos/acme/shop';
/** The blobs of the selected manifests of some trees, once each, sorted. */
const blobCalls = (...trees: Record<string, string>[]) =>
  [...new Set(trees.flatMap((t) => Object.entries(t).filter(([p]) => p.startsWith('deploy/')).map(([, text]) => blobSha(text))))].sort().map((sha) => `GET ${R}/git/blobs/${sha} → 200`);
/** The call log with the concurrent part (trees and blobs) sorted, the rest in order. */
const normalised = (lines: string[]) => {
  const concurrent = (l: string) => /\/git\/(trees|blobs)\//.test(l);
  const first = lines.findIndex(concurrent);
  const last = lines.length - [...lines].reverse().findIndex(concurrent);
  return first < 0 ? lines : [...lines.slice(0, first), ...lines.slice(first, last).sort(), ...lines.slice(last)];
};
const readCalls = (base: string, head: string, ...trees: Record<string, string>[]) => [
  `GET ${R}/contents/.github%2Fnetpol-review.yml?ref=${BASE} → 200`,
  `GET ${R}/pulls/7/files?per_page=100 → 200`,
  ...[...blobCalls(...trees), `GET ${R}/git/trees/${base}?recursive=1 → 200`, `GET ${R}/git/trees/${head}?recursive=1 → 200`].sort(),
];

describe('the committed dist/ bundle, run as the Actions runner runs it', () => {
  it('reviews an opened pull request: API calls, comment, outputs, summary, annotations', async () => {
    const fake = await fakeGitHub();
    const trees = shopTrees();
    const run = await runBundle({ event: 'pull_request', payload: 'pull_request/opened.json', inputs: inputs(), env: apiEnv(fake) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(normalised(fake.callLines())).toEqual([
      ...readCalls(BASE, HEAD, trees.base, trees.opened),
      `GET ${R}/pulls/7 → 200`,
      'POST /api/graphql → 200',
      `GET ${R}/issues/7/comments?per_page=100 → 200`,
      `POST ${R}/issues/7/comments → 201`,
    ]);
    expect(fake.calls.find((c) => c.path === '/api/graphql')!.body).toEqual({ query: 'query { viewer { login __typename } }', variables: {} });
    expect(fake.comments).toHaveLength(1);
    const [comment] = fake.comments;
    expect(comment!.user).toEqual({ login: 'github-actions[bot]', type: 'Bot' });
    const lines = comment!.body.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '<!-- netpol-review -->',
      `<!-- head: ${HEAD} -->`,
      '### 🟠 netpol-review: medium risk · 1 path opened, 0 paths closed',
    ]);
    expect(comment!.body).toContain(
      `| 🟠 | <code>shop/Deployment/cart</code> | <code>prod/Deployment/db</code> | TCP/5432 | <code>prod/allow-shop</code> ingress rule 1 ([deploy/prod/allow-shop.yaml:13](https://github.com/acme/shop/blob/${HEAD}/deploy/prod/allow-shop.yaml#L13)), new or changed |`,
    );
    // The core escapes the sentence (a zero-width space keeps GitHub from linking the URL).
    expect(lines.at(-2)).toBe('<sub>Full report: the job summary of https:\u200b//github.com/acme/shop/actions/runs/4242</sub>');
    expectGolden('opened-comment', comment!.body, GOLDEN);
    expectGolden('opened-summary', run.summary, GOLDEN);
    expect(run.outputs).toEqual({
      opened: '1',
      closed: '0',
      risk: 'medium',
      exposures: '0',
      'comment-url': `https://github.test/acme/shop/pull/7#issuecomment-${comment!.id}`,
      report: expect.stringMatching(/netpol-review\/report\.json$/),
      markdown: expect.stringMatching(/netpol-review\/comment\.md$/),
    });
    const report = JSON.parse(readFileSync(run.outputs['report']!, 'utf8'));
    expect(report.opened.map((e: { from: string; to: string; ports: string[] }) => [e.from, e.to, e.ports])).toEqual([['shop/Deployment/cart', 'prod/Deployment/db', ['TCP/5432']]]);
    expect(report.review).toMatchObject({ risk: 'medium', changed: true, incomplete: false });
    expect(readFileSync(run.outputs['markdown']!, 'utf8')).toBe(comment!.body.replace(`\n<!-- head: ${HEAD} -->`, ''));
    expect(run.summary.startsWith('<!-- netpol-review -->\n### 🟠 netpol-review: medium risk · 1 path opened, 0 paths closed\n')).toBe(true);
    expect(run.summary).toContain('#### Opened paths (1)');
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      '::warning title=netpol-review%3A medium risk path opened by prod/allow-shop ingress rule 1,file=deploy/prod/allow-shop.yaml,line=13::shop/Deployment/cart → prod/Deployment/db on TCP/5432 (1 path)',
    ]);
  });

  it('issue_comment: a /netpol explain comment answered in the thread, from head and base', async () => {
    const fake = await fakeGitHub({ collaborators: { octocat: 'write' } });
    const commentId = (JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/issue_comment/created.json', import.meta.url)), 'utf8')) as { comment: { id: number } }).comment.id;
    const run = await runBundle({ event: 'issue_comment', payload: 'issue_comment/created.json', inputs: inputs(), env: apiEnv(fake) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(fake.reactions).toEqual([`${commentId}:eyes`, `${commentId}:rocket`]);
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]!.body.split('\n').slice(0, 4)).toEqual(['#### netpol-review explain', '', '**At head:**', '<code>shop/Deployment/cart</code> → <code>prod/Deployment/db</code> on TCP/5432: **allowed** on TCP/5432']);
    expect(fake.comments[0]!.body).toContain('**At base (before this pull request):**');
    expect(fake.callLines()).toContain(`GET ${R}/collaborators/octocat/permission → 200`);
  });

  it('issue_comment: a commenter with read permission gets a polite answer and nothing runs; an edited comment runs nothing', async () => {
    const fake = await fakeGitHub({ collaborators: { octocat: 'read' } });
    const run = await runBundle({ event: 'issue_comment', payload: 'issue_comment/created.json', inputs: inputs(), env: apiEnv(fake) });
    expect(run.code).toBe(0);
    expect(fake.comments.map((c) => c.body)).toEqual([
      'Sorry, `/netpol` commands can be run by people with write permission on this repository, and yours is read. Nothing was run; someone with write access can run it for you.',
    ]);
    expect(fake.callLines().filter((l) => /\/git\/|\/pulls\/7|contents/.test(l))).toEqual([]);
    const edited = await runBundle({ event: 'issue_comment', payload: 'issue_comment/edited.json', inputs: inputs(), env: apiEnv(fake) });
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('the comment was edited: only new comments run commands; nothing to do');
    expect(fake.comments).toHaveLength(1);
  });

  it('updates the same comment on synchronize', async () => {
    const fake = await fakeGitHub();
    const trees = shopTrees();
    expect((await runBundle({ event: 'pull_request', payload: 'pull_request/opened.json', inputs: inputs(), env: apiEnv(fake) })).code).toBe(0);
    const id = fake.comments[0]!.id;
    fake.calls.length = 0;
    fake.pulls.set(7, { number: 7, base: BASE, head: HEAD2, state: 'open' });
    const run = await runBundle({ event: 'pull_request', payload: 'pull_request/synchronize.json', inputs: inputs(), env: apiEnv(fake) });
    expect(run.code).toBe(0);
    expect(normalised(fake.callLines())).toEqual([
      ...readCalls(BASE, HEAD2, trees.base, trees.synchronized),
      `GET ${R}/pulls/7 → 200`,
      'POST /api/graphql → 200',
      `GET ${R}/issues/7/comments?per_page=100 → 200`,
      `PATCH ${R}/issues/comments/${id} → 200`,
    ]);
    expect(fake.comments.map((c) => c.id)).toEqual([id]);
    expectGolden('synchronize-comment', fake.comments[0]!.body, GOLDEN);
    expect(fake.comments[0]!.body.split('\n').slice(1, 3)).toEqual([`<!-- head: ${HEAD2} -->`, '### 🔴 netpol-review: incomplete, 1 invalid object left out · high risk in the rest · 3 paths opened, 0 paths closed, 2 exposure changes']);
    expect(run.outputs).toMatchObject({ opened: '3', risk: 'high', exposures: '2', 'comment-url': `https://github.test/acme/shop/pull/7#issuecomment-${id}` });
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::')).map((l) => l.slice(0, l.indexOf('::', 2)))).toEqual([
      '::error title=netpol-review%3A high risk exposure (internet-ingress),file=deploy/prod/allow-internet.yaml,line=13',
      '::error title=netpol-review%3A high risk exposure (reachable-from-every-namespace),file=deploy/prod/db.yaml,line=1',
      '::error title=netpol-review%3A high risk path opened by prod/allow-internet ingress rule 1,file=deploy/prod/allow-internet.yaml,line=13',
      '::error title=netpol-review%3A invalid manifest (left out of the analysis),file=deploy/shop/worker.yaml,line=7',
      '::warning title=netpol-review%3A medium risk path opened by prod/allow-internet ingress rule 1,file=deploy/prod/allow-internet.yaml,line=13',
      '::warning title=netpol-review%3A medium risk path opened by prod/allow-shop ingress rule 1,file=deploy/prod/allow-shop.yaml,line=13',
    ]);
  });

  const gates: [string, Record<string, string>, number][] = [
    ['fail-on none', { 'fail-on': 'none' }, 0],
    ['fail-on low', { 'fail-on': 'low' }, 1],
    ['fail-on medium', { 'fail-on': 'medium' }, 1],
    ['fail-on high', { 'fail-on': 'high' }, 0],
    ['fail-on any-change', { 'fail-on': 'any-change' }, 1],
    ['fail-on-invalid', { 'fail-on-invalid': 'true' }, 0],
    ['fail-on-incomplete', { 'fail-on-incomplete': 'true' }, 0],
  ];
  it.each(gates)('exits as %s asks on the medium-risk head', async (_name, gate, code) => {
    const fake = await fakeGitHub();
    const run = await runBundle({ event: 'pull_request', payload: 'pull_request/opened.json', inputs: inputs({ ...gate, comment: 'never' }), env: apiEnv(fake) });
    expect(run.code).toBe(code);
    const failure = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(failure).toEqual(code === 0 ? [] : [`::error::netpol-review: ${gate['fail-on'] === 'any-change' ? 'reachability or exposure changed (fail-on: any-change)' : `the risk is medium (fail-on: ${gate['fail-on']})`}`]);
    expect(fake.calls.some((c) => c.method !== 'GET')).toBe(false);
  });

  it('fails on invalid manifests the head adds when asked (the synchronize head)', async () => {
    const fake = await fakeGitHub();
    fake.pulls.set(7, { number: 7, base: BASE, head: HEAD2, state: 'open' });
    const run = await runBundle({ event: 'pull_request', payload: 'pull_request/synchronize.json', inputs: inputs({ 'fail-on-invalid': 'true', 'fail-on-incomplete': 'true', comment: 'never' }), env: apiEnv(fake) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::netpol-review: the head has 1 invalid manifest object(s) the base did not have (fail-on-invalid); part of the input could not be analysed: 1 problem(s) (fail-on-incomplete)');
  });

  it('succeeds with a read-only token (a fork under pull_request), saying so in the log and the summary', async () => {
    const fake = await fakeGitHub({ readOnly: true });
    const run = await runBundle({ event: 'pull_request', payload: 'pull_request/opened.json', inputs: inputs(), env: apiEnv(fake) });
    expect(run.code).toBe(0);
    expect(fake.callLines().at(-1)).toBe(`POST ${R}/issues/7/comments → 403`);
    const line = 'GitHub API call POST /repos/{owner}/{repo}/issues/{issue_number}/comments failed: HTTP 403 (Resource not accessible by integration): the token cannot write comments here';
    expect(run.stdout).toContain(line);
    expect(run.summary.startsWith(`> The review comment could not be posted: ${line}`)).toBe(true);
    expect(run.summary).toContain('### 🟠 netpol-review: medium risk');
    expect(run.outputs['comment-url']).toBe('');
  });

  it('does not overwrite a newer result when the head moved on while it ran', async () => {
    const fake = await fakeGitHub();
    fake.pulls.set(7, { number: 7, base: BASE, head: HEAD2, state: 'open' });
    const run = await runBundle({ event: 'pull_request_target', payload: 'pull_request/opened.json', inputs: inputs(), env: apiEnv(fake) });
    expect(run.code).toBe(0);
    expect(fake.callLines().at(-1)).toBe(`GET ${R}/pulls/7 → 200`);
    expect(fake.comments).toEqual([]);
    expect(run.stdout).toContain(`the pull request's head moved on to ${HEAD2.slice(0, 12)} while this ran: not posting an older result over a newer one`);
  });

  it('skips quickly when no manifest changed', async () => {
    const fake = await fakeGitHub();
    const trees = shopTrees();
    const docsOnly = fake.commit({ ...trees.base, 'docs/README.md': '# Shop, renamed\n' });
    fake.pulls.set(7, { number: 7, base: BASE, head: docsOnly, state: 'open' });
    const event = payload('pull_request/opened.json');
    event.pull_request.head.sha = docsOnly;
    const file = join(mkdtempSync(join(tmpdir(), 'payload-')), 'event.json');
    writeFileSync(file, JSON.stringify(event));
    const run = await runBundle({ event: 'pull_request', inputs: inputs(), env: { ...apiEnv(fake), GITHUB_EVENT_PATH: file } });
    expect(run.code).toBe(0);
    expect(fake.callLines()).toEqual([
      `GET ${R}/contents/.github%2Fnetpol-review.yml?ref=${BASE} → 200`,
      `GET ${R}/pulls/7/files?per_page=100 → 200`,
      'POST /api/graphql → 200',
      `GET ${R}/issues/7/comments?per_page=100 → 200`,
    ]);
    expect(run.stdout).toContain('none of the 1 changed files is a selected manifest, context file or the config: nothing to review');
    expect(run.outputs).toMatchObject({ opened: '0', risk: 'none', report: '', markdown: '' });
  });

  it('walks the trees directory by directory when GitHub truncates the listings', async () => {
    const fake = await fakeGitHub({ maxTreeEntries: 4 });
    const run = await runBundle({ event: 'pull_request', payload: 'pull_request/opened.json', inputs: inputs({ paths: 'deploy/**/*.yaml', comment: 'never' }), env: apiEnv(fake) });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ opened: '1', risk: 'medium' });
    const trees = fake.callLines().filter((l) => l.includes('/git/trees/'));
    // Root and deploy/ are too big for one listing (both sides); deploy/prod and deploy/shop are listed whole; docs/ and .github/ are never read.
    // Both sides are walked concurrently: compare sorted.
    expect(trees.map((l) => l.replace(/[0-9a-f]{40}/, (sha) => (sha === BASE ? 'BASE' : sha === HEAD ? 'HEAD' : 'tree'))).sort()).toEqual([
      'GET /repos/acme/shop/git/trees/BASE?recursive=1 → 200',
      'GET /repos/acme/shop/git/trees/HEAD?recursive=1 → 200',
      'GET /repos/acme/shop/git/trees/BASE → 200',
      'GET /repos/acme/shop/git/trees/HEAD → 200',
      'GET /repos/acme/shop/git/trees/tree?recursive=1 → 200',
      'GET /repos/acme/shop/git/trees/tree?recursive=1 → 200',
      'GET /repos/acme/shop/git/trees/tree → 200',
      'GET /repos/acme/shop/git/trees/tree → 200',
      'GET /repos/acme/shop/git/trees/tree?recursive=1 → 200',
      'GET /repos/acme/shop/git/trees/tree?recursive=1 → 200',
      'GET /repos/acme/shop/git/trees/tree?recursive=1 → 200',
      'GET /repos/acme/shop/git/trees/tree?recursive=1 → 200',
    ].sort());
  });

  it('fails the step with one line naming the call and status when a read fails', async () => {
    const fake = await fakeGitHub({ faults: [{ call: new RegExp(`^GET /repos/acme/shop/git/trees/${HEAD}`), status: 404, message: 'Not Found' }] });
    const run = await runBundle({ event: 'pull_request', payload: 'pull_request/opened.json', inputs: inputs(), env: apiEnv(fake) });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      `::error::netpol-review: GitHub API call GET /repos/{owner}/{repo}/git/trees/{tree_sha} failed: HTTP 404 (Not Found; reading base ${BASE.slice(0, 12)} and head ${HEAD.slice(0, 12)}, which the pull request still names)`,
    ]);
    // A 404 is not retried (5xx are: see test/github/plumbing.test.ts); nothing was posted.
    expect(fake.callLines().filter((l) => l.includes(`/git/trees/${HEAD}`))).toEqual([`GET /repos/acme/shop/git/trees/${HEAD}?recursive=1 → 404`]);
    expect(fake.comments).toEqual([]);
  });

  it('a head force-pushed away while it ran: the step passes with a warning saying so, nothing posted', async () => {
    const fake = await fakeGitHub({ faults: [{ call: new RegExp(`^GET /repos/acme/shop/git/trees/${HEAD}`), status: 404, message: 'Not Found' }] });
    fake.pulls.set(7, { number: 7, base: BASE, head: HEAD2, state: 'open' });
    const run = await runBundle({ event: 'pull_request', payload: 'pull_request/opened.json', inputs: inputs(), env: apiEnv(fake) });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::warning::'))).toEqual([
      `::warning::the head moved on to ${HEAD2.slice(0, 12)} (a push or a force-push) while this ran: GitHub API call GET /repos/{owner}/{repo}/git/trees/{tree_sha} failed: HTTP 404 (Not Found); nothing reviewed for head ${HEAD.slice(0, 12)}`,
    ]);
    expect(fake.comments).toEqual([]);
  });

  it('ignores other events with a clear message', async () => {
    const run = await runBundle({ event: 'push', inputs: inputs() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('netpol-review runs on pull_request, pull_request_target and issue_comment events; this is a push event, so there is nothing to do\n');
  });

  it('fails the step with one clear line when the token is refused', async () => {
    const fake = await fakeGitHub();
    const run = await runBundle({ event: 'pull_request', payload: 'pull_request/opened.json', inputs: inputs({ 'github-token': '' }), env: apiEnv(fake) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::netpol-review: input github-token is empty');
    expect(fake.calls).toEqual([]);
  });
});
