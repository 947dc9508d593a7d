import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ROUTE, useNock } from '../github/nock-github.js';
import { shopTrees } from '../support/fixture-trees.js';
import { GitSnapshot } from '../support/git-objects.js';
import { capture, expectConfig, expectInstallationToken, expectTrees, fixture, installation, pullRequest, testApp } from './probot-harness.js';

const OPENED = fixture('pull_request', 'opened');
const BASE: string = OPENED.pull_request.base.sha;
const HEAD: string = OPENED.pull_request.head.sha;
const TREES = shopTrees();
const SNAP = { base: new GitSnapshot(TREES.base), head: new GitSnapshot(TREES.opened) };
const COMMENT = 2400100200;

useNock();

const commented = (body: string, edit: (p: Record<string, any>) => void = () => {}) => {
  const payload = fixture('issue_comment', 'created');
  payload['comment'].body = body;
  edit(payload);
  return payload;
};

/** 👀, the permission, then what the command reads; returns the replies and reactions posted. */
function expectCommand(permission: { permission: string; role_name: string }, reads: (scope: nock.Scope) => void = () => {}) {
  expectInstallationToken();
  const scope = installation();
  const reactions: { content: string }[] = [];
  const replies: { body: string }[] = [];
  scope.post(`${ROUTE}/issues/comments/${COMMENT}/reactions`, capture(reactions)).reply(201, { id: 1, content: 'eyes' });
  scope.get(`${ROUTE}/collaborators/octocat/permission`).reply(200, { ...permission, user: { login: 'octocat' } });
  reads(scope);
  scope.post(`${ROUTE}/issues/7/comments`, capture(replies)).reply(201, { id: 9100, html_url: 'https://github.com/acme/shop/pull/7#issuecomment-9100' });
  return { scope, reactions, replies };
}
const WRITE = { permission: 'write', role_name: 'write' };
const queryReads = (withBase: boolean) => (scope: nock.Scope) => {
  scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(BASE, HEAD));
  expectConfig(scope, BASE);
  expectTrees(scope, { base: BASE, head: HEAD }, SNAP, withBase);
};

