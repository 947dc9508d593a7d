import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, posix } from 'node:path';

export type KustomizeBinary = 'kubectl' | 'kustomize';

/** The directory, under the temporary one, holding the tree's files. */
export const TREE_DIR = 'tree';
/** A kustomization beside the tree that includes the root and asks for origin annotations. */
export const WRAPPER_DIR = 'render';

export interface RunLimits {
  timeoutMs: number;
  maxOutputBytes: number;
}

/** Relative, `/`-separated, no empty segment, no backslash or NUL. */
const SAFE_PATH = /^(?!\/)(?:[^/\\\0]+\/)*[^/\\\0]+$/;

export type RunOutcome = { output: string } | { failure: string };

/** The first of `preferred` found as an executable on PATH, with its absolute path. */
export async function findKustomizeBinary(
  preferred: readonly KustomizeBinary[] = ['kubectl', 'kustomize'],
  path: string = process.env['PATH'] ?? '',
): Promise<{ name: KustomizeBinary; file: string } | undefined> {
  for (const name of preferred) {
    for (const dir of path.split(delimiter)) {
      if (dir === '') continue;
      const file = join(dir, name);
      try {
        await access(file, constants.X_OK);
        return { name, file };
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * Renders one root: writes exactly `files` (the root's closure) into a fresh temporary directory and
 * runs `kubectl kustomize` or `kustomize build` on a wrapper kustomization that includes the root and
 * sets `buildMetadata: [originAnnotations]` (so each object says which file it came from). No shell,
 * no plugins (`--enable-alpha-plugins`, `--enable-exec`, `--enable-helm` are never passed), the
 * root-only load restrictor, a minimal environment, a time limit and an output limit.
 */
export async function runKustomize(
  binary: { name: KustomizeBinary; file: string },
  files: readonly { path: string; text: string }[],
  rootDir: string,
  limits: RunLimits,
): Promise<RunOutcome> {
  const unsafe = files.find((f) => !SAFE_PATH.test(f.path) || f.path.split('/').some((segment) => segment === '..' || segment === '.'));
  if (unsafe) return { failure: `file path ${JSON.stringify(unsafe.path)} refused (only plain relative paths are written)` };
  const temp = await mkdtemp(join(tmpdir(), 'netpol-review-'));
  try {
    for (const file of files) {
      const target = join(temp, TREE_DIR, ...file.path.split('/'));
      await mkdir(join(target, '..'), { recursive: true });
      await writeFile(target, file.text, { flag: 'wx' });
    }
    const wrapper = join(temp, WRAPPER_DIR);
    await mkdir(wrapper);
    const root = posix.join('..', TREE_DIR, rootDir === '' ? '.' : rootDir);
    await writeFile(join(wrapper, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(root)}\nbuildMetadata: [originAnnotations]\n`);
    const args = binary.name === 'kubectl' ? ['kustomize', wrapper] : ['build', wrapper];
    args.push('--load-restrictor=LoadRestrictionsRootOnly');
    return await new Promise<RunOutcome>((done) => {
      execFile(
        binary.file,
        args,
        {
          cwd: temp,
          env: { PATH: process.env['PATH'] ?? '', HOME: temp },
          timeout: limits.timeoutMs,
          killSignal: 'SIGKILL',
          maxBuffer: limits.maxOutputBytes,
          encoding: 'utf8',
          windowsHide: true,
        },
        (error, stdout, stderr) => {
          if (!error) return done({ output: stdout });
          const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
          if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return done({ failure: `its output exceeds the limit of ${limits.maxOutputBytes} bytes` });
          if (e.killed || e.signal) return done({ failure: `${binary.name} did not finish within ${limits.timeoutMs} ms` });
          const message = (stderr || e.message).split(`${join(temp, TREE_DIR)}/`).join('').split(temp).join('').trim();
          done({ failure: `${binary.name} failed: ${message.length > 600 ? `${message.slice(0, 600)}…` : message}` });
        },
      );
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
