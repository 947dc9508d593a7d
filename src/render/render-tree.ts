import { posix } from 'node:path';
import type { Diagnostic, SourceFile } from '../k8s/types.js';
import { type KustomizeRoot, planKustomize } from './plan-kustomize.js';
import { renderedOrigins } from './rendered-origins.js';
import { type KustomizeBinary, TREE_DIR, WRAPPER_DIR, findKustomizeBinary, runKustomize } from './run-kustomize.js';

export interface RenderOptions {
  /** Render Kustomize roots (default true). Off, no process runs and the roots are reported unanalysed. */
  kustomize?: boolean;
  /** Directories (relative to the tree) to render; absent, every root is found. */
  roots?: readonly string[];
  /** Binaries to try, in order (default `kubectl` then `kustomize`). */
  binaries?: readonly KustomizeBinary[];
  /** Time limit per root (default 60 s). */
  timeoutMs?: number;
  /** Output limit per root (default 32 MiB, the limit of a manifest file). */
  maxOutputBytes?: number;
  /** The PATH searched for the binaries (default the process's). */
  searchPath?: string;
}

/** Render options from the settings' `render` section (the same shape, in seconds and MiB). */
export function renderOptionsOf(render: { kustomize: boolean; roots?: readonly string[] | undefined; timeoutSeconds: number; maxOutputMiB: number }): RenderOptions {
  const options: RenderOptions = { kustomize: render.kustomize, timeoutMs: render.timeoutSeconds * 1000, maxOutputBytes: render.maxOutputMiB * 1024 * 1024 };
  if (render.roots) options.roots = render.roots;
  return options;
}

export const RENDER_DEFAULTS = { timeoutMs: 60_000, maxOutputBytes: 32 * 1024 * 1024 } as const;

export interface RenderedRoot {
  dir: string;
  /** `kubectl kustomize` or `kustomize build`. */
  command: string;
  documents: number;
}

export interface UnanalysedRoot {
  dir: string;
  kustomization: string;
  reason: string;
}

export interface RenderResult {
  /** What to analyse: the files no kustomization uses, and one rendered file per rendered root. */
  files: SourceFile[];
  diagnostics: Diagnostic[];
  rendered: RenderedRoot[];
  /** Roots whose objects are not in `files`: the review is incomplete without them. */
  unanalysed: UnanalysedRoot[];
}

const COMMANDS: Record<KustomizeBinary, string> = { kubectl: 'kubectl kustomize', kustomize: 'kustomize build' };

/** Files that the tree's kustomizations name but that are not among `files`: read them too, then render. */
export function missingReferences(files: readonly SourceFile[], options: RenderOptions = {}): string[] {
  return planKustomize(files, options.roots).missing;
}

/** A path of the tree from a path the origin annotation gives (relative to the wrapper kustomization). */
function treePath(written: string): string | undefined {
  const path = posix.normalize(posix.join(WRAPPER_DIR, written));
  return path.startsWith(`${TREE_DIR}/`) ? path.slice(TREE_DIR.length + 1) : undefined;
}

/**
 * Replaces the Kustomize roots of one tree (base or head) by their rendered output. Every file some
 * kustomization uses leaves the analysis; each root that renders adds one file whose documents carry
 * their origins (resource file and line, or the kustomization); a root that does not render is a
 * diagnostic and is listed as unanalysed. Runs at most one process at a time.
 */
export async function renderTree(files: readonly SourceFile[], options: RenderOptions = {}): Promise<RenderResult> {
  const plan = planKustomize(files, options.roots);
  const result: RenderResult = { files: files.filter((f) => !plan.used.has(f.path)), diagnostics: [...plan.diagnostics], rendered: [], unanalysed: [] };
  if (plan.roots.length === 0) return result;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const sources = new Map(files.map((f) => [f.path, f.text]));
  const binary = options.kustomize === false ? undefined : await findKustomizeBinary(options.binaries, options.searchPath);
  const notAnalysed = (root: KustomizeRoot, reason: string) => {
    const dir = root.dir === '' ? '.' : root.dir;
    result.unanalysed.push({ dir, kustomization: root.kustomization, reason });
    result.diagnostics.push({ file: root.kustomization, line: 1, severity: 'error', message: `Kustomize root ${dir} is not analysed: ${reason}` });
  };
  for (const root of plan.roots) {
    // Refused references are worth knowing whether or not anything could run.
    result.diagnostics.push(...root.problems);
    if (options.kustomize === false) {
      notAnalysed(root, 'rendering is off; render it in a workflow step and pass the output, or turn rendering on');
      continue;
    }
    if (!binary) {
      notAnalysed(root, `neither ${(options.binaries ?? ['kubectl', 'kustomize']).join(' nor ')} is on PATH; install one, or render it in a workflow step and pass the output`);
      continue;
    }
    if (root.problems.length > 0) {
      notAnalysed(root, `${root.problems.length} reference${root.problems.length === 1 ? '' : 's'} refused before rendering`);
      continue;
    }
    const outcome = await runKustomize(
      binary,
      root.files.map((path) => byPath.get(path)!),
      root.dir,
      { timeoutMs: options.timeoutMs ?? RENDER_DEFAULTS.timeoutMs, maxOutputBytes: options.maxOutputBytes ?? RENDER_DEFAULTS.maxOutputBytes },
    );
    if ('failure' in outcome) {
      notAnalysed(root, outcome.failure);
      continue;
    }
    const origins = renderedOrigins(outcome.output, treePath, root.kustomization, sources);
    result.files.push({ path: root.kustomization, text: outcome.output, origins });
    result.rendered.push({ dir: root.dir === '' ? '.' : root.dir, command: COMMANDS[binary.name], documents: origins.length });
  }
  return result;
}
