import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const imports = (dir: string) =>
  readdirSync(SRC + dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(`${SRC}${dir}/${f}`, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => `${dir}/${f} → ${m[1]}`));

it('only the review and the command answers of src/github call the core, through src/index.ts; only the tree reader renders', () => {
  const intoCore = imports('github').filter((line) => !/→ \.\/[\w-]+\.js$/.test(line));
  expect(intoCore).toEqual(['github/command-answers.ts → ../index.js', 'github/read-pull-request-trees.ts → ../render/index.js', 'github/review-pull-request.ts → ../index.js']);
});

it.each(['action', 'app'])('the %s reaches GitHub and the core only through src/github', (door) => {
  expect(imports(door).filter((line) => !/→ (\.\/[\w-]+|\.\.\/github\/index)\.js$/.test(line))).toEqual([]);
});
