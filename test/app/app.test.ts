import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ROUTE, useNock } from '../github/nock-github.js';
import { shopTrees } from '../support/fixture-trees.js';
import { GitSnapshot } from '../support/git-objects.js';
import { OWN_LOGIN, capture, expectConfig, expectInstallationToken, expectOwnApp, expectTrees, fixture, installation, pullRequest, testApp } from './probot-harness.js';

const OPENED = fixture('pull_request', 'opened');
const BASE: string = OPENED.pull_request.base.sha;
const HEAD: string = OPENED.pull_request.head.sha;
const HEAD2: string = fixture('pull_request', 'synchronize').pull_request.head.sha;
const TREES = shopTrees();
const SNAP = { base: new GitSnapshot(TREES.base), opened: new GitSnapshot(TREES.opened), synchronized: new GitSnapshot(TREES.synchronized) };

useNock();

interface CheckBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  output?: { title: string; summary: string; annotations?: { path: string; start_line: number; annotation_level: string; title: string; message: string }[] };
}

/** The calls of one checked review of `head` (config absent unless given), up to the comment. */
function expectReview(scope: nock.Scope, head: string, headTree: GitSnapshot, checks: CheckBody[], options: { config?: string; files?: string[] } = {}): void {
  scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(BASE, head));
  scope.post(`${ROUTE}/check-runs`, capture(checks)).reply(201, { id: 5001, html_url: 'https://github.com/acme/shop/runs/5001' });
  expectConfig(scope, BASE, options.config);
  scope
    .get(`${ROUTE}/pulls/7/files`)
    .query({ per_page: '100' })
    .reply(200, (options.files ?? ['deploy/prod/allow-shop.yaml']).map((filename) => ({ filename, status: 'added' })));
  expectTrees(scope, { base: BASE, head }, { base: SNAP.base, head: headTree });
  scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(BASE, head));
}

