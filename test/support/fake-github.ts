import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitSnapshot, blobSha, commitSha } from './git-objects.js';
import { captured, secret } from './secrets.js';

/** The installation token the fake App hands out. */
export const INSTALLATION_TOKEN = secret('ghs_fake_installation_token');

/**
 * A loopback GitHub for end-to-end tests of the Action (and the App): REST and GraphQL answered from
 * fixture trees with real git shas, GitHub's error bodies (404 on unknown routes, 401 without a
 * token, 403 for a read-only token), pagination by `Link` headers, and a log of every call.
 */

export interface FakeComment {
  id: number;
  node_id: string;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  html_url: string;
  minimized: boolean;
}

export interface LoggedCall {
  method: string;
  /** Path and query, as sent. */
  path: string;
  status: number;
  /** Parsed JSON body of writes and GraphQL requests. */
  body?: unknown;
}

export interface FakePullRequest {
  number: number;
  base: string;
  head: string;
  state: 'open' | 'closed';
}

export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  /** Path of GraphQL (GitHub Enterprise Server: `/api/graphql`). */
  graphqlPath?: string;
  /** Our login as GraphQL `viewer` names it, and whether it is a bot (REST adds `[bot]`). */
  viewer?: { login: string; bot: boolean };
  /** Answer writes with 403, as for a read-only token. */
  readOnly?: boolean;
  /** Recursive tree listings longer than this are truncated, as GitHub does beyond its limits. */
  maxTreeEntries?: number;
  /** REST under this prefix (GitHub Enterprise Server: `/api/v3`); default none. */
  restPrefix?: string;
  /** Answer as GitHub does to a GitHub App: the JWT's `GET /app` and the installation token exchange. */
  app?: { id: number; slug: string };
  /** Repository roles by login (`GET …/collaborators/{user}/permission`); someone not listed is not a collaborator (404). */
  collaborators?: Record<string, string>;
  /** Calls (`METHOD /path?query`) matching `call` are answered with this status and GitHub's error body. */
  faults?: { call: RegExp; status: number; message: string }[];
  /** Calls matching `call` are answered only after `ms` milliseconds (a slow GitHub). */
  delays?: { call: RegExp; ms: number }[];
}

const errorBody = (message: string, status: number, documentation = 'https://docs.github.com/rest') => ({ message, documentation_url: documentation, status: String(status) });

/** A check run as created and updated (the last update merged in). */
export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status?: string;
  conclusion?: string;
  output?: { title: string; summary: string; annotations?: unknown[] };
}

export class FakeGitHub {
  readonly calls: LoggedCall[] = [];
  readonly comments: FakeComment[] = [];
  readonly checkRuns: FakeCheckRun[] = [];
  /** Reactions added to comments, as `commentId:content`. */
  readonly reactions: string[] = [];
  /** The pull request each comment is on. */
  readonly commentIssue = new Map<number, number>();
  readonly commits = new Map<string, GitSnapshot>();
  readonly pulls = new Map<number, FakePullRequest>();
  private nextCommentId = 1_000;
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  constructor(readonly options: FakeGitHubOptions) {}

  /** Adds a commit with these files (under `sha`, e.g. one a payload fixture names); returns its sha. */
  commit(files: Readonly<Record<string, string>>, sha?: string): string {
    const snapshot = new GitSnapshot(files);
    sha ??= commitSha(snapshot, `commit ${this.commits.size}`);
    this.commits.set(sha, snapshot);
    return sha;
  }

  /** Adds a comment as someone (another bot, a user, or ourselves). */
  addComment(body: string, user: FakeComment['user'], number = [...this.pulls.keys()][0]!): FakeComment {
    const id = this.nextCommentId++;
    const comment = { id, node_id: `IC_${id}`, body, user, html_url: `https://github.test/${this.options.owner}/${this.options.repo}/pull/${number}#issuecomment-${id}`, minimized: false };
    this.comments.push(comment);
    this.commentIssue.set(id, number);
    return comment;
  }

  get graphqlPath(): string {
    return this.options.graphqlPath ?? '/graphql';
  }

