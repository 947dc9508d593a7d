import { type GitHubClient, type Repository, paginate, rest } from './client.js';

export interface PullRequestState {
  number: number;
  baseSha: string;
  headSha: string;
  state: string;
  draft: boolean;
  /** Files GitHub counts as changed (the list API stops at 3,000). */
  changedFiles?: number;
}

interface PullRequestData {
  number: number;
  state: string;
  draft?: boolean;
  changed_files?: number;
  base: { sha: string };
  head: { sha: string };
}

/** The pull request as GitHub sees it now (to notice a head that moved on while we ran). */
export async function getPullRequest(client: GitHubClient, repository: Repository, number: number): Promise<PullRequestState> {
  const { data } = await rest(client, 'GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repository, pull_number: number });
  const pr = data as PullRequestData;
  return {
    number: pr.number,
    baseSha: pr.base.sha,
    headSha: pr.head.sha,
    state: pr.state,
    draft: pr.draft === true,
    ...(typeof pr.changed_files === 'number' ? { changedFiles: pr.changed_files } : {}),
  };
}

export interface ChangedFile {
  path: string;
  /** The old path of a renamed file. */
  previousPath?: string;
  status: string;
}

/** `pulls.listFiles` lists at most this many files of a pull request. */
export const LIST_FILES_LIMIT = 3_000;

/**
 * The files a pull request changes. `complete` is false when GitHub's list is capped (3,000 files, or
 * fewer listed than the pull request says it changes): then only a comparison of trees is trustworthy.
 */
export async function listPullRequestFiles(
  client: GitHubClient,
  repository: Repository,
  number: number,
  changedFiles?: number,
): Promise<{ files: ChangedFile[]; complete: boolean }> {
  const { items, complete } = await paginate<{ filename: string; previous_filename?: string; status: string }>(
    client,
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
    { ...repository, pull_number: number },
    LIST_FILES_LIMIT,
  );
  const files = items.map((f): ChangedFile => ({ path: f.filename, status: f.status, ...(f.previous_filename ? { previousPath: f.previous_filename } : {}) }));
  const capped = !complete || files.length >= LIST_FILES_LIMIT || (changedFiles !== undefined && files.length < changedFiles);
  return { files, complete: !capped };
}
