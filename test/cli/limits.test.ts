/** The settings' `limits` through the CLI: the file size bound is the config's, before any file is read. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: prod, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\n';
const ALIASES = 'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: prod, labels: &l {app: db}, annotations: *l}\nspec: {containers: [{name: c, image: x, env: [{name: A, value: "1"}]}], nodeSelector: *l}\n';

let dir: string;
let configs: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netpol-limits-'));
  configs = await mkdtemp(join(tmpdir(), 'netpol-limits-config-'));
  await writeFile(join(dir, 'web.yaml'), POD);
  await writeFile(join(dir, 'db.yaml'), ALIASES);
  await writeFile(join(configs, 'small.yml'), `limits: {maxFileBytes: ${POD.length}}\n`);
  await writeFile(join(configs, 'one-alias.yml'), 'limits: {maxAliasesPerDocument: 1}\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(configs, { recursive: true, force: true });
});

async function matrix(...argv: string[]): Promise<{ workloads: { id: string }[]; diagnostics: { file: string; line: number; severity: string; message: string }[] }> {
  let stdout = '';
  let stderr = '';
  const code = await run(['matrix', dir, '--format', 'json', ...argv], { write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) });
  expect([code, stderr]).toEqual([0, '']);
  return JSON.parse(stdout);
}

describe('limits from --config', () => {
  it('reads every file within the default limits', async () => {
    const out = await matrix();
    expect([out.workloads.map((w) => w.id), out.diagnostics]).toEqual([['prod/Pod/db', 'prod/Pod/web'], []]);
  });

  it('skips a file over limits.maxFileBytes, unread, with an error on line 1', async () => {
    // web.yaml is exactly at the limit, db.yaml over it.
    expect(ALIASES.length).toBeGreaterThan(POD.length);
    const out = await matrix('--config', join(configs, 'small.yml'));
    expect(out.workloads.map((w) => w.id)).toEqual(['prod/Pod/web']);
    expect(out.diagnostics).toEqual([{ file: 'db.yaml', line: 1, severity: 'error', message: `file skipped: ${ALIASES.length} bytes exceeds the limit of ${POD.length}` }]);
  });

  it('skips a document with more aliases than limits.maxAliasesPerDocument', async () => {
    const out = await matrix('--config', join(configs, 'one-alias.yml'));
    expect(out.workloads.map((w) => w.id)).toEqual(['prod/Pod/web']);
    // The line of the second alias.
    expect(out.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([['db.yaml', 4, 'error']]);
    expect(out.diagnostics[0]!.message).toMatch(/^document skipped: .*alias/);
  });
});
