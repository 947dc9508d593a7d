import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GitHubClient, Log } from './client.js';

export interface ActionOctokitOptions {
  token: string;
  /** REST root: `GITHUB_API_URL` (GitHub Enterprise Server: `https://HOST/api/v3`). */
  apiUrl?: string;
  /** GraphQL endpoint: `GITHUB_GRAPHQL_URL` (GitHub Enterprise Server: `https://HOST/api/graphql`). */
  graphqlUrl?: string;
  log: Log;
  /** Retries of 5xx answers (plugin-retry); `false` turns them off. Default 3 retries, 1 s × n² apart. */
  retry?: false | { retries?: number; retryAfterBaseValue?: number };
  /**
   * Waits on rate limits (plugin-throttling); `false` turns it off. Default: retry twice, waiting what
   * GitHub says, but not longer than `maxWaitSeconds` (default 120): a step should fail, not hang for
   * the hour until a primary limit resets.
   */
  throttle?: false | { retries?: number; retryAfterBaseValue?: number; maxWaitSeconds?: number };
}

/**
 * The Action's client: `getOctokit` with the retry and throttling plugins, talking through the
 * platform's `fetch` (which also lets tests intercept it), and the GraphQL endpoint the runner names.
 */
export function createActionOctokit(options: ActionOctokitOptions): GitHubClient {
  const apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const rateLimitRetries = options.throttle === false ? 0 : (options.throttle?.retries ?? 2);
  const maxWait = options.throttle === false ? 0 : (options.throttle?.maxWaitSeconds ?? 120);
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const again = retryCount < rateLimitRetries && retryAfter <= maxWait;
    const why = retryCount >= rateLimitRetries ? `giving up after ${retryCount} retries` : `giving up: it resets in ${retryAfter} s`;
    options.log.warning(`GitHub ${kind} rate limit on ${request.method} ${request.url}: ${again ? `retrying in ${retryAfter} s` : why}`);
    return again;
  };
  const octokit = getOctokit(
    options.token,
    {
      baseUrl: apiUrl,
      request: { fetch: globalThis.fetch },
      retry: options.retry === false ? { enabled: false } : { ...options.retry },
      throttle:
        options.throttle === false
          ? { enabled: false }
          : { ...(options.throttle?.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: options.throttle.retryAfterBaseValue } : {}), onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
      log: { debug: () => {}, info: () => {}, warn: (message: string) => options.log.warning(message), error: () => {} },
    },
    retry,
    throttling,
  );
  const graphqlUrl = options.graphqlUrl ?? defaultGraphqlUrl(apiUrl);
  return {
    request: (route, parameters) => octokit.request(route, parameters ?? {}),
    // Posted by hand: @octokit/graphql derives its endpoint from the REST root and takes no URL of its own.
    graphql: async <T>(query: string, variables: Record<string, unknown> = {}) => {
      const { data } = await octokit.request(`POST ${graphqlUrl}`, { query, variables });
      const answer = data as { data?: T; errors?: { type?: string; message: string }[] };
      if (answer.errors && answer.errors.length > 0) throw Object.assign(new Error(answer.errors.map((e) => e.message).join('; ')), { errors: answer.errors });
      return answer.data as T;
    },
  };
}

/** `https://api.github.com/graphql`, or GitHub Enterprise Server's `https://HOST/api/graphql` for `https://HOST/api/v3`. */
function defaultGraphqlUrl(apiUrl: string): string {
  return /\/api\/v3$/.test(apiUrl) ? apiUrl.replace(/\/api\/v3$/, '/api/graphql') : `${apiUrl}/graphql`;
}
