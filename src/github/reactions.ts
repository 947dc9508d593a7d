import { type GitHubClient, type Repository, rest } from './client.js';

/** 👀 on receipt, 🚀 when done, 😕 on failure. */
export type Reaction = 'eyes' | 'rocket' | 'confused';

/** Reacts to an issue or pull request comment. */
export async function reactToComment(client: GitHubClient, repository: Repository, commentId: number, content: Reaction): Promise<void> {
  await rest(client, 'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { ...repository, comment_id: commentId, content });
}

/** Posts a reply on the issue or pull request; returns its URL. */
export async function replyToIssue(client: GitHubClient, repository: Repository, number: number, body: string): Promise<string> {
  const { data } = await rest(client, 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repository, issue_number: number, body });
  return (data as { html_url: string }).html_url;
}
