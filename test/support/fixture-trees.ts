import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const TREES = fileURLToPath(new URL('../fixtures/pull_request/trees/', import.meta.url));

/** The files of a fixture tree (`path → text`, paths relative to it, dot-directories included). */
export function fixtureTree(name: string): Record<string, string> {
  const root = join(TREES, name);
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[relative(root, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** A loose fixture file (a manifest a scenario adds). */
export function fixtureFile(name: string): string {
  return readFileSync(join(TREES, name), 'utf8');
}

/**
 * The pull request's three states: base; head of `opened` (the db opens to the shop namespace: medium
 * risk); head of `synchronize` (also to the internet: high risk, plus an invalid Deployment).
 */
export function shopTrees(): { base: Record<string, string>; opened: Record<string, string>; synchronized: Record<string, string> } {
  const base = fixtureTree('base');
  const opened = { ...base, 'deploy/prod/allow-shop.yaml': fixtureFile('allow-shop.yaml') };
  const synchronized = { ...opened, 'deploy/prod/allow-internet.yaml': fixtureFile('allow-internet.yaml'), 'deploy/shop/worker.yaml': fixtureFile('broken.yaml') };
  return { base, opened, synchronized };
}
