/**
 * Load on the App, in process against the loopback GitHub (Octokit's throttling off, so that 50
 * reviews complete in seconds; the deployed server's acknowledgements, memory and throttled pace are
 * measured in app-server.test.ts): 50 concurrent deliveries for 50 pull requests, one of them slow and
 * one failing, complete every review and drop none, and neither holds up the others.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { Probot } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetpolApp } from '../../src/app/netpol-app.js';
import { FakeGitHub } from '../support/fake-github.js';
import { shopTrees } from '../support/fixture-trees.js';
import { captured } from '../support/secrets.js';
import { APP_ID, KEYS, UnthrottledOctokit, fixture } from './probot-harness.js';

const OPENED = fixture('pull_request', 'opened');
const NUMBERS = Array.from({ length: 50 }, (_, i) => 100 + i);
const SLOW = 100;
const FAILING = 101;

describe('50 concurrent pull requests, one slow and one failing', () => {
  const github = new FakeGitHub({
    owner: 'acme',
    repo: 'shop',
    graphqlPath: '/graphql',
    app: { id: APP_ID, slug: 'netpol-review' },
    viewer: { login: 'netpol-review', bot: true },
    delays: [{ call: new RegExp(`^GET /repos/acme/shop/pulls/${SLOW}/files`), ms: 4_000 }],
    faults: [{ call: new RegExp(`^GET /repos/acme/shop/pulls/${FAILING}/files`), status: 500, message: 'Server Error' }],
  });
  const netpol = createNetpolApp({ settleMs: 0, concurrency: 4 });
  let probot: Probot;

  beforeAll(async () => {
    const trees = shopTrees();
    github.commit(trees.base, OPENED.pull_request.base.sha);
    github.commit(trees.opened, OPENED.pull_request.head.sha);
    for (const number of NUMBERS) github.pulls.set(number, { number, base: OPENED.pull_request.base.sha, head: OPENED.pull_request.head.sha, state: 'open' });
    const url = await github.start();
    const log = pino({ level: 'info' }, { write: (line: string) => captured('a Probot log line', line) });
    probot = new Probot({ appId: APP_ID, privateKey: KEYS.privateKey, baseUrl: url, log, Octokit: UnthrottledOctokit });
    await probot.load(netpol.app);
  });

  afterAll(async () => {
    await github.stop();
  });

  it('every delivery is handed over before the slow review ends; every review completes: 49 comments, 50 completed check runs, the failing one saying why', async () => {
    const payload = (number: number) => ({ ...OPENED, number, pull_request: { ...OPENED.pull_request, number } });
    await Promise.all(NUMBERS.map((number) => probot.receive({ id: randomUUID(), name: 'pull_request', payload: payload(number) } as Parameters<Probot['receive']>[0])));
    // Handing over all 50 waited for no review: the slow one has not even listed its files yet.
    expect(github.calls.filter((c) => c.path.startsWith(`/repos/acme/shop/pulls/${SLOW}/files`))).toEqual([]);
    await netpol.idle();

    const commented = [...new Set(github.comments.map((c) => github.commentIssue.get(c.id)))].sort();
    expect(commented).toEqual(NUMBERS.filter((n) => n !== FAILING));
    expect(github.comments.every((c) => c.body.split('\n')[2] === '### 🟠 netpol-review: medium risk · 1 path opened, 0 paths closed')).toBe(true);
    // One check run per pull request, all completed: the same head sha, so counted by conclusion.
    expect(github.checkRuns).toHaveLength(50);
    expect(github.checkRuns.every((r) => r.status === 'completed')).toBe(true);
    const conclusions = github.checkRuns.map((r) => r.conclusion);
    expect(conclusions.filter((c) => c === 'failure')).toHaveLength(1);
    expect(conclusions.filter((c) => c === 'success')).toHaveLength(49);
    const failed = github.checkRuns.find((r) => r.conclusion === 'failure')!;
    expect(failed.output!.summary).toContain('GitHub API call GET /repos/{owner}/{repo}/pulls/{pull_number}/files failed: HTTP 500 (Server Error)');
  }, 60_000);
});
