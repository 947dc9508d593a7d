import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  GitHubApiError,
  createActionOctokit,
  directoriesOf,
  findStickyComments,
  learnOwnLogin,
  listPullRequestFiles,
  minimizeOutdated,
  readFileAt,
  readTree,
  stampHead,
  upsertStickyComment,
} from '../../src/github/index.js';
import { GitSnapshot } from '../support/git-objects.js';
import { API, REPO, ROUTE, memoryLog, testClient, useNock } from './nock-github.js';

const MARKER = '<!-- netpol-review -->';

useNock();

describe('listPullRequestFiles', () => {
  it('follows Link headers through every page', async () => {
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ filename: `f${from + i}.yaml`, status: 'added' }));
    nock(API)
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100' })
      .reply(200, page(0, 100), { link: `<${API}${ROUTE}/pulls/3/files?per_page=100&page=2>; rel="next", <${API}${ROUTE}/pulls/3/files?per_page=100&page=3>; rel="last"` })
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100', page: '2' })
      .reply(200, page(100, 100), { link: `<${API}${ROUTE}/pulls/3/files?per_page=100&page=3>; rel="next"` })
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100', page: '3' })
      .reply(200, [{ filename: 'new.yaml', previous_filename: 'old.yaml', status: 'renamed' }]);
    const { files, complete } = await listPullRequestFiles(testClient(), REPO, 3, 201);
    expect(files).toHaveLength(201);
    expect(files[150]).toEqual({ path: 'f150.yaml', status: 'added' });
    expect(files[200]).toEqual({ path: 'new.yaml', previousPath: 'old.yaml', status: 'renamed' });
    expect(complete).toBe(true);
  });

  it('does not trust a list shorter than the changed_files count', async () => {
    nock(API).get(`${ROUTE}/pulls/3/files`).query({ per_page: '100' }).reply(200, [{ filename: 'a.yaml', status: 'added' }]);
    expect((await listPullRequestFiles(testClient(), REPO, 3, 4000)).complete).toBe(false);
  });
});

