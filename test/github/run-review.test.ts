import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { GitHubApiError, type ReviewRunOptions, commentNoteOf, runPullRequestReview } from '../../src/github/index.js';
import { shopTrees } from '../support/fixture-trees.js';
import { GitSnapshot } from '../support/git-objects.js';
import { API, REPO, ROUTE, expectBlobs, expectTree, memoryLog, pullRequest, testClient, useNock } from './nock-github.js';

const BASE = '1'.repeat(40);
const HEAD = '2'.repeat(40);
const CONFIG = '.github/netpol-review.yml';
const target = { repository: REPO, number: 7, baseSha: BASE, headSha: HEAD };

function options(overrides: Partial<ReviewRunOptions> = {}): ReviewRunOptions & { log: ReturnType<typeof memoryLog> } {
  return { configFile: CONFIG, overrides: {}, fullReport: 'the job summary', report: { bytes: 900_000, elsewhere: 'the JSON file of the report output' }, log: memoryLog(), ownLogin: 'github-actions[bot]', ...overrides } as ReviewRunOptions & {
    log: ReturnType<typeof memoryLog>;
  };
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
const configReply = (scope: nock.Scope, sha: string, text: string | undefined) =>
  text === undefined
    ? scope.get(`${ROUTE}/contents/.github%2Fnetpol-review.yml`).query({ ref: sha }).reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' })
    : scope.get(`${ROUTE}/contents/.github%2Fnetpol-review.yml`).query({ ref: sha }).reply(200, { type: 'file', encoding: 'base64', content: base64(text) });
const filesReply = (scope: nock.Scope, files: { filename: string; status?: string }[]) =>
  scope.get(`${ROUTE}/pulls/7/files`).query({ per_page: '100' }).reply(200, files.map((f) => ({ status: 'modified', ...f })));

/** Expects the reads of a review of the `opened` head (config absent): file list, both trees, every manifest blob once. */
function expectOpenedReads(scope: nock.Scope): void {
  const trees = shopTrees();
  const baseTree = new GitSnapshot(trees.base);
  const headTree = new GitSnapshot(trees.opened);
  configReply(scope, BASE, undefined);
  filesReply(scope, [{ filename: 'deploy/prod/allow-shop.yaml', status: 'added' }]);
  expectTree(scope, BASE, baseTree);
  expectTree(scope, HEAD, headTree);
  expectBlobs(scope, headTree, headTree.listRecursive(headTree.root).filter((e) => e.type === 'blob' && e.path.startsWith('deploy/')).map((e) => e.sha));
}

useNock();

describe('runPullRequestReview', () => {
  it('fetches each unique blob once: one file changed in a repository of 1,000 manifests costs 1,001 blob requests, not 2,000', async () => {
    const manifests: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) manifests[`deploy/cm-${String(i).padStart(4, '0')}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: prod\ndata:\n  n: "${i}"\n`;
    const head = { ...manifests, 'deploy/cm-0000.yaml': manifests['deploy/cm-0000.yaml']!.replace('n: "0"', 'n: "changed"') };
    const baseTree = new GitSnapshot(manifests);
    const headTree = new GitSnapshot(head);
    const scope = nock(API);
    configReply(scope, BASE, undefined);
    filesReply(scope, [{ filename: 'deploy/cm-0000.yaml' }]);
    expectTree(scope, BASE, baseTree);
    expectTree(scope, HEAD, headTree);
    const fetched: string[] = [];
    expectBlobs(scope, baseTree, baseTree.blobs.keys(), fetched);
    const changed = [...headTree.blobs.keys()].filter((sha) => !baseTree.blobs.has(sha));
    expect(changed).toHaveLength(1);
    expectBlobs(scope, headTree, changed, fetched);
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(7, BASE, HEAD));
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    const run = await runPullRequestReview(testClient(), target, options({ blobConcurrency: 16 }));
    expect(fetched).toHaveLength(1001);
    expect(new Set(fetched).size).toBe(1001);
    expect(run.kind === 'reviewed' && run.blobsFetched).toBe(1001);
    // ConfigMaps change nothing: no comment is created under on-change.
    expect(run.comment).toEqual({ kind: 'not-needed', reason: 'nothing changes and there is no earlier comment to update (comment: on-change)' });
  });

  it('skips with one log line when no selected manifest, context file or config changed (and reads no tree)', async () => {
    const scope = nock(API);
    configReply(scope, BASE, undefined);
    filesReply(scope, [{ filename: 'docs/README.md' }, { filename: 'src/app.ts' }, { filename: '.github/workflows/ci.yml' }]);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    const o = options();
    const run = await runPullRequestReview(testClient(), target, o);
    expect(run.kind).toBe('skipped');
    expect(o.log.lines).toEqual(['info: none of the 3 changed files is a selected manifest, context file or the config: nothing to review']);
  });

  it('still skips, with a warning, when the earlier comments cannot be listed', async () => {
    const scope = nock(API);
    configReply(scope, BASE, undefined);
    filesReply(scope, [{ filename: 'docs/README.md' }]);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(500, { message: 'Internal Server Error' });
    const o = options();
    expect((await runPullRequestReview(testClient(), target, o)).kind).toBe('skipped');
    expect(o.log.lines).toEqual([
      'warning: GitHub API call GET /repos/{owner}/{repo}/issues/{issue_number}/comments failed: HTTP 500 (Internal Server Error); an earlier comment, if any, is left as it is',
      'info: none of the 1 changed files is a selected manifest, context file or the config: nothing to review',
    ]);
  });

  it('skips a draft pull request after reading only the config (drafts: skip, the default)', async () => {
    const scope = nock(API);
    configReply(scope, BASE, undefined);
    const o = options();
    const run = await runPullRequestReview(testClient(), { ...target, draft: true }, o);
    expect(run).toMatchObject({ kind: 'skipped', reason: 'the pull request is a draft (drafts: skip in the config)' });
    expect(o.log.lines).toEqual(['info: the pull request is a draft (drafts: skip in the config): nothing to review until it is ready']);
  });

  it('reviews anyway when nothing relevant changed but the earlier comment describes an older head', async () => {
    const trees = shopTrees();
    const baseTree = new GitSnapshot(trees.base);
    const scope = nock(API);
    configReply(scope, BASE, trees.base[CONFIG]);
    filesReply(scope, [{ filename: 'docs/README.md' }]);
    const old = { id: 5, node_id: 'IC_5', html_url: 'https://github.com/acme/shop/pull/7#issuecomment-5', body: `<!-- netpol-review -->\n<!-- head: ${'9'.repeat(40)} -->\nold`, user: { login: 'github-actions[bot]', type: 'Bot' } };
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, [old]);
    expectTree(scope, BASE, baseTree);
    expectTree(scope, HEAD, baseTree);
    expectBlobs(scope, baseTree, baseTree.listRecursive(baseTree.root).filter((e) => e.type === 'blob' && e.path.startsWith('deploy/')).map((e) => e.sha));
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(7, BASE, HEAD));
    let body = '';
    scope.patch(`${ROUTE}/issues/comments/5`, (b: { body: string }) => ((body = b.body), true)).reply(200, { ...old, body: 'new' });
    const run = await runPullRequestReview(testClient(), target, options());
    expect(run.kind).toBe('reviewed');
    expect(run.comment).toEqual({ kind: 'posted', url: old.html_url, created: false, minimized: 0 });
    expect(body).toContain(`<!-- head: ${HEAD} -->`);
    expect(body).toContain('### 🟢 netpol-review: no change in reachability');
  });

  it('reads the config from the base commit, never the head', async () => {
    const trees = shopTrees();
    const baseTree = new GitSnapshot(trees.base);
    // The head's own config would weaken the review; it is never asked for (nock answers only ref=BASE).
    const headTree = new GitSnapshot({ ...trees.opened, [CONFIG]: 'defaultNamespace: shop\ncomment:\n  maxRows: 1\n' });
    const scope = nock(API);
    configReply(scope, BASE, 'defaultNamespace: prod\n');
    filesReply(scope, [{ filename: 'deploy/prod/allow-shop.yaml', status: 'added' }, { filename: CONFIG }]);
    expectTree(scope, BASE, baseTree);
    expectTree(scope, HEAD, headTree);
    const manifests = (t: GitSnapshot) => t.listRecursive(t.root).filter((e) => e.type === 'blob' && e.path.startsWith('deploy/')).map((e) => e.sha);
    expectBlobs(scope, headTree, new Set([...manifests(baseTree), ...manifests(headTree)]));
    const run = await runPullRequestReview(testClient(), target, options({ overrides: { comment: { mode: 'never' } } }));
    if (run.kind !== 'reviewed') throw new Error('expected a review');
    expect(run.settings.defaultNamespace).toBe('prod');
    expect(run.settings.comment.maxRows).toBe(30);
    expect(run.outcome.risk).toBe('medium');
    expect(run.comment).toEqual({ kind: 'not-needed', reason: 'comments are off (comment: never)' });
  });

  it('compares the trees when GitHub caps the file list (3,000 files)', async () => {
    const trees = shopTrees();
    const baseTree = new GitSnapshot(trees.base);
    const scope = nock(API);
    configReply(scope, BASE, undefined);
    // 30 pages of 100 unrelated files, the first 3,000 of 3,500: the manifests may hide beyond.
    for (let page = 1; page <= 30; page++) {
      const files = Array.from({ length: 100 }, (_, i) => ({ filename: `assets/${page}-${i}.png`, status: 'added' }));
      const next: Record<string, string> = page < 30 ? { link: `<${API}${ROUTE}/pulls/7/files?per_page=100&page=${page + 1}>; rel="next"` } : {};
      scope.get(`${ROUTE}/pulls/7/files`).query(page === 1 ? { per_page: '100' } : { per_page: '100', page: String(page) }).reply(200, files, next);
    }
    expectTree(scope, BASE, baseTree);
    expectTree(scope, HEAD, baseTree);
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    const o = options();
    const run = await runPullRequestReview(testClient(), { ...target, changedFiles: 3500 }, o);
    expect(run).toMatchObject({ kind: 'skipped', reason: 'the selected manifests are the same at base and head' });
    expect(o.log.lines[0]).toBe('info: GitHub lists only the first 3000 changed files: comparing the trees instead');
  });

  it('does not post when the head moved on while it ran', async () => {
    const scope = nock(API);
    expectOpenedReads(scope);
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(7, BASE, '3'.repeat(40)));
    const run = await runPullRequestReview(testClient(), target, options());
    expect(run.comment).toEqual({ kind: 'head-moved', headSha: '3'.repeat(40) });
  });

  it('reports a read-only token (403 on the comment) as such, without failing', async () => {
    const scope = nock(API);
    expectOpenedReads(scope);
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(7, BASE, HEAD));
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`).reply(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment', status: '403' });
    const run = await runPullRequestReview(testClient(), target, options());
    expect(run.kind).toBe('reviewed');
    expect(run.comment.kind).toBe('read-only');
    expect(run.comment.kind === 'read-only' && run.comment.message).toMatch(
      /^GitHub API call POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments failed: HTTP 403 \(Resource not accessible by integration\): the token cannot write comments here/,
    );
  });

  it('turns a failed read into one GitHubApiError naming the call and the status', async () => {
    const scope = nock(API);
    configReply(scope, BASE, undefined);
    filesReply(scope, [{ filename: 'deploy/prod/db.yaml' }]);
    scope.get(`${ROUTE}/git/trees/${BASE}`).query({ recursive: '1' }).reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    scope.get(`${ROUTE}/git/trees/${HEAD}`).query({ recursive: '1' }).reply(200, { sha: HEAD, tree: [], truncated: false });
    // The pull request still names both commits: the error stands, saying which commits were read.
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(7, BASE, HEAD));
    const failure = await runPullRequestReview(testClient(), target, options()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GitHubApiError);
    expect((failure as Error).message).toBe('GitHub API call GET /repos/{owner}/{repo}/git/trees/{tree_sha} failed: HTTP 404 (Not Found; reading base 111111111111 and head 222222222222, which the pull request still names)');
  });

  it('a head force-pushed away while it ran (404 on its tree): skipped, saying so, no comment and no error', async () => {
    const scope = nock(API);
    configReply(scope, BASE, undefined);
    filesReply(scope, [{ filename: 'deploy/prod/db.yaml' }]);
    expectTree(scope, BASE, new GitSnapshot(shopTrees().base));
    scope.get(`${ROUTE}/git/trees/${HEAD}`).query({ recursive: '1' }).reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(7, BASE, '3'.repeat(40)));
    const o = options();
    const run = await runPullRequestReview(testClient(), target, o);
    const reason = 'the head moved on to 333333333333 (a push or a force-push) while this ran: GitHub API call GET /repos/{owner}/{repo}/git/trees/{tree_sha} failed: HTTP 404 (Not Found); nothing reviewed for head 222222222222';
    expect(run).toMatchObject({ kind: 'skipped', reason, comment: { kind: 'not-needed', reason } });
    expect(o.log.lines).toEqual([`warning: ${reason}`]);
  });

  it('a base branch deleted and the pull request closed while it ran (422 on a commit): skipped, saying so', async () => {
    const scope = nock(API);
    configReply(scope, BASE, undefined);
    filesReply(scope, [{ filename: 'deploy/prod/db.yaml' }]);
    scope.get(`${ROUTE}/git/trees/${BASE}`).query({ recursive: '1' }).reply(422, { message: 'No commit found for SHA: 1111111111111111111111111111111111111111', documentation_url: 'https://docs.github.com/rest', status: '422' });
    expectTree(scope, HEAD, new GitSnapshot(shopTrees().opened));
    scope.get(`${ROUTE}/pulls/7`).reply(200, { ...pullRequest(7, BASE, HEAD), state: 'closed' });
    const run = await runPullRequestReview(testClient(), target, options());
    expect(run.kind === 'skipped' && run.reason).toBe(
      'the pull request was closed while this ran: GitHub API call GET /repos/{owner}/{repo}/git/trees/{tree_sha} failed: HTTP 422 (No commit found for SHA: 1111111111111111111111111111111111111111); nothing reviewed for head 222222222222',
    );
  });

  it('does not post on a pull request closed while it ran', async () => {
    const scope = nock(API);
    expectOpenedReads(scope);
    scope.get(`${ROUTE}/pulls/7`).reply(200, { ...pullRequest(7, BASE, HEAD), state: 'closed' });
    const run = await runPullRequestReview(testClient(), target, options());
    expect(run.kind).toBe('reviewed');
    expect(run.comment).toEqual({ kind: 'not-needed', reason: 'the pull request was closed while this ran' });
  });

  it('a comment body GitHub rejects (422) ends in a comment outcome that says so, the review kept', async () => {
    const scope = nock(API);
    expectOpenedReads(scope);
    scope.get(`${ROUTE}/pulls/7`).reply(200, pullRequest(7, BASE, HEAD));
    scope.get(`${ROUTE}/issues/7/comments`).query({ per_page: '100' }).reply(200, []);
    scope.post(`${ROUTE}/issues/7/comments`).reply(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }], status: '422' });
    const run = await runPullRequestReview(testClient(), target, options());
    expect(run.kind).toBe('reviewed');
    expect(run.comment).toEqual({ kind: 'failed', message: 'GitHub API call POST /repos/{owner}/{repo}/issues/{issue_number}/comments failed: HTTP 422 (Validation Failed: body is too long (maximum is 65536 characters))' });
    expect(commentNoteOf(run.comment)).toBe('The review comment could not be posted: GitHub API call POST /repos/{owner}/{repo}/issues/{issue_number}/comments failed: HTTP 422 (Validation Failed: body is too long (maximum is 65536 characters)).');
  });

  it('notes blobs over the size limit instead of fetching them', async () => {
    const trees = shopTrees();
    const baseTree = new GitSnapshot(trees.base);
    const headTree = new GitSnapshot(trees.opened);
    const scope = nock(API);
    configReply(scope, BASE, undefined);
    filesReply(scope, [{ filename: 'deploy/prod/allow-shop.yaml', status: 'added' }]);
    expectTree(scope, BASE, baseTree);
    const listing = headTree.listRecursive(headTree.root).map((e) => (e.path === 'deploy/prod/allow-shop.yaml' ? { ...e, size: 40 * 1024 * 1024 } : e));
    scope.get(`${ROUTE}/git/trees/${HEAD}`).query({ recursive: '1' }).reply(200, { sha: headTree.root, tree: listing, truncated: false });
    expectBlobs(scope, baseTree, baseTree.listRecursive(baseTree.root).filter((e) => e.type === 'blob' && e.path.startsWith('deploy/')).map((e) => e.sha));
    const run = await runPullRequestReview(testClient(), target, options({ overrides: { comment: { mode: 'never' }, failOnIncomplete: true } }));
    if (run.kind !== 'reviewed') throw new Error('expected a review');
    expect(run.outcome.result.diagnostics).toContainEqual({ side: 'head', file: 'deploy/prod/allow-shop.yaml', line: 1, severity: 'error', message: 'file skipped: 41943040 bytes exceeds the limit of 33554432' });
    expect(run.outcome.incomplete).toBe(true);
    expect(run.outcome.gate).toEqual({ fail: true, reasons: ['part of the input could not be analysed: 1 problem(s) (fail-on-incomplete)'] });
  });

  it('takes the size limit from the config at the base (limits.maxFileBytes)', async () => {
    const trees = shopTrees();
    const baseTree = new GitSnapshot(trees.base);
    const headTree = new GitSnapshot(trees.opened);
    const scope = nock(API);
    configReply(scope, BASE, 'limits:\n  maxFileBytes: 100000\n');
    filesReply(scope, [{ filename: 'deploy/prod/allow-shop.yaml', status: 'added' }]);
    expectTree(scope, BASE, baseTree);
    const listing = headTree.listRecursive(headTree.root).map((e) => (e.path === 'deploy/prod/allow-shop.yaml' ? { ...e, size: 100_001 } : e));
    scope.get(`${ROUTE}/git/trees/${HEAD}`).query({ recursive: '1' }).reply(200, { sha: headTree.root, tree: listing, truncated: false });
    expectBlobs(scope, baseTree, baseTree.listRecursive(baseTree.root).filter((e) => e.type === 'blob' && e.path.startsWith('deploy/')).map((e) => e.sha));
    const run = await runPullRequestReview(testClient(), target, options({ overrides: { comment: { mode: 'never' } } }));
    if (run.kind !== 'reviewed') throw new Error('expected a review');
    expect(run.outcome.result.unanalysed).toEqual([{ side: 'head', file: 'deploy/prod/allow-shop.yaml', line: 1, severity: 'error', message: 'file skipped: 100001 bytes exceeds the limit of 100000' }]);
  });

  it('fetches no blob past limits.maxFiles (from the config at the base) and names every file it left out, per side', async () => {
    const trees = shopTrees();
    const baseTree = new GitSnapshot(trees.base);
    const headTree = new GitSnapshot(trees.opened);
    const scope = nock(API);
    configReply(scope, BASE, 'limits:\n  maxFiles: 3\n');
    filesReply(scope, [{ filename: 'deploy/prod/allow-shop.yaml', status: 'added' }]);
    expectTree(scope, BASE, baseTree);
    expectTree(scope, HEAD, headTree);
    const blobOf = (tree: GitSnapshot, path: string) => tree.listRecursive(tree.root).find((e) => e.path === path)!.sha;
    // In path order the head keeps namespaces.yaml, prod/allow-shop.yaml and prod/db.yaml; the base, namespaces.yaml, prod/db.yaml and prod/policies.yaml.
    const fetched = expectBlobs(scope, headTree, [blobOf(headTree, 'deploy/namespaces.yaml'), blobOf(headTree, 'deploy/prod/allow-shop.yaml'), blobOf(headTree, 'deploy/prod/db.yaml'), blobOf(baseTree, 'deploy/prod/policies.yaml')]);
    const run = await runPullRequestReview(testClient(), target, options({ overrides: { comment: { mode: 'never' } } }));
    if (run.kind !== 'reviewed') throw new Error('expected a review');
    expect(fetched).toHaveLength(4);
    const skipped = (side: 'base' | 'head', files: number, file: string) => ({ side, file, line: 1, severity: 'error', message: `file skipped: the tree has ${files} files, more than limits.maxFiles (3)` });
    expect(run.outcome.result.diagnostics.filter((d) => d.message.includes('maxFiles'))).toEqual([
      skipped('head', 5, 'deploy/prod/policies.yaml'),
      skipped('base', 4, 'deploy/shop/cart.yaml'),
      skipped('head', 5, 'deploy/shop/cart.yaml'),
    ]);
    expect(run.outcome.incomplete).toBe(true);
  });
});
