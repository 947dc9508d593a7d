import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const imports = (dir: string) =>
  readdirSync(SRC + dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(`${SRC}${dir}/${f}`, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => `${dir}/${f} → ${m[1]}`));

it('only src/github/review-pull-request.ts calls the core, and only through src/index.ts', () => {
  const intoCore = imports('github').filter((line) => !/→ \.\/[\w-]+\.js$/.test(line));
  expect(intoCore).toEqual(['github/review-pull-request.ts → ../index.js']);
});

it('the Action reaches GitHub and the core only through src/github', () => {
  expect(imports('action').filter((line) => !/→ (\.\/[\w-]+|\.\.\/github\/index)\.js$/.test(line))).toEqual([]);
});