describe('readTree', () => {
  const snapshot = new GitSnapshot({
    'deploy/prod/db.yaml': 'a: 1\n',
    'deploy/prod/deep/x.yaml': 'b: 1\n',
    'deploy/readme.md': '# no\n',
    'docs/big/1.yaml': 'c: 1\n',
    'top.yaml': 'd: 1\n',
  });
  const entries = (sha: string) => snapshot.trees.get(sha)!;
  const child = (sha: string, name: string) => entries(sha).find((e) => e.path === name)!.sha;
  const deploy = child(snapshot.root, 'deploy');
  const prod = child(deploy, 'prod');

  it('walks only the subtrees that can hold selected files when GitHub truncates the listing', async () => {
    const scope = nock(API)
      .get(`${ROUTE}/git/trees/c0ffee`)
      .query({ recursive: '1' })
      .reply(200, { sha: snapshot.root, tree: snapshot.listRecursive(snapshot.root).slice(0, 2), truncated: true })
      .get(`${ROUTE}/git/trees/c0ffee`)
      .reply(200, { sha: snapshot.root, tree: entries(snapshot.root), truncated: false })
      // deploy/ is too big for one listing too; deploy/prod is not.
      .get(`${ROUTE}/git/trees/${deploy}`)
      .query({ recursive: '1' })
      .reply(200, { sha: deploy, tree: [], truncated: true })
      .get(`${ROUTE}/git/trees/${deploy}`)
      .reply(200, { sha: deploy, tree: entries(deploy), truncated: false })
      .get(`${ROUTE}/git/trees/${prod}`)
      .query({ recursive: '1' })
      .reply(200, { sha: prod, tree: snapshot.listRecursive(prod), truncated: false });
    const wants = (p: string) => p.startsWith('deploy/') && p.endsWith('.yaml');
    const { files, notes } = await readTree(testClient(), REPO, 'c0ffee', { wants, mayHold: directoriesOf(['deploy/**/*.yaml']) });
    expect(files.map((f) => f.path)).toEqual(['deploy/prod/db.yaml', 'deploy/prod/deep/x.yaml']);
    expect(files[0]).toEqual({ path: 'deploy/prod/db.yaml', sha: snapshot.listRecursive(snapshot.root).find((e) => e.path === 'deploy/prod/db.yaml')!.sha, size: 5 });
    expect(notes).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('notes symbolic links instead of following them', async () => {
    const linked = new GitSnapshot({ 'a.yaml': 'x: 1\n' }, { symlinks: { 'b.yaml': 'a.yaml' } });
    nock(API).get(`${ROUTE}/git/trees/c0ffee`).query({ recursive: '1' }).reply(200, { sha: linked.root, tree: linked.listRecursive(linked.root), truncated: false });
    const { files, notes } = await readTree(testClient(), REPO, 'c0ffee', { wants: () => true, mayHold: () => true });
    expect(files.map((f) => f.path)).toEqual(['a.yaml']);
    expect(notes).toEqual([{ path: 'b.yaml', message: 'symbolic link not followed' }]);
  });

  it('knows which directories can hold matches of a pattern', () => {
    const may = directoriesOf(['deploy/**/*.yaml', 'k8s/base/app.yaml']);
    expect(['deploy', 'deploy/prod', 'k8s', 'k8s/base', 'docs', 'k8s/overlays'].map(may)).toEqual([true, true, true, true, false, false]);
    expect(directoriesOf(['**/*.yaml'])('any/where')).toBe(true);
  });
});

describe('readFileAt', () => {
  const contents = `${ROUTE}/contents/.github%2Fnetpol-review.yml`;
  it('reads a file at a commit, nothing when it is missing, and a file over 1 MB as its blob', async () => {
    nock(API)
      .get(contents)
      .query({ ref: 'base' })
      .reply(200, { type: 'file', encoding: 'base64', content: Buffer.from('comment:\n  maxRows: 5\n').toString('base64'), sha: 'abc' })
      .get(contents)
      .query({ ref: 'none' })
      .reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content', status: '404' })
      .get(contents)
      .query({ ref: 'big' })
      .reply(200, { type: 'file', encoding: 'none', content: '', sha: 'b1g' })
      .get(`${ROUTE}/git/blobs/b1g`)
      .reply(200, { sha: 'b1g', encoding: 'base64', content: Buffer.from('big: true\n').toString('base64') });
    const read = (ref: string) => readFileAt(testClient(), REPO, ref, '.github/netpol-review.yml');
    expect(await read('base')).toBe('comment:\n  maxRows: 5\n');
    expect(await read('none')).toBeUndefined();
    expect(await read('big')).toBe('big: true\n');
  });
});

describe('GitHubApiError', () => {
  it('tells a read-only token from a rate limit', () => {
    expect(new GitHubApiError('POST /x', 403, 'Resource not accessible by integration').isPermissionDenied).toBe(true);
    expect(new GitHubApiError('GraphQL minimizeComment', 200, 'FORBIDDEN: Resource not accessible by integration').isPermissionDenied).toBe(true);
    expect(new GitHubApiError('GET /x', 403, 'API rate limit exceeded for installation ID 1.').isPermissionDenied).toBe(false);
    expect(new GitHubApiError('GET /x', 0, 'connect ECONNREFUSED').message).toBe('GitHub API call GET /x failed: no answer (connect ECONNREFUSED)');
  });
});

describe('sticky comment', () => {
  const comment = (id: number, body: string, login: string, type = 'Bot') => ({ id, node_id: `IC_${id}`, html_url: `https://github.com/acme/shop/pull/7#issuecomment-${id}`, body, user: { login, type } });

  it('learns its login from GraphQL viewer and adds the [bot] suffix REST shows', async () => {
    nock(API).post('/graphql', (b: { query: string }) => b.query.includes('viewer')).reply(200, { data: { viewer: { login: 'github-actions', __typename: 'Bot' } } });
    expect(await learnOwnLogin(testClient())).toBe('github-actions[bot]');
    nock(API).post('/graphql').reply(200, { data: { viewer: { login: 'octocat', __typename: 'User' } } });
    expect(await learnOwnLogin(testClient())).toBe('octocat');
  });

  it('talks to GitHub Enterprise Server: REST under /api/v3, GraphQL at /api/graphql unless GITHUB_GRAPHQL_URL says otherwise', async () => {
    const ghes = (graphqlUrl?: string) =>
      createActionOctokit({ token: 't', apiUrl: 'https://ghe.example/api/v3', ...(graphqlUrl ? { graphqlUrl } : {}), log: { info: () => {}, warning: () => {} }, retry: false, throttle: false });
    nock('https://ghe.example')
      .post('/api/graphql')
      .reply(200, { data: { viewer: { login: 'github-actions', __typename: 'Bot' } } })
      .post('/custom/graphql')
      .reply(200, { data: { viewer: { login: 'github-actions', __typename: 'Bot' } } })
      .get('/api/v3/repos/acme/shop/pulls/3/files')
      .query({ per_page: '100' })
      .reply(200, []);
    expect(await learnOwnLogin(ghes())).toBe('github-actions[bot]');
    expect(await learnOwnLogin(ghes('https://ghe.example/custom/graphql'))).toBe('github-actions[bot]');
    expect((await listPullRequestFiles(ghes(), REPO, 3)).files).toEqual([]);
  });

  it('finds its own comments by marker and login, oldest first, with the recorded head', async () => {
    nock(API)
      .get(`${ROUTE}/issues/7/comments`)
      .query({ per_page: '100' })
      .reply(200, [
        comment(1, 'LGTM', 'octocat', 'User'),
        comment(2, `${MARKER}\n<!-- head: ${'a'.repeat(40)} -->\nfirst`, 'github-actions[bot]'),
        comment(3, `${MARKER}\nsomeone quoting the marker`, 'other-bot[bot]'),
        comment(4, `${MARKER}\nrace`, 'github-actions[bot]'),
      ]);
    const found = await findStickyComments(testClient(), REPO, 7, { marker: MARKER, login: 'github-actions[bot]' });
    expect(found.map((c) => [c.id, c.headSha])).toEqual([
      [2, 'a'.repeat(40)],
      [4, undefined],
    ]);
  });

  it('creates, updates in place, and minimizes duplicates as OUTDATED', async () => {
    const body = stampHead(`${MARKER}\n### review`, MARKER, 'b'.repeat(40));
    expect(body).toBe(`${MARKER}\n<!-- head: ${'b'.repeat(40)} -->\n### review`);
    nock(API)
      .post(`${ROUTE}/issues/7/comments`, { body })
      .reply(201, comment(10, body, 'github-actions[bot]'))
      .patch(`${ROUTE}/issues/comments/10`, { body })
      .reply(200, comment(10, body, 'github-actions[bot]'))
      .post('/graphql', (b: { query: string; variables: { id: string } }) => b.query.includes('minimizeComment(input: { subjectId: $id, classifier: OUTDATED })') && b.variables.id === 'IC_11')
      .reply(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
    expect(await upsertStickyComment(testClient(), REPO, 7, body, undefined)).toEqual({ id: 10, url: 'https://github.com/acme/shop/pull/7#issuecomment-10', created: true });
    const existing = { id: 10, nodeId: 'IC_10', url: '', body: '' };
    expect(await upsertStickyComment(testClient(), REPO, 7, body, existing)).toEqual({ id: 10, url: 'https://github.com/acme/shop/pull/7#issuecomment-10', created: false });
    await minimizeOutdated(testClient(), [{ id: 11, nodeId: 'IC_11', url: '', body: '' }]);
  });
});

describe('retries', () => {
  it('retries 5xx answers', async () => {
    nock(API)
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100' })
      .reply(502, { message: 'Server Error' })
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100' })
      .reply(503, { message: 'Service Unavailable' })
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100' })
      .reply(200, [{ filename: 'a.yaml', status: 'added' }]);
    const { files } = await listPullRequestFiles(testClient({ retry: true }), REPO, 3);
    expect(files).toEqual([{ path: 'a.yaml', status: 'added' }]);
  });

  it('waits out a primary rate limit and retries', async () => {
    const reset = String(Math.floor(Date.now() / 1000) - 10);
    nock(API)
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100' })
      .reply(403, { message: 'API rate limit exceeded for installation ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset })
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100' })
      .reply(200, [{ filename: 'a.yaml', status: 'added' }]);
    const { files } = await listPullRequestFiles(testClient({ retry: true, throttle: true }), REPO, 3);
    expect(files).toHaveLength(1);
  });

  it('fails at once, with the reason, rather than wait an hour for a primary limit to reset', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    nock(API)
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100' })
      .reply(403, { message: 'API rate limit exceeded for installation ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
    const log = memoryLog();
    const failure = await listPullRequestFiles(testClient({ retry: true, throttle: true, log }), REPO, 3).catch((e: unknown) => e);
    expect((failure as GitHubApiError).message).toBe('GitHub API call GET /repos/{owner}/{repo}/pulls/{pull_number}/files failed: HTTP 403 (API rate limit exceeded for installation ID 1.)');
    expect((failure as GitHubApiError).isPermissionDenied).toBe(false);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^warning: GitHub primary rate limit on GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/files: giving up: it resets in 36\d\d s$/);
  });

  it('waits out a secondary rate limit and retries', async () => {
    nock(API)
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100' })
      .reply(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' })
      .get(`${ROUTE}/pulls/3/files`)
      .query({ per_page: '100' })
      .reply(200, [{ filename: 'a.yaml', status: 'added' }]);
    const { files } = await listPullRequestFiles(testClient({ retry: true, throttle: true }), REPO, 3);
    expect(files).toHaveLength(1);
  });

  it('gives up after the retries with one error naming the call and status', async () => {
    const scope = nock(API);
    for (let i = 0; i < 3; i++) scope.get(`${ROUTE}/pulls/3`).reply(500, { message: 'Internal Server Error' });
    const { getPullRequest } = await import('../../src/github/index.js');
    await expect(getPullRequest(testClient({ retry: true }), REPO, 3)).rejects.toThrow('GitHub API call GET /repos/{owner}/{repo}/pulls/{pull_number} failed: HTTP 500 (Internal Server Error)');
  });
});