  /** REST login of the viewer (`name[bot]` for bots). */
  get ownLogin(): string {
    const viewer = this.options.viewer ?? { login: 'github-actions', bot: true };
    return viewer.bot ? `${viewer.login}[bot]` : viewer.login;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  /** The calls as `METHOD path` lines (query strings kept). */
  callLines(): string[] {
    return this.calls.map((c) => `${c.method} ${c.path} → ${c.status}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    captured('an API request body (loopback fake)', text);
    const body: unknown = text ? JSON.parse(text) : undefined;
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ method, path, status, ...(body !== undefined ? { body } : {}) });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(data));
    };
    if (!/^(token|bearer) \S+/i.test(req.headers.authorization ?? '')) {
      send(401, errorBody('Requires authentication', 401));
      return;
    }
    const delay = this.options.delays?.find((d) => d.call.test(`${method} ${path}`));
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    const fault = this.options.faults?.find((f) => f.call.test(`${method} ${path}`));
    if (fault) {
      send(fault.status, errorBody(fault.message, fault.status));
      return;
    }
    const url = new URL(path, this.url);
    if (method === 'POST' && url.pathname === this.graphqlPath) {
      send(200, this.graphql(body as { query: string; variables?: Record<string, unknown> }));
      return;
    }
    const rest = this.options.restPrefix ?? '';
    const app = this.options.app;
    if (app && method === 'GET' && url.pathname === `${rest}/app`) {
      send(200, { id: app.id, slug: app.slug, name: app.slug });
      return;
    }
    if (app && method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(url.pathname.slice(rest.length))) {
      send(201, { token: INSTALLATION_TOKEN, expires_at: '2099-01-01T00:00:00Z', permissions: { checks: 'write', contents: 'read', issues: 'write', metadata: 'read', pull_requests: 'write' } });
      return;
    }
    const prefix = `${rest}/repos/${this.options.owner}/${this.options.repo}`;
    if (!url.pathname.startsWith(`${prefix}/`)) {
      send(404, errorBody('Not Found', 404));
      return;
    }
    const route = `${method} ${url.pathname.slice(prefix.length)}`;
    const answer = this.rest(route, url, body);
    if (!answer) send(404, errorBody('Not Found', 404));
    else send(answer.status, answer.data, answer.headers);
  }

  private page<T>(items: T[], url: URL): { status: number; data: T[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => {
      const next = new URL(url);
      next.searchParams.set('page', String(p));
      return `<${next.href}>; rel="${rel}"`;
    };
    const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
    return { status: 200, data: items.slice((page - 1) * perPage, page * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
  }

  private tree(sha: string): { snapshot: GitSnapshot; tree: string } | undefined {
    const commit = this.commits.get(sha);
    if (commit) return { snapshot: commit, tree: commit.root };
    for (const snapshot of this.commits.values()) if (snapshot.trees.has(sha)) return { snapshot, tree: sha };
    return undefined;
  }

  private rest(route: string, url: URL, body: unknown): { status: number; data: unknown; headers?: Record<string, string> } | undefined {
    const readOnly = () => ({ status: 403, data: errorBody('Resource not accessible by integration', 403, 'https://docs.github.com/rest/issues/comments') });
    let m: RegExpExecArray | null;
    if ((m = /^GET \/pulls\/(\d+)$/.exec(route))) {
      const pr = this.pulls.get(Number(m[1]));
      if (!pr) return undefined;
      return { status: 200, data: { number: pr.number, state: pr.state, base: { sha: pr.base }, head: { sha: pr.head }, changed_files: this.changedFiles(pr).length } };
    }
    if ((m = /^GET \/pulls\/(\d+)\/files$/.exec(route))) {
      const pr = this.pulls.get(Number(m[1]));
      return pr ? this.page(this.changedFiles(pr), url) : undefined;
    }
    if ((m = /^GET \/git\/trees\/([0-9a-f]{40})$/.exec(route))) {
      const found = this.tree(m[1]!);
      if (!found) return undefined;
      const recursive = url.searchParams.has('recursive');
      let entries = recursive ? found.snapshot.listRecursive(found.tree) : found.snapshot.trees.get(found.tree)!;
      const max = this.options.maxTreeEntries ?? Number.POSITIVE_INFINITY;
      const truncated = recursive && entries.length > max;
      if (truncated) entries = entries.slice(0, max);
      return { status: 200, data: { sha: found.tree, tree: entries, truncated } };
    }
    if ((m = /^GET \/git\/blobs\/([0-9a-f]{40})$/.exec(route))) {
      for (const snapshot of this.commits.values()) {
        const text = snapshot.blobs.get(m[1]!);
        if (text !== undefined) return { status: 200, data: { sha: m[1], size: Buffer.byteLength(text), encoding: 'base64', content: Buffer.from(text).toString('base64') } };
      }
      return undefined;
    }
    if ((m = /^GET \/contents\/(.+)$/.exec(route))) {
      const snapshot = this.commits.get(url.searchParams.get('ref') ?? '');
      const path = decodeURIComponent(m[1]!);
      const text = snapshot?.files[path];
      if (text === undefined) return undefined;
      return { status: 200, data: { type: 'file', path, encoding: 'base64', content: Buffer.from(text).toString('base64'), size: Buffer.byteLength(text) } };
    }
    if ((m = /^GET \/issues\/(\d+)\/comments$/.exec(route))) {
      const number = Number(m[1]);
      return this.pulls.has(number) ? this.page(this.comments.filter((c) => this.commentIssue.get(c.id) === number).map(({ minimized: _m, ...c }) => c), url) : undefined;
    }
    if ((m = /^POST \/issues\/(\d+)\/comments$/.exec(route))) {
      if (!this.pulls.has(Number(m[1]))) return undefined;
      if (this.options.readOnly) return readOnly();
      const { minimized: _m, ...c } = this.addComment((body as { body: string }).body, { login: this.ownLogin, type: 'Bot' }, Number(m[1]));
      return { status: 201, data: c };
    }
    if ((m = /^GET \/collaborators\/([^/]+)\/permission$/.exec(route))) {
      const role = this.options.collaborators?.[decodeURIComponent(m[1]!)];
      return role === undefined ? undefined : { status: 200, data: { permission: role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role, role_name: role } };
    }
    if ((m = /^POST \/issues\/comments\/(\d+)\/reactions$/.exec(route))) {
      this.reactions.push(`${m[1]}:${(body as { content: string }).content}`);
      return { status: 201, data: { id: this.reactions.length, content: (body as { content: string }).content } };
    }
    if (route === 'POST /check-runs') {
      if (this.options.readOnly) return readOnly();
      const run = { id: 5_000 + this.checkRuns.length, ...(body as Omit<FakeCheckRun, 'id'>) };
      this.checkRuns.push(run);
      return { status: 201, data: { ...run, html_url: `https://github.test/${this.options.owner}/${this.options.repo}/runs/${run.id}` } };
    }
    if ((m = /^PATCH \/check-runs\/(\d+)$/.exec(route))) {
      const run = this.checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return undefined;
      Object.assign(run, body);
      return { status: 200, data: run };
    }
    if ((m = /^PATCH \/issues\/comments\/(\d+)$/.exec(route))) {
      const comment = this.comments.find((c) => c.id === Number(m![1]));
      if (!comment) return undefined;
      if (this.options.readOnly) return readOnly();
      comment.body = (body as { body: string }).body;
      const { minimized: _m, ...c } = comment;
      return { status: 200, data: c };
    }
    return undefined;
  }

  private changedFiles(pr: FakePullRequest): { filename: string; status: string; sha: string }[] {
    const base = this.commits.get(pr.base)!.files;
    const head = this.commits.get(pr.head)!.files;
    const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
    return paths.flatMap((filename) => {
      if (base[filename] === head[filename]) return [];
      const status = base[filename] === undefined ? 'added' : head[filename] === undefined ? 'removed' : 'modified';
      return [{ filename, status, sha: status === 'removed' ? '' : blobSha(head[filename]!) }];
    });
  }

  private graphql(request: { query: string; variables?: Record<string, unknown> }): unknown {
    const viewer = this.options.viewer ?? { login: 'github-actions', bot: true };
    if (/\bviewer\b/.test(request.query)) return { data: { viewer: { login: viewer.login, __typename: viewer.bot ? 'Bot' : 'User' } } };
    if (/\bminimizeComment\b/.test(request.query)) {
      const comment = this.comments.find((c) => c.node_id === request.variables?.['id']);
      if (!comment) return { data: { minimizeComment: null }, errors: [{ type: 'NOT_FOUND', message: `Could not resolve to a node with the global id of '${String(request.variables?.['id'])}'` }] };
      if (this.options.readOnly) return { data: { minimizeComment: null }, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] };
      comment.minimized = true;
      return { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } };
    }
    return { errors: [{ message: 'the fake GitHub does not answer this query' }] };
  }
}
