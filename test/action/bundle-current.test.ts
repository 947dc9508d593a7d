import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('dist/index.js is what the sources bundle to (the end-to-end tests run it)', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const check = spawnSync(process.execPath, ['scripts/bundle.js', '--check'], { cwd: root, encoding: 'utf8' });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
});
