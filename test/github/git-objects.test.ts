import { describe, expect, it } from 'vitest';
import { GitSnapshot, blobSha } from '../support/git-objects.js';

describe('fixture git objects', () => {
  it('computes the blob and tree shas git computes', () => {
    // Expected values from `git hash-object` and `git write-tree` on the same three files.
    expect(blobSha('x: 1\n')).toBe('d508cf756344aaf9123c531122a9d2d410c4ecfa');
    const snapshot = new GitSnapshot({ 'a/b/c.yaml': 'x: 1\n', 'z.yml': 'y\n', 'a.json': 'q\n' });
    expect(snapshot.root).toBe('bb993b9c90c274fa54704195179f458fd5e2ea33');
    expect(snapshot.listRecursive(snapshot.root).map((e) => `${e.type} ${e.path}`)).toEqual(['blob a.json', 'tree a', 'tree a/b', 'blob a/b/c.yaml', 'blob z.yml']);
  });
});
