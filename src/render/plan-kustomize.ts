import { posix } from 'node:path';
import type { Diagnostic, SourceFile } from '../k8s/types.js';
import { KUSTOMIZATION_FILES, type Kustomization, lineOf, readKustomization } from './kustomization-references.js';

/** A Kustomize root to render: a kustomization no other kustomization of the tree uses. */
export interface KustomizeRoot {
  /** Directory, relative to the tree (`''` for the tree itself). */
  dir: string;
  kustomization: string;
  /** Every file the root uses (kustomizations included), in path order. */
  files: string[];
  /** What stops it from being rendered: remote references, files that are not in the tree, … */
  problems: Diagnostic[];
}

export interface KustomizePlan {
  roots: KustomizeRoot[];
  /** Files some kustomization uses: never analysed raw. */
  used: Set<string>;
  /** Referenced files that are not among the files given (the caller may read them and plan again). */
  missing: string[];
  diagnostics: Diagnostic[];
}

const dirOf = (path: string) => {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
};

/** `dir` joined with `relative`, normalised; undefined when it leaves the tree. */
function resolve(dir: string, relative: string): string | undefined {
  const joined = posix.normalize(posix.join(dir === '' ? '.' : dir, relative));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

/**
 * Finds the Kustomize roots among `files` and what each uses, without running anything. `roots`
 * (directories) renders exactly those; absent, every kustomization that no other one uses is a root
 * (components never are).
 */
export function planKustomize(files: readonly SourceFile[], roots?: readonly string[]): KustomizePlan {
  const paths = new Set(files.map((f) => f.path));
  const textOf = new Map(files.map((f) => [f.path, f.text]));
  const kustomizationIn = (dir: string) => KUSTOMIZATION_FILES.map((name) => (dir === '' ? name : `${dir}/${name}`)).find((p) => paths.has(p));
  const kustomizations = new Map<string, Kustomization>();
  for (const file of files) {
    if ((KUSTOMIZATION_FILES as readonly string[]).includes(posix.basename(file.path)) && kustomizationIn(dirOf(file.path)) === file.path) {
      kustomizations.set(dirOf(file.path), readKustomization(file.path, file.text));
    }
  }
  const missing = new Set<string>();
  const usedBy = new Set<string>();

  /** The closure of one kustomization directory: its files and its problems. */
  const closure = (dir: string, seen: Set<string>, files: Set<string>, problems: Diagnostic[]) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const k = kustomizations.get(dir)!;
    files.add(k.path);
    problems.push(...k.refused);
    for (const ref of k.references) {
      const target = resolve(dir, ref.value);
      const where = { file: k.path, line: lineOf(textOf.get(k.path)!, ref.value), severity: 'error' as const };
      if (target === undefined) {
        problems.push({ ...where, message: `${ref.field} ${JSON.stringify(ref.value)} refused: it leaves the tree` });
      } else if (paths.has(target)) {
        files.add(target);
      } else if (ref.as === 'resource' && kustomizations.has(target)) {
        usedBy.add(target);
        closure(target, seen, files, problems);
      } else {
        missing.add(target);
        problems.push({ ...where, message: `${ref.field} ${JSON.stringify(ref.value)} is not among the files read (${target === '' ? '.' : target})` });
      }
    }
  };

  const planned = new Map<string, KustomizeRoot>();
  for (const dir of kustomizations.keys()) {
    const files = new Set<string>();
    const problems: Diagnostic[] = [];
    closure(dir, new Set(), files, problems);
    planned.set(dir, { dir, kustomization: kustomizations.get(dir)!.path, files: [...files].sort(), problems });
  }
  const diagnostics: Diagnostic[] = [];
  let chosen: KustomizeRoot[];
  if (roots) {
    chosen = [];
    for (const root of roots) {
      const dir = resolve('', root);
      const plan = dir === undefined ? undefined : planned.get(dir);
      if (plan) chosen.push(plan);
      else diagnostics.push({ file: root, line: 1, severity: 'error', message: `render root ${JSON.stringify(root)} has no kustomization.yaml, kustomization.yml or Kustomization among the files read` });
    }
    for (const [dir, plan] of planned) {
      if (!usedBy.has(dir) && kustomizations.get(dir)!.kind !== 'Component' && !chosen.includes(plan)) {
        diagnostics.push({ file: plan.kustomization, line: 1, severity: 'info', message: `Kustomize root ${dir === '' ? '.' : dir} is not rendered (not among the configured roots); its files are not analysed` });
      }
    }
  } else {
    chosen = [...planned.values()].filter((p) => !usedBy.has(p.dir) && kustomizations.get(p.dir)!.kind !== 'Component');
  }
  const used = new Set([...planned.values()].flatMap((p) => p.files));
  return { roots: chosen.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)), used, missing: [...missing].sort(), diagnostics };
}
