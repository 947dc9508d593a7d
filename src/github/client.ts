/**
 * The part of an Octokit client the GitHub plumbing uses. Structural, so both the Action's client
 * (`@actions/github`'s `getOctokit`) and a Probot `context.octokit` fit.
 */
export interface GitHubResponse {
  status: number;
  headers: Readonly<Record<string, string | number | undefined>>;
  data: unknown;
}

export interface GitHubClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<GitHubResponse>;
  graphql<T = unknown>(query: string, parameters?: Record<string, unknown>): Promise<T>;
}

/** A repository, as the REST routes name it. */
export interface Repository {
  owner: string;
  repo: string;
}

/** Where log lines go: `@actions/core` in the Action, the Probot logger in the App. */
export interface Log {
  info(message: string): void;
  warning(message: string): void;
}

/** A GitHub API call that failed, with the call and the status named. */
export class GitHubApiError extends Error {
  constructor(
    /** The call, e.g. `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`. */
    readonly call: string,
    /** HTTP status; 0 when no answer came (network error). */
    readonly status: number,
    readonly detail: string,
  ) {
    super(`GitHub API call ${call} failed: ${status === 0 ? 'no answer' : `HTTP ${status}`}${detail ? ` (${detail})` : ''}`);
    this.name = 'GitHubApiError';
  }

  /** The token may not do this: a read-only token (pull requests from forks) or a missing permission; not a rate limit. */
  get isPermissionDenied(): boolean {
    return (this.status === 403 || /not accessible by integration|FORBIDDEN/i.test(this.detail)) && !/rate limit/i.test(this.detail);
  }
}

function describe(error: unknown): { status: number; detail: string } {
  if (typeof error !== 'object' || error === null) return { status: 0, detail: String(error) };
  const e = error as { status?: unknown; message?: unknown; errors?: { type?: string; message?: string }[]; response?: { data?: { message?: unknown; errors?: unknown } } };
  const status = typeof e.status === 'number' ? e.status : 0;
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    // GraphQL answers 200 with errors.
    return { status: status || 200, detail: e.errors.map((x) => [x.type, x.message].filter(Boolean).join(': ')).join('; ') };
  }
  const message = e.response?.data?.message ?? e.message;
  // A 422 says what it refused in `errors` (e.g. "body is too long (maximum is 65536 characters)").
  const refused = Array.isArray(e.response?.data?.errors)
    ? (e.response.data.errors as unknown[]).map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x !== null ? ((x as { message?: unknown }).message ?? (x as { code?: unknown }).code) : undefined)).filter((x): x is string => typeof x === 'string')
    : [];
  return { status, detail: [typeof message === 'string' ? message : '', ...refused].filter(Boolean).join(': ') };
}

/** Runs one API call; any failure becomes a `GitHubApiError` naming the call. */
export async function call<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GitHubApiError) throw error;
    const { status, detail } = describe(error);
    throw new GitHubApiError(name, status, detail);
  }
}

/** A REST request through `call`: the route names the call in errors. */
export function rest(client: GitHubClient, route: string, parameters: Record<string, unknown> = {}): Promise<GitHubResponse> {
  return call(route, () => client.request(route, parameters));
}

/** A GraphQL request through `call`, named by its operation. */
export function graphql<T>(client: GitHubClient, operation: string, query: string, parameters: Record<string, unknown> = {}): Promise<T> {
  return call(`GraphQL ${operation}`, () => client.graphql<T>(query, parameters));
}

const NEXT_LINK = /<([^>]+)>;\s*rel="next"/;

/**
 * Every item of a paginated REST list, following the `Link: rel="next"` headers GitHub sends.
 * Stops after `maxItems` (returning what it has and `complete: false`).
 */
export async function paginate<T>(
  client: GitHubClient,
  route: string,
  parameters: Record<string, unknown>,
  maxItems = Number.POSITIVE_INFINITY,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let response = await rest(client, route, { per_page: 100, ...parameters });
  for (;;) {
    items.push(...(response.data as T[]));
    const next = NEXT_LINK.exec(String(response.headers['link'] ?? ''))?.[1];
    if (!next) return { items, complete: true };
    if (items.length >= maxItems) return { items, complete: false };
    response = await call(route, () => client.request(`GET ${next}`));
  }
}
