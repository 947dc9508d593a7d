import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { SourceFile } from '../core.js';

/** The nearest directory at or above `path` holding a `.git` entry (a directory, or a worktree's file); no git process runs. */
export async function findGitRoot(path: string): Promise<string | undefined> {
  let dir = resolve(path);
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) dir = dirname(dir);
  for (;;) {
    if (await stat(resolve(dir, '.git')).catch(() => undefined)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * What to put before the paths of files read from `path` (relative to it) so that they are relative
 * to the repository root: `k8s/prod/` for `repo/k8s/prod`; undefined when `path` is not inside `root`.
 */
export function prefixUnder(root: string, path: string): string | undefined {
  const inside = relative(resolve(root), resolve(path));
  if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return inside === '' ? '' : `${inside.split(sep).join('/')}/`;
}

/**
 * The prefix that makes the paths of files read from `path` relative to the repository root:
 * `root` when given, else the git root above `path`; '' when there is none; undefined when `path`
 * is not inside the given root.
 */
export async function linkPrefix(path: string, root: string | undefined): Promise<string | undefined> {
  const dir = (await stat(path).catch(() => undefined))?.isDirectory() ? path : dirname(path);
  if (root !== undefined) return prefixUnder(root, dir);
  const found = await findGitRoot(dir);
  return found === undefined ? '' : prefixUnder(found, dir);
}

/** Files (and the origins of rendered documents) placed under `prefix`. */
export function placeUnder(files: readonly SourceFile[], prefix: string): SourceFile[] {
  if (prefix === '') return [...files];
  return files.map((f) => {
    const placed: SourceFile = { path: prefix + f.path, text: f.text };
    if (f.origins) placed.origins = f.origins.map((o) => o && { ...o, file: prefix + o.file });
    return placed;
  });
}
