import type { ParseLimits } from './parse-yaml.js';
import type { Diagnostic } from './types.js';

/**
 * The files of one tree within its bounds on files and bytes: files are taken in the order given (path
 * order) while they fit; from the first that does not, every file is left out, each with an error
 * (never silently), so that what is analysed does not depend on the order a door read them in.
 * `bytes` is the size of a file in bytes; `upperBound` a cheap bound on it, so that exact sizes are
 * only computed when the tree may not fit.
 */
export function withinTreeLimits<T extends { path: string }>(
  files: readonly T[],
  limits: Pick<ParseLimits, 'maxFiles' | 'maxTotalBytes'>,
  bytes: (file: T) => number,
  upperBound: (file: T) => number = bytes,
): { files: T[]; diagnostics: Diagnostic[] } {
  if (files.length <= limits.maxFiles && files.reduce((n, f) => n + upperBound(f), 0) <= limits.maxTotalBytes) return { files: [...files], diagnostics: [] };
  let kept = 0;
  let total = 0;
  let reason: string | undefined;
  for (const file of files) {
    const size = bytes(file);
    if (kept >= limits.maxFiles) reason = `the tree has ${files.length} files, more than limits.maxFiles (${limits.maxFiles})`;
    else if (total + size > limits.maxTotalBytes) reason = `the tree's files pass limits.maxTotalBytes (${limits.maxTotalBytes} bytes together) from this one on`;
    if (reason !== undefined) break;
    total += size;
    kept++;
  }
  const diagnostics: Diagnostic[] = files.slice(kept).map((f) => ({ file: f.path, line: 1, severity: 'error', message: `file skipped: ${reason}` }));
  return { files: files.slice(0, kept), diagnostics };
}
