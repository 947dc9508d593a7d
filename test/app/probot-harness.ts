/** A Probot with the netpol-review app loaded, for nock tests: retries and throttling off, logs kept. */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { type NetpolAppOptions, createNetpolApp } from '../../src/app/netpol-app.js';
import { API, ROUTE, expectBlobs, expectTree } from '../github/nock-github.js';
import type { GitSnapshot } from '../support/git-objects.js';
import { captured, secret, secretKey } from '../support/secrets.js';

export const APP_ID = 104729;
export const INSTALLATION = 4242;
export const TOKEN = secret('ghs_installation_token');
export const OWN_LOGIN = 'netpol-review[bot]';

/** A test key pair, made once per test file. */
const pair = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
export const KEYS = { ...pair, privateKey: secretKey(pair.privateKey) };

/**
 * Probot's Octokit with retries and throttling off. An object given to `defaults` would not do: Probot
 * passes throttle options of its own, which replace it whole (and leave throttling on, pacing writes
 * one a second); a function sees the final options and turns both off.
 */
export const UnthrottledOctokit: typeof ProbotOctokit = ProbotOctokit.defaults((options: Record<string, any>) => ({ ...options, retry: { enabled: false }, throttle: { ...options['throttle'], enabled: false } }));

export type Fixture = Record<string, any>;
/** A webhook payload fixture, `test/fixtures/<event>/<action>.json`, parsed (a fresh copy each time). */
export const fixture = (event: string, action: string): Fixture => JSON.parse(readFileSync(new URL(`../fixtures/${event}/${action}.json`, import.meta.url), 'utf8'));

export interface TestApp {
  probot: Probot;
  /** Log messages, in order. */
  logs: string[];
  receive(name: string, payload: Fixture, id?: string): Promise<void>;
  idle(): Promise<void>;
}

export async function testApp(options: NetpolAppOptions = {}): Promise<TestApp> {
  const logs: string[] = [];
  const log = pino({ level: 'info' }, {
    write: (line: string) => {
      captured('a Probot log line', line);
      logs.push(String(JSON.parse(line).msg));
    },
  });
  const netpol = createNetpolApp({ settleMs: 0, ...options });
  const probot = new Probot({ appId: APP_ID, privateKey: KEYS.privateKey, log, Octokit: UnthrottledOctokit });
  await probot.load(netpol.app);
  return {
    probot,
    logs,
    receive: (name, payload, id = randomUUID()) => probot.receive({ id, name, payload } as Parameters<Probot['receive']>[0]),
    idle: () => netpol.idle(),
  };
}

/** The installation token exchange (JWT → token) Probot makes before the first call of an event. */
export function expectInstallationToken(): nock.Scope {
  return nock(API, { reqheaders: { authorization: (v) => /^bearer [\w-]+\.[\w-]+\.[\w-]+$/i.test(v) } })
    .post(`/app/installations/${INSTALLATION}/access_tokens`)
    .reply(201, { token: TOKEN, expires_at: '2099-01-01T00:00:00Z', permissions: { checks: 'write', contents: 'read', issues: 'write', metadata: 'read', pull_requests: 'write' }, repository_selection: 'all' });
}

/** `GET /app` with the App's JWT: how the App learns its login. */
export function expectOwnApp(): nock.Scope {
  return nock(API, { reqheaders: { authorization: (v) => /^bearer /i.test(v) } }).get('/app').reply(200, { id: APP_ID, slug: 'netpol-review', name: 'netpol-review' });
}

/** Calls made with the installation token. */
export const installation = (): nock.Scope => nock(API, { reqheaders: { authorization: `token ${TOKEN}` } });

/** The pull request as `pulls.get` answers it. */
export const pullRequest = (base: string, head: string, more: Record<string, unknown> = {}) => ({ number: 7, state: 'open', draft: false, changed_files: 1, base: { sha: base }, head: { sha: head }, ...more });

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** The config file at `sha`, absent (404) when `text` is undefined. */
export function expectConfig(scope: nock.Scope, sha: string, text?: string): nock.Scope {
  const route = scope.get(`${ROUTE}/contents/.github%2Fnetpol-review.yml`).query({ ref: sha });
  return text === undefined ? route.reply(404, { message: 'Not Found', status: '404' }) : route.reply(200, { type: 'file', encoding: 'base64', content: base64(text) });
}

const manifestBlobs = (tree: GitSnapshot) => tree.listRecursive(tree.root).filter((e) => e.type === 'blob' && e.path.startsWith('deploy/')).map((e) => e.sha);

/** Both trees listed and the manifest blobs read once each (those of `base` only when `withBase`). */
export function expectTrees(scope: nock.Scope, shas: { base: string; head: string }, trees: { base: GitSnapshot; head: GitSnapshot }, withBase = true): void {
  expectTree(scope, shas.base, trees.base);
  expectTree(scope, shas.head, trees.head);
  const wanted = new Set([...(withBase ? manifestBlobs(trees.base) : []), ...manifestBlobs(trees.head)]);
  expectBlobs(scope, trees.head, [...wanted].filter((sha) => trees.head.blobs.has(sha)));
  expectBlobs(scope, trees.base, [...wanted].filter((sha) => !trees.head.blobs.has(sha)));
}

/** Records the JSON body of a matched request into `into` and matches. */
export const capture =
  <T>(into: T[]) =>
  (body: T): boolean => {
    into.push(body);
    return true;
  };
