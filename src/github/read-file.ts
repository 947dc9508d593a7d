import { GitHubApiError, type GitHubClient, type Repository, rest } from './client.js';

/** The text of one file at a commit (the contents API), or undefined when there is no such file. */
export async function readFileAt(client: GitHubClient, repository: Repository, sha: string, path: string): Promise<string | undefined> {
  try {
    const { data } = await rest(client, 'GET /repos/{owner}/{repo}/contents/{path}', { ...repository, path, ref: sha });
    const file = data as { type?: string; encoding?: string; content?: string };
    if (file.type !== 'file' || file.encoding !== 'base64' || file.content === undefined) return undefined;
    return Buffer.from(file.content, 'base64').toString('utf8');
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 404) return undefined;
    throw error;
  }
}
