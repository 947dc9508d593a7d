import * as core from '@actions/core';
import type { Annotation } from '../github/index.js';

/** GitHub shows at most this many annotations of each level per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Emits the most important annotations (they come sorted) up to GitHub's limit per level; returns a
 * sentence on how many were left out (for the log and the summary), or undefined.
 */
export function annotate(annotations: readonly Annotation[]): string | undefined {
  const shown = { error: 0, warning: 0, notice: 0 };
  const left = { error: 0, warning: 0, notice: 0 };
  for (const a of annotations) {
    if (shown[a.level] >= ANNOTATIONS_PER_LEVEL) {
      left[a.level]++;
      continue;
    }
    shown[a.level]++;
    const properties = { title: a.title, file: a.path, startLine: a.line };
    if (a.level === 'error') core.error(a.message, properties);
    else if (a.level === 'warning') core.warning(a.message, properties);
    else core.notice(a.message, properties);
  }
  const parts = (['error', 'warning', 'notice'] as const).filter((l) => left[l] > 0).map((l) => plural(left[l], `more ${l} annotation`));
  return parts.length > 0 ? `${parts.join(' and ')} than GitHub shows per step: the job summary lists every one.` : undefined;
}
