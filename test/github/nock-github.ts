/** Nock expectations for the GitHub API, built from fixture snapshots with real git shas. */
import nock from 'nock';
import { afterEach, beforeAll, expect } from 'vitest';
import { createActionOctokit } from '../../src/github/index.js';
import type { GitSnapshot } from '../support/git-objects.js';
import { captured, secret } from '../support/secrets.js';

export const API = 'https://api.github.com';

/** No real network in the file's tests, and every test ends with no expectation left unmet. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
}
export const REPO = { owner: 'acme', repo: 'shop' };
export const ROUTE = `/repos/${REPO.owner}/${REPO.repo}`;


/** A log that keeps its lines. */
export function memoryLog(): { lines: string[]; info(m: string): void; warning(m: string): void } {
  const lines: string[] = [];
  const push = (line: string) => {
    captured('a door log (memoryLog)', line);
    lines.push(line);
  };
  return { lines, info: (m) => push(`info: ${m}`), warning: (m) => push(`warning: ${m}`) };
}

/** The Action's client, with retries and throttling off unless asked for. */
export function testClient(options: { retry?: boolean; throttle?: boolean; log?: ReturnType<typeof memoryLog> } = {}) {
  return createActionOctokit({
    token: secret('test-token'),
    apiUrl: API,
    log: options.log ?? memoryLog(),
    retry: options.retry ? { retries: 2, retryAfterBaseValue: 1 } : false,
    throttle: options.throttle ? { retries: 2, retryAfterBaseValue: 1 } : false,
  });
}

/** Expects a recursive tree listing of `snapshot` at `sha` (a commit). */
export function expectTree(scope: nock.Scope, sha: string, snapshot: GitSnapshot): nock.Scope {
  return scope.get(`${ROUTE}/git/trees/${sha}`).query({ recursive: '1' }).reply(200, { sha: snapshot.root, tree: snapshot.listRecursive(snapshot.root), truncated: false });
}

/** Expects one fetch of each blob of `shas` (in any order); counts them in `fetched`. */
export function expectBlobs(scope: nock.Scope, snapshot: GitSnapshot, shas: Iterable<string>, fetched: string[] = []): string[] {
  for (const sha of shas) {
    const text = snapshot.blobs.get(sha)!;
    scope.get(`${ROUTE}/git/blobs/${sha}`).reply(200, () => {
      fetched.push(sha);
      return { sha, size: Buffer.byteLength(text), encoding: 'base64', content: Buffer.from(text).toString('base64') };
    });
  }
  return fetched;
}

/** The pull request as `pulls.get` answers it. */
export const pullRequest = (number: number, base: string, head: string, changedFiles = 1) => ({ number, state: 'open', base: { sha: base }, head: { sha: head }, changed_files: changedFiles });
