import { type Diagnostic, withinTreeLimits } from '../index.js';
import { missingReferences, renderOptionsOf, renderTree } from '../render/index.js';
import type { BlobReader } from './blobs.js';
import type { GitHubClient, Repository } from './client.js';
import { type TreeFile, type TreeNote, directoriesOf, readTree } from './git-tree.js';
import { type Settings, type TreeInput, selectPaths, selectedPatterns } from './review-pull-request.js';

/** The selected files of a pull request's two commits, listed (no blob read yet). */
export interface ListedTrees {
  base: TreeFile[];
  head: TreeFile[];
  /** Context files, from the base for both sides. */
  context: TreeFile[];
  notes: { base: TreeNote[]; head: TreeNote[] };
}

/** Lists what a review reads from both commits, through the API (never a checkout). */
export async function listPullRequestTrees(client: GitHubClient, repository: Repository, shas: { base: string; head: string }, settings: Settings): Promise<ListedTrees> {
  const select = selectPaths(settings);
  const mayHold = directoriesOf(selectedPatterns(settings));
  const [base, head] = await Promise.all([
    readTree(client, repository, shas.base, { wants: (p) => select(p) !== undefined, mayHold }),
    readTree(client, repository, shas.head, { wants: (p) => select(p) === 'manifest', mayHold }),
  ]);
  const pick = (files: TreeFile[], kind: 'manifest' | 'context') => files.filter((f) => select(f.path) === kind);
  return { base: pick(base.files, 'manifest'), context: pick(base.files, 'context'), head: head.files, notes: { base: base.notes, head: head.notes } };
}

const asDiagnostics = (notes: readonly TreeNote[]) => notes.map((n) => ({ file: n.path, line: 1, severity: 'error' as const, message: n.message }));

/**
 * Reads the listed files of the sides asked for and renders their Kustomize roots (reading, from the
 * same commit, the files the kustomizations name beyond the selected manifests). Context problems are
 * the base's; with the base not asked for they are left to the head.
 */
export async function readPullRequestTrees(
  client: GitHubClient,
  repository: Repository,
  shas: { base: string; head: string },
  listed: ListedTrees,
  settings: Settings,
  blobs: BlobReader,
  sides: { base: boolean },
): Promise<{ base?: TreeInput; head: TreeInput }> {
  const render = renderOptionsOf(settings.render);
  // The loader bounds each side's files and bytes (context first); bounding the listings the same way means nothing past the bounds is fetched.
  const bound = (files: TreeFile[]) => {
    const within = withinTreeLimits([...listed.context, ...files], settings.limits, (f) => f.size);
    return { keeps: new Set(within.files.map((f) => f.path)), diagnostics: within.diagnostics };
  };
  const bounds = { base: sides.base ? bound(listed.base) : undefined, head: bound(listed.head) };
  const context = await blobs.read(listed.context.filter((f) => bounds.head.keeps.has(f.path) || bounds.base?.keeps.has(f.path)));
  const side = async (sha: string, listedFiles: TreeFile[], notes: TreeNote[], { keeps, diagnostics }: { keeps: Set<string>; diagnostics: Diagnostic[] }): Promise<TreeInput> => {
    const read = await blobs.read(listedFiles.filter((f) => keeps.has(f.path)));
    const wanted = missingReferences(read.files, render);
    const more: { files: { path: string; text: string }[]; notes: TreeNote[] } = { files: [], notes: [] };
    if (wanted.length > 0) {
      const paths = new Set(wanted);
      const extra = await readTree(client, repository, sha, { wants: (p) => paths.has(p), mayHold: (dir) => wanted.some((p) => p.startsWith(`${dir}/`)) });
      const texts = await blobs.read(extra.files);
      more.files = texts.files;
      more.notes = [...extra.notes, ...texts.notes];
    }
    const rendered = await renderTree([...read.files, ...more.files], render);
    return { files: rendered.files, context: context.files.filter((f) => keeps.has(f.path)), diagnostics: [...diagnostics, ...asDiagnostics([...notes, ...read.notes, ...more.notes]), ...rendered.diagnostics] };
  };
  const [base, head] = await Promise.all([
    bounds.base ? side(shas.base, listed.base, [...listed.notes.base, ...context.notes], bounds.base) : undefined,
    side(shas.head, listed.head, bounds.base ? listed.notes.head : [...listed.notes.head, ...context.notes], bounds.head),
  ]);
  return base ? { base, head } : { head };
}