describe('/netpol commands (issue_comment)', () => {
  it('explain: 👀, permission, pulls.get, both trees; the answer at head and base; 🚀', async () => {
    const app = await testApp();
    const { reactions, replies } = expectCommand(WRITE, queryReads(true));
    const scope = installation();
    scope.post(`${ROUTE}/issues/comments/${COMMENT}/reactions`, capture(reactions)).reply(201, { id: 2, content: 'rocket' });
    await app.receive('issue_comment', fixture('issue_comment', 'created'));
    await app.idle();
    expect(reactions).toEqual([{ content: 'eyes' }, { content: 'rocket' }]);
    const lines = replies[0]!.body.split('\n');
    expect(lines.slice(0, 4)).toEqual(['#### netpol-review explain', '', '**At head:**', '<code>shop/Deployment/cart</code> → <code>prod/Deployment/db</code> on TCP/5432: **allowed** on TCP/5432']);
    expect(replies[0]!.body).toContain('**At base (before this pull request):**');
    expect(replies[0]!.body).toContain(`https://github.com/acme/shop/blob/${HEAD}/deploy/prod/allow-shop.yaml#L13`);
  });

  it.each([
    ['who-can-reach prod/db 5432', '#### What can reach <code>prod/Deployment/db</code>'],
    ['where-can shop/cart go', '#### Where <code>shop/Deployment/cart</code> can go'],
    ['matrix prod', '#### Reachability of namespace <code>prod</code> at head'],
  ])('%s: the head only; the answer', async (command, title) => {
    const app = await testApp();
    const { scope, reactions, replies } = expectCommand(WRITE, queryReads(false));
    scope.post(`${ROUTE}/issues/comments/${COMMENT}/reactions`, capture(reactions)).reply(201, { id: 2 });
    await app.receive('issue_comment', commented(`/netpol ${command}`));
    await app.idle();
    expect(replies[0]!.body.split('\n')[0]).toBe(title);
    expect(reactions.map((r) => r.content)).toEqual(['eyes', 'rocket']);
  });

  it('an unknown id: the closest ids suggested, escaped', async () => {
    const app = await testApp();
    const { scope, replies } = expectCommand(WRITE, queryReads(false));
    scope.post(`${ROUTE}/issues/comments/${COMMENT}/reactions`).reply(201, { id: 2 });
    await app.receive('issue_comment', commented('/netpol where-can prod/dbb go'));
    await app.idle();
    expect(replies[0]!.body).toBe('No workload or external endpoint <code>prod/dbb</code> at head. Did you mean <code>prod/Deployment/db</code>? Ids look like `namespace/Kind/name`, `namespace/name` or `ip:<address>`.');
  });

  it('help, and an unknown command (escaped: no markdown injected) answer with the commands', async () => {
    const app = await testApp();
    const { scope, replies } = expectCommand(WRITE);
    scope.post(`${ROUTE}/issues/comments/${COMMENT}/reactions`).reply(201, { id: 2 });
    await app.receive('issue_comment', commented('/netpol frobnicate <img src=x> **@everyone**'));
    await app.idle();
    expect(replies[0]!.body.split('\n')[0]).toBe('<code>/netpol frobnicate &#60;img src=x&#62; &#42;&#42;@\u200beveryone&#42;&#42;</code> is not a command netpol-review knows.');
    expect(replies[0]!.body).toContain('| <code>/netpol explain &#60;from&#62; &#60;to&#62; &#60;port&#62;&#91;/&#60;protocol&#62;&#93;</code> |');
  });

  it('recheck: the review runs again through the queue (check run and comment)', async () => {
    const app = await testApp();
    const { scope, reactions } = expectCommand(WRITE);
    nock.removeInterceptor({ hostname: 'api.github.com', path: `${ROUTE}/issues/7/comments`, method: 'POST', proto: 'https' });
    scope.get(`${ROUTE}/pulls/7`).times(3).reply(200, pullRequest(BASE, HEAD));
    nock(new URL('https://api.github.com').origin).get('/app').reply(200, { slug: 'netpol-review' });
    const checks: unknown[] = [];
    scope.post(`${ROUTE}/check-runs`, capture(checks)).reply(201, { id: 5001 });
    expectConfig(scope, BASE);
    scope.get(`${ROUTE}/pulls/7/files`).query({ per_page: '100' }).reply(200, [{ filename: 'deploy/prod/allow-shop.yaml', status: 'added' }]);
    expectTrees(scope, { base: BASE, head: HEAD }, SNAP);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`).reply(201, { id: 9001, node_id: 'IC_9001', html_url: 'x', body: '' });
    scope.patch(`${ROUTE}/check-runs/5001`, capture(checks)).reply(200, { id: 5001 });
    scope.post(`${ROUTE}/issues/comments/${COMMENT}/reactions`, capture(reactions)).reply(201, { id: 2 });
    await app.receive('issue_comment', commented('/netpol recheck'));
    await app.idle();
    expect(checks).toHaveLength(2);
    expect(reactions.map((r) => r.content)).toEqual(['eyes', 'rocket']);
  });

  it.each([
    [{ permission: 'read', role_name: 'triage' }, 'triage'],
    [{ permission: 'read', role_name: 'read' }, 'read'],
  ])('permission below write (%o): a polite reply, nothing run, no 🚀', async (permission, role) => {
    const app = await testApp();
    const { reactions, replies } = expectCommand(permission);
    await app.receive('issue_comment', commented('/netpol matrix prod'));
    await app.idle();
    expect(replies).toEqual([{ body: `Sorry, \`/netpol\` commands can be run by people with write permission on this repository, and yours is ${role}. Nothing was run; someone with write access can run it for you.` }]);
    expect(reactions).toEqual([{ content: 'eyes' }]);
  });

  it('a failure: a reply saying what went wrong, and 😕', async () => {
    const app = await testApp();
    const { scope, reactions, replies } = expectCommand(WRITE, (s) => s.get(`${ROUTE}/pulls/7`).reply(500, { message: 'Internal Server Error' }));
    scope.post(`${ROUTE}/issues/comments/${COMMENT}/reactions`, capture(reactions)).reply(201, { id: 2 });
    await app.receive('issue_comment', commented('/netpol matrix prod'));
    await app.idle();
    expect(replies[0]!.body).toBe('netpol-review could not answer this command: GitHub API call GET /repos/&#123;owner&#125;/&#123;repo&#125;/pulls/&#123;pull&#95;number&#125; failed: HTTP 500 &#40;Internal Server Error&#41;.');
    expect(reactions.map((r) => r.content)).toEqual(['eyes', 'confused']);
  });

  it('on an issue: 👀 and a one-line answer', async () => {
    const app = await testApp();
    expectInstallationToken();
    const scope = installation();
    const replies: { body: string }[] = [];
    scope.post(`${ROUTE}/issues/comments/${COMMENT}/reactions`).reply(201, { id: 1 });
    scope.post(`${ROUTE}/issues/7/comments`, capture(replies)).reply(201, { id: 9100 });
    await app.receive('issue_comment', commented('/netpol help', (p) => delete p['issue'].pull_request));
    await app.idle();
    expect(replies).toEqual([{ body: 'netpol-review commands work on pull requests only: this is an issue, so there is nothing to review.' }]);
  });

  it('a comment by a bot: ignored without a call', async () => {
    const app = await testApp();
    await app.receive('issue_comment', commented('/netpol help', (p) => (p['comment'].user = { login: 'renovate[bot]', id: 2, type: 'Bot' })));
    await app.idle();
    expect(app.logs).toContain('comment 2400100200 on #7: ignored (renovate[bot] is a bot: comments by bots run no commands)');
  });

  it('an edited comment: ignored without a call', async () => {
    const app = await testApp();
    await app.receive('issue_comment', fixture('issue_comment', 'edited'));
    await app.idle();
    expect(app.logs).toContain('comment 2400100200 on #7: ignored (the comment was edited: only new comments run commands)');
  });

  it('a comment that is no command: ignored without a call', async () => {
    const app = await testApp();
    await app.receive('issue_comment', commented('Looks good. /netpol help'));
    await app.idle();
    expect(app.logs).toContain('comment 2400100200 on #7: ignored (the comment is no /netpol command)');
  });
});
