import { type Stats, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { type Diagnostic, PARSE_LIMITS, type SourceFile, isManifestPath } from '../core.js';

export class UnreadablePathError extends Error {}

export interface Tree {
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

/**
 * Reads a manifest file, or every `.yaml`/`.yml`/`.json` (and `Kustomization`) file under a directory
 * (recursively, not into dot-directories or through symbolic links to directories). Paths are
 * relative to `root`. Reads synchronously: a CLI has nothing else to do meanwhile, and one await per
 * file costs about ten times the reading on a tree of thousands of files.
 */
export async function readTree(root: string, maxFileBytes = PARSE_LIMITS.maxFileBytes): Promise<Tree> {
  let info;
  try {
    info = statSync(root);
  } catch (error) {
    throw new UnreadablePathError(`cannot read ${root}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const tree: Tree = { files: [], diagnostics: [] };
  if (info.isFile()) {
    readOne(root, basename(root), tree, maxFileBytes);
    return tree;
  }
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === root) throw new UnreadablePathError(`cannot read ${root}: ${(error as NodeJS.ErrnoException).code}`);
      tree.diagnostics.push({ file: toPosix(relative(root, dir)), line: 1, severity: 'error', message: `directory not read: ${(error as NodeJS.ErrnoException).code}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(full);
      } else if (isManifestPath(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && statIfAny(full)?.isFile()))) {
        readOne(full, toPosix(relative(root, full)), tree, maxFileBytes);
      }
    }
  };
  walk(root);
  return tree;
}

/** Reads more files of a directory tree (`paths` relative to `root`, already checked to stay inside it); absent ones are skipped. */
export async function readFiles(root: string, paths: readonly string[], maxFileBytes = PARSE_LIMITS.maxFileBytes): Promise<Tree> {
  const tree: Tree = { files: [], diagnostics: [] };
  for (const path of paths) {
    const full = join(root, ...path.split('/'));
    if (statIfAny(full)?.isFile()) readOne(full, path, tree, maxFileBytes);
  }
  return tree;
}

function statIfAny(full: string): Stats | undefined {
  try {
    return statSync(full);
  } catch {
    return undefined;
  }
}

function readOne(full: string, path: string, tree: Tree, maxFileBytes: number): void {
  try {
    const size = statSync(full).size;
    if (size > maxFileBytes) {
      tree.diagnostics.push({ file: path, line: 1, severity: 'error', message: `file skipped: ${size} bytes exceeds the limit of ${maxFileBytes}` });
      return;
    }
    tree.files.push({ path, text: readFileSync(full, 'utf8') });
  } catch (error) {
    tree.diagnostics.push({ file: path, line: 1, severity: 'error', message: `file not read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
