import { type GitHubClient, type Repository, graphql, paginate, rest } from './client.js';

/** A comment of ours on a pull request. */
export interface StickyComment {
  id: number;
  nodeId: string;
  url: string;
  body: string;
  /** The head commit the comment describes, as recorded in it. */
  headSha?: string;
}

interface IssueComment {
  id: number;
  node_id: string;
  html_url: string;
  body?: string;
  user: { login: string; type: string } | null;
}

const HEAD_RECORD = /<!-- head: ([0-9a-f]{7,64}) -->/;

/** The body with the head it describes recorded (hidden) right after the marker. */
export function stampHead(body: string, marker: string, headSha: string): string {
  const at = body.indexOf(marker);
  const record = `\n<!-- head: ${headSha} -->`;
  return at < 0 ? `${marker}${record}\n${body}` : body.slice(0, at + marker.length) + record + body.slice(at + marker.length);
}

/**
 * Our own login as REST shows it on comments. `GET /user` is forbidden for the Actions token, so this
 * asks GraphQL's `viewer`, which names bots without the `[bot]` suffix REST adds.
 */
export async function learnOwnLogin(client: GitHubClient): Promise<string> {
  const { viewer } = await graphql<{ viewer: { login: string; __typename: string } }>(client, 'viewer', 'query { viewer { login __typename } }');
  return viewer.__typename === 'Bot' && !viewer.login.endsWith('[bot]') ? `${viewer.login}[bot]` : viewer.login;
}

/**
 * Our comments on a pull request, oldest first: those holding `marker` written by `login` (by any bot
 * when our login is unknown).
 */
export async function findStickyComments(
  client: GitHubClient,
  repository: Repository,
  number: number,
  who: { marker: string; login: string | undefined },
): Promise<StickyComment[]> {
  const { items } = await paginate<IssueComment>(client, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repository, issue_number: number });
  return items
    .filter((c) => c.body?.includes(who.marker) && c.user && (who.login === undefined ? c.user.type === 'Bot' : c.user.login === who.login))
    .map((c) => {
      const head = HEAD_RECORD.exec(c.body!)?.[1];
      return { id: c.id, nodeId: c.node_id, url: c.html_url, body: c.body!, ...(head ? { headSha: head } : {}) };
    });
}

/** Creates the comment, or updates `existing` in place. */
export async function upsertStickyComment(
  client: GitHubClient,
  repository: Repository,
  number: number,
  body: string,
  existing: StickyComment | undefined,
): Promise<{ id: number; url: string; created: boolean }> {
  if (existing) {
    const { data } = await rest(client, 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...repository, comment_id: existing.id, body });
    return { id: existing.id, url: (data as IssueComment).html_url, created: false };
  }
  const { data } = await rest(client, 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repository, issue_number: number, body });
  const created = data as IssueComment;
  return { id: created.id, url: created.html_url, created: true };
}

/** Folds comments away as outdated (GraphQL `minimizeComment`), e.g. duplicates left by a race. */
export async function minimizeOutdated(client: GitHubClient, comments: readonly StickyComment[]): Promise<void> {
  for (const c of comments) {
    await graphql(client, 'minimizeComment', 'mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }', { id: c.nodeId });
  }
}
