import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captured } from '../support/secrets.js';

const BUNDLE = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Reads `$GITHUB_OUTPUT` as the runner does: `name<<DELIMITER`, lines, `DELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    outputs[m[1]!] = value.join('\n');
  }
  return outputs;
}

/**
 * Runs the committed bundle as the Actions runner runs a `node24` action: inputs as `INPUT_<NAME>`
 * (upper-cased, spaces to underscores, hyphens kept), the event from a payload fixture, and files for
 * outputs and the job summary.
 */
export async function runBundle(options: { event: string; payload?: string; inputs: Record<string, string>; env?: Record<string, string> }): Promise<BundleRun> {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ...(options.payload ? { GITHUB_EVENT_PATH: join(FIXTURES, options.payload) } : {}),
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const child = spawn(process.execPath, [BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const run = { code, stdout, stderr, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') };
  captured("the Action's stdout", stdout);
  captured("the Action's stderr", stderr);
  captured("the Action's job summary", run.summary);
  captured("the Action's outputs", JSON.stringify(run.outputs));
  return run;
}

/** The payload fixture, parsed. */
export function payload(name: string): { pull_request: { base: { sha: string }; head: { sha: string } } } {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}
