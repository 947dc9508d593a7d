import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { expect, it } from 'vitest';
import { type GitHubClient, getPullRequest, learnOwnLogin } from '../../src/github/index.js';
import { API, REPO, ROUTE, pullRequest, useNock } from './nock-github.js';
import { secret } from '../support/secrets.js';

useNock();

it("takes a Probot octokit as it is (the App's context.octokit)", async () => {
  const octokit = new ProbotOctokit({ auth: { token: secret('ghs_app') }, request: { fetch: globalThis.fetch }, retry: { enabled: false }, throttle: { enabled: false } });
  const client: GitHubClient = octokit;
  nock(API)
    .get(`${ROUTE}/pulls/7`)
    .reply(200, pullRequest(7, 'a'.repeat(40), 'b'.repeat(40)))
    .post('/graphql')
    .reply(200, { data: { viewer: { login: 'netpol-review', __typename: 'Bot' } } });
  expect((await getPullRequest(client, REPO, 7)).headSha).toBe('b'.repeat(40));
  expect(await learnOwnLogin(client)).toBe('netpol-review[bot]');
});
