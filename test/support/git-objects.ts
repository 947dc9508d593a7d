import { createHash } from 'node:crypto';

/** A tree entry as GitHub's `git/trees` API lists it. */
export interface GitTreeEntry {
  path: string;
  mode: '100644' | '040000' | '120000';
  type: 'blob' | 'tree';
  sha: string;
  size?: number;
}

const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex');

/** The git blob sha of a text, as `git hash-object` computes it. */
export function blobSha(text: string): string {
  const content = Buffer.from(text, 'utf8');
  return sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
}

interface Directory {
  files: Map<string, string>;
  dirs: Map<string, Directory>;
}

/**
 * The git objects of a snapshot of files (`path → text`): blobs, and trees with their real shas.
 * `trees` maps each tree sha to its direct entries.
 */
export class GitSnapshot {
  readonly blobs = new Map<string, string>();
  readonly trees = new Map<string, GitTreeEntry[]>();
  readonly root: string;

  constructor(readonly files: Readonly<Record<string, string>>, options: { symlinks?: Readonly<Record<string, string>> } = {}) {
    const top: Directory = { files: new Map(), dirs: new Map() };
    const add = (path: string, text: string, symlink: boolean) => {
      const parts = path.split('/');
      let dir = top;
      for (const part of parts.slice(0, -1)) {
        if (!dir.dirs.has(part)) dir.dirs.set(part, { files: new Map(), dirs: new Map() });
        dir = dir.dirs.get(part)!;
      }
      dir.files.set(parts.at(-1)!, (symlink ? '\u0000link:' : '') + text);
    };
    for (const [path, text] of Object.entries(files)) add(path, text, false);
    for (const [path, target] of Object.entries(options.symlinks ?? {})) add(path, target, true);
    this.root = this.writeTree(top);
  }

  private writeTree(dir: Directory): string {
    const entries: (GitTreeEntry & { name: string })[] = [];
    for (const [name, raw] of dir.files) {
      const symlink = raw.startsWith('\u0000link:');
      const text = symlink ? raw.slice(6) : raw;
      const sha = blobSha(text);
      this.blobs.set(sha, text);
      entries.push({ name, path: name, mode: symlink ? '120000' : '100644', type: 'blob', sha, size: Buffer.byteLength(text) });
    }
    for (const [name, sub] of dir.dirs) entries.push({ name, path: name, mode: '040000', type: 'tree', sha: this.writeTree(sub) });
    // Git orders tree entries by name, directories compared as if they ended in '/'.
    const sortKey = (e: { name: string; type: string }) => Buffer.from(e.type === 'tree' ? `${e.name}/` : e.name);
    entries.sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
    const body = Buffer.concat(entries.map((e) => Buffer.concat([Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')])));
    const sha = sha1(Buffer.concat([Buffer.from(`tree ${body.length}\0`), body]));
    this.trees.set(
      sha,
      entries.map(({ name: _name, ...e }) => e),
    );
    return sha;
  }

  /** Every entry under a tree, with full paths, as `git/trees?recursive=1` lists them. */
  listRecursive(treeSha: string, prefix = ''): GitTreeEntry[] {
    const out: GitTreeEntry[] = [];
    for (const e of this.trees.get(treeSha) ?? []) {
      out.push({ ...e, path: prefix + e.path });
      if (e.type === 'tree') out.push(...this.listRecursive(e.sha, `${prefix}${e.path}/`));
    }
    return out;
  }
}

/** A commit sha for a snapshot (any stable 40-hex id will do for the API). */
export function commitSha(snapshot: GitSnapshot, message: string): string {
  return sha1(Buffer.from(`commit\ntree ${snapshot.root}\n\n${message}`));
}
