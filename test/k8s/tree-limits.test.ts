/**
 * The bounds on a tree's files, bytes and documents per file (limits.maxFiles, maxTotalBytes,
 * maxDocumentsPerFile): what is past them is left out with an error at each file, never silently, and
 * what fits is still analysed.
 */
import { describe, expect, it } from 'vitest';
import { ManifestCache, loadCluster } from '../../src/k8s/load-cluster.js';
import { PARSE_LIMITS } from '../../src/k8s/parse-yaml.js';
import { withinTreeLimits } from '../../src/k8s/tree-limits.js';
import { docs, file, namespace, pod } from './manifests.js';

const limited = (overrides: Partial<typeof PARSE_LIMITS>) => new ManifestCache({ ...PARSE_LIMITS, ...overrides });
const loadWith = (overrides: Partial<typeof PARSE_LIMITS>, files = [file('a.yaml', pod('a')), file('b.yaml', pod('b')), file('c.yaml', pod('c'))], context = [] as ReturnType<typeof file>[]) =>
  loadCluster(files, context, { defaultNamespace: 'default' }, limited(overrides));

describe('withinTreeLimits', () => {
  const sized = (path: string, size: number) => ({ path, size });

  it('keeps everything within the bounds and reports nothing', () => {
    const files = [sized('a', 10), sized('b', 20)];
    expect(withinTreeLimits(files, { maxFiles: 2, maxTotalBytes: 30 }, (f) => f.size)).toEqual({ files, diagnostics: [] });
  });

  it('leaves out every file past maxFiles, each with an error saying why', () => {
    const result = withinTreeLimits([sized('a', 1), sized('b', 1), sized('c', 1), sized('d', 1)], { maxFiles: 2, maxTotalBytes: 1000 }, (f) => f.size);
    expect(result.files.map((f) => f.path)).toEqual(['a', 'b']);
    expect(result.diagnostics).toEqual(
      ['c', 'd'].map((f) => ({ file: f, line: 1, severity: 'error', message: 'file skipped: the tree has 4 files, more than limits.maxFiles (2)' })),
    );
  });

  it('stops at the first file that passes maxTotalBytes: smaller files after it are left out too (the order decides, not the sizes)', () => {
    const result = withinTreeLimits([sized('a', 40), sized('b', 70), sized('c', 1)], { maxFiles: 10, maxTotalBytes: 100 }, (f) => f.size);
    expect(result.files.map((f) => f.path)).toEqual(['a']);
    expect(result.diagnostics.map((d) => [d.file, d.message])).toEqual([
      ['b', 'file skipped: the tree\'s files pass limits.maxTotalBytes (100 bytes together) from this one on'],
      ['c', 'file skipped: the tree\'s files pass limits.maxTotalBytes (100 bytes together) from this one on'],
    ]);
  });

  it('computes exact sizes only when the cheap upper bound does not fit', () => {
    let exact = 0;
    const bytes = (f: { size: number }) => (exact++, f.size);
    withinTreeLimits([sized('a', 10), sized('b', 10)], { maxFiles: 5, maxTotalBytes: 100 }, bytes, (f) => 3 * f.size);
    expect(exact).toBe(0);
    withinTreeLimits([sized('a', 10), sized('b', 10)], { maxFiles: 5, maxTotalBytes: 50 }, bytes, (f) => 3 * f.size);
    expect(exact).toBe(2);
  });
});

describe('the loader holds the tree bounds', () => {
  it('analyses the first maxFiles files in path order and names each one left out', () => {
    const cluster = loadWith({ maxFiles: 2 }, [file('c.yaml', pod('c')), file('a.yaml', pod('a')), file('b.yaml', pod('b'))]);
    expect(cluster.workloads.map((w) => w.id)).toEqual(['prod/Pod/a', 'prod/Pod/b']);
    expect(cluster.diagnostics).toEqual([{ file: 'c.yaml', line: 1, severity: 'error', message: 'file skipped: the tree has 3 files, more than limits.maxFiles (2)' }]);
  });

  it('counts the context first: its files are kept before the tree\'s own', () => {
    const cluster = loadWith({ maxFiles: 2 }, [file('a.yaml', pod('a')), file('b.yaml', pod('b'))], [file('z-context.yaml', namespace('prod', { team: 'x' }))]);
    expect(cluster.namespaces.map((n) => n.labels['team'])).toEqual(['x']);
    expect(cluster.workloads.map((w) => w.id)).toEqual(['prod/Pod/a']);
    expect(cluster.diagnostics.map((d) => d.file)).toEqual(['b.yaml']);
  });

  it('measures maxTotalBytes in UTF-8 bytes, not characters', () => {
    const text = (name: string) => `${pod(name)}# ${'é'.repeat(50)}\n`;
    const a = file('a.yaml', text('a'));
    const b = file('b.yaml', text('b'));
    const bytes = Buffer.byteLength(a.text);
    const cluster = loadWith({ maxTotalBytes: 2 * bytes - 1 }, [a, b]);
    expect(2 * a.text.length).toBeLessThan(2 * bytes - 1);
    expect(cluster.workloads.map((w) => w.id)).toEqual(['prod/Pod/a']);
    expect(cluster.diagnostics).toEqual([{ file: 'b.yaml', line: 1, severity: 'error', message: `file skipped: the tree's files pass limits.maxTotalBytes (${2 * bytes - 1} bytes together) from this one on` }]);
    expect(loadWith({ maxTotalBytes: 2 * bytes }, [a, b]).workloads).toHaveLength(2);
  });

  it('reads the first maxDocumentsPerFile documents of a file and says at the first one left out how many were', () => {
    const text = docs(pod('one'), pod('two'), pod('three'), pod('four'));
    const cluster = loadWith({ maxDocumentsPerFile: 2 }, [file('many.yaml', text)]);
    expect(cluster.workloads.map((w) => w.id)).toEqual(['prod/Pod/one', 'prod/Pod/two']);
    // Each pod is 8 lines and each separator one: the third document starts on line 19.
    expect(cluster.diagnostics).toEqual([
      { file: 'many.yaml', line: 19, severity: 'error', message: '2 documents skipped from here on: the file has 4 documents, more than limits.maxDocumentsPerFile (2)' },
    ]);
  });

  it('defaults: 20,000 files, 256 MiB, 10,000 documents per file', () => {
    expect([PARSE_LIMITS.maxFiles, PARSE_LIMITS.maxTotalBytes, PARSE_LIMITS.maxDocumentsPerFile]).toEqual([20_000, 256 * 1024 * 1024, 10_000]);
  });
});
