/** The Kustomize fixture tree (test/render/fixtures/shop) as in-memory files, base and head. */
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../../src/index.js';
import { findKustomizeBinary } from '../../src/render/index.js';

export const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'shop');

async function readAll(dir: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.push({ path: relative(dir, full).split('\\').join('/'), text: await readFile(full, 'utf8') });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The overlay with its network-policies component switched off: the PR's base. */
export const withoutComponent = (text: string) => text.replace('components:\n  - ../../components/network-policies\n', '');

/** Files of the tree under `dirs` (all when none): head has the component on, base off. */
export async function shopTree(side: 'base' | 'head', ...dirs: string[]): Promise<SourceFile[]> {
  const files = (await readAll(FIXTURE)).filter((f) => dirs.length === 0 || dirs.some((d) => f.path.startsWith(`${d}/`)));
  return side === 'head' ? files : files.map((f) => (f.path === 'overlays/prod/kustomization.yaml' ? { ...f, text: withoutComponent(f.text) } : f));
}

export const SHOP_DIRS = ['base', 'components', 'overlays'];

/** The binary the tests render with, printed so that CI logs say which one ran. */
export const BINARY = await findKustomizeBinary();
if (BINARY) console.log(`render tests: Kustomize through ${BINARY.name === 'kubectl' ? 'kubectl kustomize' : 'kustomize build'} (${BINARY.file})`);
else console.log('render tests: neither kubectl nor kustomize is on PATH; the tests that run Kustomize are SKIPPED');
