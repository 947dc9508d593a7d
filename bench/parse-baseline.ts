/**
 * The cold runs' baseline: `node build/bench/parse-baseline.js DIR...` reads every file under each
 * directory synchronously and runs js-yaml `loadAll` (YAML11_SCHEMA) on each, on one core, then
 * prints the number of documents. What any reviewer of these trees pays at least.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { YAML11_SCHEMA, loadAll } from 'js-yaml';

function parseDir(dir: string): number {
  let documents = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) documents += parseDir(full);
    else documents += loadAll(readFileSync(full, 'utf8'), { schema: YAML11_SCHEMA, filename: full }).length;
  }
  return documents;
}

let documents = 0;
for (const dir of process.argv.slice(2)) documents += parseDir(dir);
process.stdout.write(`${documents}\n`);