describe('pull_request', () => {
  it('opened: a check run on the head, created in progress, completed with the report and annotations; the sticky comment created', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    const comments: { body: string }[] = [];
    expectReview(scope, HEAD, SNAP.opened, checks);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`, capture(comments)).reply(201, { id: 9001, node_id: 'IC_9001', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9001', body: '' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    await app.receive('pull_request', OPENED);
    await app.idle();
    expect(checks[0]).toEqual({ name: 'netpol-review', head_sha: HEAD, status: 'in_progress' });
    expect(checks[1]).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'Medium risk: 1 path opened, 0 closed' } });
    expect(checks[1]!.output!.summary.split('\n').slice(0, 2)).toEqual(['<!-- netpol-review -->', '### 🟠 netpol-review: medium risk · 1 path opened, 0 paths closed']);
    expect(checks[1]!.output!.annotations).toEqual([
      {
        path: 'deploy/prod/allow-shop.yaml',
        start_line: 13,
        end_line: 13,
        annotation_level: 'warning',
        title: 'netpol-review: medium risk path opened by prod/allow-shop ingress rule 1',
        message: 'shop/Deployment/cart → prod/Deployment/db on TCP/5432 (1 path)',
      },
    ]);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(`<!-- head: ${HEAD} -->`);
    expect(comments[0]!.body).toContain('Full report: the details of the netpol-review check');
  });

  it('synchronize: the same sticky comment updated in place, the check neutral (the head adds an invalid Deployment)', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    const edits: { body: string }[] = [];
    expectReview(scope, HEAD2, SNAP.synchronized, checks, { files: ['deploy/prod/allow-internet.yaml', 'deploy/shop/worker.yaml'] });
    const own = { id: 9001, node_id: 'IC_9001', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9001', body: `<!-- netpol-review -->\n<!-- head: ${HEAD} -->\nold`, user: { login: OWN_LOGIN, type: 'Bot' } };
    const someoneElse = { id: 9000, node_id: 'IC_9000', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9000', body: '<!-- netpol-review -->\nquoted', user: { login: 'octocat', type: 'User' } };
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, [someoneElse, own]);
    scope.patch(`${ROUTE}/issues/comments/9001`, capture(edits)).reply(200, { ...own, body: 'new' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    await app.receive('pull_request', fixture('pull_request', 'synchronize'));
    await app.idle();
    expect(edits).toHaveLength(1);
    expect(edits[0]!.body).toContain(`<!-- head: ${HEAD2} -->`);
    expect(edits[0]!.body).toContain('### 🔴 netpol-review: incomplete, 1 invalid object left out · high risk in the rest · 3 paths opened');
    expect(checks[1]).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'High risk: 3 paths opened, 0 closed (incomplete)' } });
    expect(checks[1]!.output!.annotations!.map((a) => `${a.annotation_level} ${a.path}:${a.start_line}`)).toEqual([
      'failure deploy/prod/allow-internet.yaml:13',
      'failure deploy/prod/db.yaml:1',
      'failure deploy/prod/allow-internet.yaml:13',
      'failure deploy/shop/worker.yaml:7',
      'warning deploy/prod/allow-internet.yaml:13',
      'warning deploy/prod/allow-shop.yaml:13',
    ]);
  });

  it.each(['reopened', 'ready_for_review'])('%s: reviewed like opened', async (action) => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    expectReview(scope, HEAD, SNAP.opened, checks);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`).reply(201, { id: 9001, node_id: 'IC_9001', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9001', body: '' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    await app.receive('pull_request', fixture('pull_request', action));
    await app.idle();
    expect(checks.map((c) => c.status)).toEqual(['in_progress', 'completed']);
  });

  it('a pull request opened by a bot (Dependabot) is reviewed like any other', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    expectReview(scope, HEAD, SNAP.opened, checks);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`).reply(201, { id: 9001, node_id: 'IC_9001', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9001', body: '' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    const payload = fixture('pull_request', 'opened');
    const dependabot = { login: 'dependabot[bot]', id: 49699333, type: 'Bot' };
    payload['sender'] = dependabot;
    payload['pull_request'].user = dependabot;
    await app.receive('pull_request', payload);
    await app.idle();
    expect(checks[1]).toMatchObject({ conclusion: 'success' });
  });

  it('an invalid config: a clear note above the report in the check summary; the review runs on the defaults', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    expectReview(scope, HEAD, SNAP.opened, checks, { config: 'failOn: sometimes\ncomment:\n  mode: on-change\n' });
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`).reply(201, { id: 9001, node_id: 'IC_9001', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9001', body: '' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    await app.receive('pull_request', OPENED);
    await app.idle();
    expect(checks[1]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(checks[1]!.output!.summary.split('\n')[0]).toBe(
      '> The configuration has 1 problem, ignored (defaults used for those entries): .github/netpol-review.yml:1: config: setting ignored, default used: failOn: must be one of none, low, medium, high, any-change.',
    );
  });

  it('a draft: the check completes skipped after reading the config; no comment', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(BASE, HEAD, { draft: true }));
    scope.post(`${ROUTE}/check-runs`, capture(checks)).reply(201, { id: 5001 });
    expectConfig(scope, BASE);
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    const payload = fixture('pull_request', 'opened');
    payload['pull_request'].draft = true;
    await app.receive('pull_request', payload);
    await app.idle();
    expect(checks[1]).toEqual({
      status: 'completed',
      conclusion: 'skipped',
      output: { title: 'Nothing to review', summary: 'netpol-review: the pull request is a draft (drafts: skip in the config); nothing to review.' },
    });
  });

  it('no selected manifest changed: a skipped check and no comment', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(BASE, HEAD));
    scope.post(`${ROUTE}/check-runs`, capture(checks)).reply(201, { id: 5001 });
    expectConfig(scope, BASE);
    scope.get(`${ROUTE}/pulls/7/files`).query({ per_page: '100' }).reply(200, [{ filename: 'docs/README.md', status: 'modified' }]);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    await app.receive('pull_request', OPENED);
    await app.idle();
    expect(checks[1]).toMatchObject({ conclusion: 'skipped', output: { summary: 'netpol-review: none of the 1 changed files is a selected manifest, context file or the config; nothing to review.' } });
  });

  it('a burst of three synchronize events gives one review, of the last head', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    expectReview(scope, HEAD2, SNAP.synchronized, checks, { files: ['deploy/prod/allow-internet.yaml', 'deploy/shop/worker.yaml'] });
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`).reply(201, { id: 9001, node_id: 'IC_9001', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9001', body: '' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    const pushes = ['a'.repeat(40), 'b'.repeat(40), HEAD2].map((head) => {
      const payload = fixture('pull_request', 'synchronize');
      payload['pull_request'].head.sha = head;
      payload['after'] = head;
      return payload;
    });
    await Promise.all(pushes.map((p) => app.receive('pull_request', p)));
    await app.idle();
    expect(checks.map((c) => c.head_sha ?? c.status)).toEqual([HEAD2, 'completed']);
  });

  it('a repeated delivery (same X-GitHub-Delivery) does nothing', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    expectReview(scope, HEAD, SNAP.opened, checks);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`).reply(201, { id: 9001, node_id: 'IC_9001', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9001', body: '' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    await app.receive('pull_request', OPENED, 'delivery-1');
    await app.idle();
    await app.receive('pull_request', OPENED, 'delivery-1');
    await app.idle();
    expect(checks).toHaveLength(2);
    expect(app.logs).toContain('delivery delivery-1 was handled already: ignored');
  });
});

describe('check_run', () => {
  it('rerequested: the review runs again on the pull request of the check', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    expectReview(scope, HEAD, SNAP.opened, checks);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`).reply(201, { id: 9001, node_id: 'IC_9001', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9001', body: '' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    await app.receive('check_run', fixture('check_run', 'rerequested'));
    await app.idle();
    expect(checks.map((c) => c.head_sha ?? c.conclusion)).toEqual([HEAD, 'success']);
  });

  it('rerequested for another check: nothing', async () => {
    const app = await testApp();
    const payload = fixture('check_run', 'rerequested');
    payload['check_run'].name = 'lint';
    await app.receive('check_run', payload);
    await app.idle();
  });

  it('a review that cannot read the trees fails its check with the reason', async () => {
    const app = await testApp();
    expectInstallationToken();
    expectOwnApp();
    const scope = installation();
    const checks: CheckBody[] = [];
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(BASE, HEAD));
    scope.post(`${ROUTE}/check-runs`, capture(checks)).reply(201, { id: 5001 });
    expectConfig(scope, BASE);
    scope.get(`${ROUTE}/pulls/7/files`).query({ per_page: '100' }).reply(502, { message: 'Server Error' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    await app.receive('check_run', fixture('check_run', 'rerequested'));
    await app.idle();
    expect(checks[1]).toEqual({
      status: 'completed',
      conclusion: 'failure',
      output: {
        title: 'The review could not run',
        summary: 'netpol-review could not review this pull request: GitHub API call GET /repos/{owner}/{repo}/pulls/{pull_number}/files failed: HTTP 502 (Server Error). Re-run the check to try again.',
      },
    });
  });
});
