import picomatch from 'picomatch';
import { type GitHubClient, type Repository, rest } from './client.js';

/** A file of a tree: its path, blob sha and size in bytes. */
export interface TreeFile {
  path: string;
  sha: string;
  size: number;
}

export interface TreeNote {
  path: string;
  message: string;
}

/** Which files of a tree to keep, and which directories can hold such files (to walk only those when a listing is truncated). */
export interface TreeScope {
  wants(path: string): boolean;
  mayHold(directory: string): boolean;
}

interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

interface TreeData {
  sha: string;
  tree: TreeEntry[];
  truncated: boolean;
}

const SYMLINK_MODE = '120000';

/**
 * A directory filter from glob patterns: a directory can hold a match when it lies on the way to a
 * pattern's literal base (`deploy` for `deploy/**\/*.yaml`) or below it. Patterns without a literal
 * base (`**\/*.yaml`) can match anywhere.
 */
export function directoriesOf(patterns: readonly string[]): (directory: string) => boolean {
  const bases = patterns.map((p) => picomatch.scan(p.replace(/^\.\//, '')).base.split('/').filter(Boolean));
  return (directory) => {
    const parts = directory.split('/');
    return bases.some((base) => {
      const n = Math.min(base.length, parts.length);
      for (let i = 0; i < n; i++) if (base[i] !== parts[i]) return false;
      return true;
    });
  };
}

async function getTree(client: GitHubClient, repository: Repository, sha: string, recursive: boolean): Promise<TreeData> {
  const { data } = await rest(client, 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...repository, tree_sha: sha, ...(recursive ? { recursive: '1' } : {}) });
  return data as TreeData;
}

/**
 * The files at a commit that `scope` wants, read with `git.getTree` (recursive). When GitHub truncates
 * the listing, walks the tree level by level instead, into directories that can hold wanted files only.
 * Symbolic links are not followed (noted); submodules are not read.
 */
export async function readTree(client: GitHubClient, repository: Repository, sha: string, scope: TreeScope): Promise<{ files: TreeFile[]; notes: TreeNote[] }> {
  const files: TreeFile[] = [];
  const notes: TreeNote[] = [];
  const keep = (prefix: string, entries: readonly TreeEntry[]) => {
    for (const e of entries) {
      const path = prefix + e.path;
      if (e.type !== 'blob' || !scope.wants(path)) continue;
      if (e.mode === SYMLINK_MODE) notes.push({ path, message: 'symbolic link not followed' });
      else files.push({ path, sha: e.sha, size: e.size ?? 0 });
    }
  };
  const walk = async (treeSha: string, prefix: string): Promise<void> => {
    const whole = await getTree(client, repository, treeSha, true);
    if (!whole.truncated) {
      keep(prefix, whole.tree);
      return;
    }
    const level = await getTree(client, repository, treeSha, false);
    if (level.truncated) notes.push({ path: prefix || '/', message: 'GitHub truncated the listing of this directory: files beyond it were not read' });
    keep(prefix, level.tree);
    for (const e of level.tree) {
      if (e.type === 'tree' && scope.mayHold(prefix + e.path)) await walk(e.sha, `${prefix}${e.path}/`);
    }
  };
  await walk(sha, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes };
}
