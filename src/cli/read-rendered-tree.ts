import { stat } from 'node:fs/promises';
import { type RenderOptions, missingReferences, renderTree } from '../render/index.js';
import { type Tree, readFiles, readTree } from './read-tree.js';

/**
 * Reads a tree and renders its Kustomize roots (files the kustomizations name beyond the manifests,
 * such as generator inputs, are read too). With rendering off no process runs: the roots are reported
 * unanalysed and their files are left out.
 */
export async function readRenderedTree(path: string, render: RenderOptions, maxFileBytes?: number): Promise<Tree> {
  const tree = await readTree(path, maxFileBytes);
  if ((await stat(path)).isDirectory()) {
    const more = await readFiles(path, missingReferences(tree.files), maxFileBytes);
    tree.files.push(...more.files);
    tree.diagnostics.push(...more.diagnostics);
  }
  const rendered = await renderTree(tree.files, render);
  return { files: rendered.files, diagnostics: [...tree.diagnostics, ...rendered.diagnostics] };
}
