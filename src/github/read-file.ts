import { GitHubApiError, type GitHubClient, type Repository, rest } from './client.js';

/**
 * The text of one file at a commit, or undefined when there is no such file. The contents API
 * answers files up to 1 MB; a larger one is read as its blob.
 */
export async function readFileAt(client: GitHubClient, repository: Repository, sha: string, path: string): Promise<string | undefined> {
  let file: { type?: string; encoding?: string; content?: string; sha?: string };
  try {
    file = (await rest(client, 'GET /repos/{owner}/{repo}/contents/{path}', { ...repository, path, ref: sha })).data as typeof file;
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 404) return undefined;
    throw error;
  }
  if (file.type !== 'file') return undefined;
  if (file.encoding === 'base64' && file.content !== undefined) return Buffer.from(file.content, 'base64').toString('utf8');
  const { data } = await rest(client, 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...repository, file_sha: file.sha });
  return Buffer.from((data as { content: string }).content, 'base64').toString('utf8');
}
