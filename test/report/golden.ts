/**
 * Golden files: `expectGolden(name, text)` compares with test/report/golden/<name>.md (or `<dir>/<name>.md`)
 * exactly, or rewrites the file when UPDATE_GOLDEN=1 (review the diff before keeping it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
export const UPDATING = process.env['UPDATE_GOLDEN'] === '1';

export function expectGolden(name: string, actual: string, dir = GOLDEN_DIR): void {
  const path = join(dir, `${name}.md`);
  if (UPDATING) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`no golden file ${path}: run with UPDATE_GOLDEN=1 to create it, then review it`);
  // Compared as one string, exactly (trailing newlines included); toBe shows a line diff on failure.
  expect(actual, `${name}.md differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(path, 'utf8'));
}
