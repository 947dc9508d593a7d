import { type GitHubClient, type Repository, rest } from './client.js';
import type { TreeFile, TreeNote } from './git-tree.js';

export interface BlobReaderOptions {
  /** Blobs larger than this are not fetched (noted instead). */
  maxBytes: number;
  /** Blob requests in flight at once. Default 8. */
  concurrency?: number;
}

/**
 * Reads file texts by blob sha: each unique sha is fetched once (files equal at base and head, or
 * copies of one file, share one request), with at most `concurrency` requests in flight.
 */
export class BlobReader {
  private readonly cache = new Map<string, Promise<string>>();
  private readonly queue: (() => void)[] = [];
  private active = 0;

  constructor(
    private readonly client: GitHubClient,
    private readonly repository: Repository,
    private readonly options: BlobReaderOptions,
  ) {}

  /** Blobs fetched so far. */
  get fetched(): number {
    return this.cache.size;
  }

  /** The texts of `files`; those over the size limit are left out with a note each, never silently. */
  async read(files: readonly TreeFile[]): Promise<{ files: { path: string; text: string }[]; notes: TreeNote[] }> {
    const notes: TreeNote[] = [];
    const wanted = files.filter((f) => {
      if (f.size <= this.options.maxBytes) return true;
      notes.push({ path: f.path, message: `file skipped: ${f.size} bytes exceeds the limit of ${this.options.maxBytes}` });
      return false;
    });
    const texts = await Promise.all(wanted.map((f) => this.text(f.sha)));
    return { files: wanted.map((f, i) => ({ path: f.path, text: texts[i]! })), notes };
  }

  private text(sha: string): Promise<string> {
    let text = this.cache.get(sha);
    if (!text) {
      text = this.limited(async () => {
        const { data } = await rest(this.client, 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...this.repository, file_sha: sha });
        const blob = data as { content: string; encoding: string };
        return blob.encoding === 'base64' ? Buffer.from(blob.content, 'base64').toString('utf8') : blob.content;
      });
      this.cache.set(sha, text);
    }
    return text;
  }

  private async limited<T>(run: () => Promise<T>): Promise<T> {
    // A finishing request hands its slot straight to the next waiting one.
    if (this.active >= (this.options.concurrency ?? 8)) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await run();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}
