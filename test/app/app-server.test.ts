/**
 * End to end, as it is deployed: the built Probot server (`lib/app/start.js`, what `npm run app` runs) as
 * a child process, configured by its environment for a GitHub Enterprise Server (`GHE_HOST`,
 * `GHE_PROTOCOL`: REST under `/api/v3`), that the loopback fake answers. Signed webhook deliveries go to
 * its HTTP port; the review lands as GitHub would see it: a check run and the sticky comment.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub, INSTALLATION_TOKEN } from '../support/fake-github.js';
import { shopTrees } from '../support/fixture-trees.js';
import { BINARY, SHOP_DIRS, shopTree } from '../render/fixture.js';
import { fixture } from './probot-harness.js';
import { captured, secret, secretKey } from '../support/secrets.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = secret('e2e-webhook-secret-value');
const KEY = secretKey(generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey);
const OPENED = fixture('pull_request', 'opened');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the Probot server, run as deployed, against a loopback GitHub Enterprise Server', () => {
  const github = new FakeGitHub({
    owner: 'acme',
    repo: 'shop',
    restPrefix: '/api/v3',
    graphqlPath: '/api/graphql',
    app: { id: 104729, slug: 'netpol-review' },
    viewer: { login: 'netpol-review', bot: true },
    collaborators: { octocat: 'write' },
    // Of the 50 pull requests of the load test, #100's review is slow and #101's fails.
    delays: [{ call: /^GET \/api\/v3\/repos\/acme\/shop\/pulls\/100\/files/, ms: 5_000 }],
    faults: [{ call: /^GET \/api\/v3\/repos\/acme\/shop\/pulls\/101\/files/, status: 500, message: 'Server Error' }],
  });
  let server: ChildProcess;
  let output = '';
  let url = '';

  beforeAll(async () => {
    // What `npm run app` does first (and `npm ci` through `prepare`): build lib/ from the sources.
    execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], { cwd: ROOT });
    const trees = shopTrees();
    github.commit(trees.base, OPENED.pull_request.base.sha);
    github.commit(trees.opened, OPENED.pull_request.head.sha);
    github.pulls.set(7, { number: 7, base: OPENED.pull_request.base.sha, head: OPENED.pull_request.head.sha, state: 'open' });
    const fake = new URL(await github.start());
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['lib/app/start.js'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', APP_ID: '104729', PRIVATE_KEY: KEY, WEBHOOK_SECRET: SECRET, GHE_HOST: fake.host, GHE_PROTOCOL: 'http', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (source: string) => (d: Buffer) => {
      captured(source, d.toString());
      output += d.toString();
    };
    server.stdout!.on('data', keep("the App server's stdout"));
    server.stderr!.on('data', keep("the App server's stderr"));
    await until('GET /ping', async () => {
      try {
        const r = await fetch(`${url}/ping`);
        return r.ok ? true : undefined;
      } catch {
        return undefined;
      }
    });
  }, 120_000);

  afterAll(async () => {
    server?.kill();
    await github.stop();
  });

  const deliver = (event: string, payload: unknown, signature?: string) => {
    const body = JSON.stringify(payload);
    return fetch(`${url}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        ...(signature === '' ? {} : { 'x-hub-signature-256': signature ?? `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` }),
      },
      body,
    });
  };

  it('deliveries with a wrong signature, or none, are refused before any API call', async () => {
    expect((await deliver('pull_request', OPENED, `sha256=${'0'.repeat(64)}`)).status).toBe(400);
    expect((await deliver('pull_request', OPENED, '')).status).toBe(400);
    expect(github.calls).toEqual([]);
  });

  it('pull_request opened: acknowledged at once, then a completed check run on the head and the sticky comment', async () => {
    const started = Date.now();
    const response = await deliver('pull_request', OPENED);
    const acknowledged = Date.now() - started;
    expect(response.status).toBeLessThan(300);
    expect(acknowledged).toBeLessThan(9_000);
    const run = await until('the completed check run', () => github.checkRuns.find((r) => r.status === 'completed'));
    expect(run).toMatchObject({ name: 'netpol-review', head_sha: OPENED.pull_request.head.sha, conclusion: 'success' });
    expect(run.output!.title).toBe('Medium risk: 1 path opened, 0 closed');
    const comment = await until('the comment', () => github.comments[0]);
    expect(comment.body.split('\n').slice(0, 3)).toEqual(['<!-- netpol-review -->', `<!-- head: ${OPENED.pull_request.head.sha} -->`, '### 🟠 netpol-review: medium risk · 1 path opened, 0 paths closed']);
    expect(comment.user.login).toBe('netpol-review[bot]');
    // Every call went to the Enterprise Server's REST prefix (or its GraphQL endpoint).
    expect(github.calls.filter((c) => !c.path.startsWith('/api/v3/') && c.path !== '/api/graphql')).toEqual([]);
    expect(github.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toContain('POST /api/v3/app/installations/4242/access_tokens');
  });

  it('a slash command in a pull request comment: 👀, the answer from head and base, 🚀', async () => {
    const created = fixture('issue_comment', 'created');
    const response = await deliver('issue_comment', created);
    expect(response.status).toBeLessThan(300);
    const reply = await until('the answer', () => github.comments.find((c) => c.body.startsWith('#### netpol-review explain')));
    expect(reply.body.split('\n').slice(0, 4)).toEqual(['#### netpol-review explain', '', '**At head:**', '<code>shop/Deployment/cart</code> → <code>prod/Deployment/db</code> on TCP/5432: **allowed** on TCP/5432']);
    expect(reply.body).toContain('**At base (before this pull request):**');
    await until('🚀', () => (github.reactions.includes(`${created.comment.id}:rocket`) ? true : undefined));
    expect(github.reactions.filter((r) => r.startsWith(`${created.comment.id}:`))).toEqual([`${created.comment.id}:eyes`, `${created.comment.id}:rocket`]);
    expect(github.calls.map((c) => `${c.method} ${c.path}`)).toContain('GET /api/v3/repos/acme/shop/collaborators/octocat/permission');
  });

  it('a burst of 20 pushes to one pull request: one review, of the newest head', async () => {
    const trees = shopTrees();
    const heads = Array.from({ length: 20 }, (_, i) => github.commit({ ...trees.opened, [`deploy/shop/extra-${i}.yaml`]: `# push ${i}\n` }));
    github.pulls.set(300, { number: 300, base: OPENED.pull_request.base.sha, head: heads.at(-1)!, state: 'open' });
    const sync = fixture('pull_request', 'synchronize');
    const responses = await Promise.all(heads.map((head) => deliver('pull_request', { ...sync, number: 300, pull_request: { ...sync.pull_request, number: 300, head: { ...sync.pull_request.head, sha: head } } })));
    expect(responses.map((r) => r.status < 300)).toEqual(heads.map(() => true));
    const comment = await until('the comment on #300', () => github.comments.find((c) => github.commentIssue.get(c.id) === 300));
    await until('every check run completed', () => (github.checkRuns.every((r) => r.status === 'completed') ? true : undefined));
    expect(comment.body.split('\n')[1]).toBe(`<!-- head: ${heads.at(-1)} -->`);
    expect(github.checkRuns.filter((r) => heads.includes(r.head_sha)).map((r) => r.head_sha)).toEqual([heads.at(-1)]);
    expect(github.comments.filter((c) => github.commentIssue.get(c.id) === 300)).toHaveLength(1);
  }, 60_000);

  it.skipIf(!BINARY)('a Kustomize root whose component the PR switches on: rendered by the door, the closed paths named at their source files', async () => {
    const files = async (side: 'base' | 'head') => Object.fromEntries((await shopTree(side, ...SHOP_DIRS)).map((f) => [f.path, f.text]));
    const base = github.commit(await files('base'));
    const head = github.commit(await files('head'));
    github.pulls.set(400, { number: 400, base, head, state: 'open' });
    const response = await deliver('pull_request', { ...OPENED, number: 400, pull_request: { ...OPENED.pull_request, number: 400, base: { ...OPENED.pull_request.base, sha: base }, head: { ...OPENED.pull_request.head, sha: head } } });
    expect(response.status).toBeLessThan(300);
    const comment = await until('the comment on #400', () => github.comments.find((c) => github.commentIssue.get(c.id) === 400));
    expect(comment.body.split('\n')[2]).toBe('### 🟡 netpol-review: low risk · 0 paths opened, 12 paths closed');
    expect(comment.body).toContain('the destination is now isolated for ingress by <code>shop/prod-default-deny</code>');
    expect(comment.body).toContain('components/network-policies/allow.yaml');
  }, 60_000);

  it('load: 50 concurrent deliveries for 50 pull requests (one review slow, one failing), each acknowledged within 1 s; the server stays responsive and under 512 MiB', async () => {
    // Completing them all is paced by Probot's Octokit throttling (GitHub's secondary-rate-limit advice:
    // about one write a second and one comment every three seconds per process), so 50 reviews take minutes
    // by design; that every one completes, none dropped, is tested in process in app-load.test.ts.
    const numbers = Array.from({ length: 50 }, (_, i) => 100 + i);
    for (const number of numbers) github.pulls.set(number, { number, base: OPENED.pull_request.base.sha, head: OPENED.pull_request.head.sha, state: 'open' });
    const payload = (number: number) => ({ ...OPENED, number, pull_request: { ...OPENED.pull_request, number } });
    const answers = await Promise.all(
      numbers.map(async (number) => {
        const started = Date.now();
        const response = await deliver('pull_request', payload(number));
        return { status: response.status, ms: Date.now() - started };
      }),
    );
    expect(answers.filter((a) => a.status >= 300)).toEqual([]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1_000);
    // While the reviews queue and run, the health check still answers at once.
    await until('the first of the 50 reviews', () => github.comments.find((c) => (github.commentIssue.get(c.id) ?? 0) >= 100));
    const ping = Date.now();
    expect((await fetch(`${url}/ping`)).status).toBe(200);
    expect(Date.now() - ping).toBeLessThan(1_000);
    // Peak resident memory of the server process, as the kernel counts it.
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) * 1024;
    expect(peak).toBeLessThan(512 * 1024 * 1024);
  }, 60_000);

  it('never logs the webhook secret, the private key or the installation token', () => {
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(KEY.split('\n')[1]!);
    expect(output).not.toContain(INSTALLATION_TOKEN);
    expect(output.length).toBeGreaterThan(0);
  });
});
