/**
 * Cold end-to-end runs: what a user runs. The trees are written to a temporary directory, then
 * fresh processes are started, interleaved round by round so that a busy moment of a shared
 * machine hits every variant alike:
 *   - the baseline: `parse-baseline.js` on base and head (read every file synchronously, `loadAll`);
 *   - `netpol-review diff base head --format json` and `--format markdown` (bin/, so lib/ must be built),
 *     with the CLI's default parse threads (on trees this large, one worker per core other processes left idle while the CLI reads the files);
 *   - `json-in-process`: `--format json --parse-threads 0`, everything on the main thread;
 *   - `json-one-worker`: `--format json --parse-threads 1`, one worker thread whatever the load.
 * Each process reports its peak RSS through the `report-rss.js` preload; wall time includes Node's
 * start-up, alike for all.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { GeneratedFile } from './generate-cluster.js';

export interface ColdTrees {
  label: string;
  base: readonly GeneratedFile[];
  head: readonly GeneratedFile[];
}

export type ColdVariant = 'baseline' | 'json' | 'markdown' | 'json-in-process' | 'json-one-worker';
export const COLD_VARIANTS: readonly ColdVariant[] = ['baseline', 'json', 'markdown', 'json-in-process', 'json-one-worker'];
const PARSE_THREADS: Partial<Record<ColdVariant, string>> = { 'json-in-process': '0', 'json-one-worker': '1' };

export interface ColdRun {
  ms: number;
  /** Peak RSS in bytes. */
  peakRss: number;
}

export interface ColdResult {
  label: string;
  runs: Record<ColdVariant, ColdRun[]>;
  failure?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const bin = path.join(repoRoot, 'bin', 'netpol-review.js');
const baselineScript = path.join(here, 'parse-baseline.js');
const preload = new URL('./report-rss.js', import.meta.url).href;

function writeTree(root: string, files: readonly GeneratedFile[]): void {
  for (const f of files) {
    const full = path.join(root, ...f.path.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, f.text);
  }
}

function argsOf(variant: ColdVariant, base: string, head: string): string[] {
  if (variant === 'baseline') return [baselineScript, base, head];
  const threads = PARSE_THREADS[variant];
  return threads === undefined ? [bin, 'diff', base, head, '--format', variant] : [bin, 'diff', base, head, '--format', 'json', '--parse-threads', threads];
}

function runOnce(variant: ColdVariant, base: string, head: string, rssFile: string): ColdRun {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', preload, ...argsOf(variant, base, head)], {
    env: { ...process.env, NETPOL_BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  // The CLI's diff exits 1 when the review fails the PR: a verdict, not an error.
  if (child.error || (child.status !== 0 && child.status !== 1)) {
    throw new Error(`${variant}: ${child.error?.message ?? `exit ${child.status ?? child.signal}`}: ${child.stderr?.toString().slice(0, 500)}`);
  }
  return { ms, peakRss: Number(fs.readFileSync(rssFile, 'utf8')) * 1024 };
}

/** Runs every variant on every pair of trees, `rounds` times, interleaved. */
export function coldRuns(trees: readonly ColdTrees[], rounds: number, variants: readonly ColdVariant[] = COLD_VARIANTS): ColdResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-bench-'));
  try {
    const rssFile = path.join(dir, 'rss');
    const sets = trees.map((t, i) => {
      const base = path.join(dir, `${i}`, 'base');
      const head = path.join(dir, `${i}`, 'head');
      writeTree(base, t.base);
      writeTree(head, t.head);
      const result: ColdResult = { label: t.label, runs: { baseline: [], json: [], markdown: [], 'json-in-process': [], 'json-one-worker': [] } };
      return { base, head, result };
    });
    for (let r = 0; r < rounds; r++) {
      for (const s of sets) {
        if (s.result.failure !== undefined) continue;
        for (const v of variants) {
          try {
            s.result.runs[v].push(runOnce(v, s.base, s.head, rssFile));
          } catch (e) {
            s.result.failure = e instanceof Error ? e.message : String(e);
            break;
          }
        }
      }
    }
    return sets.map((s) => s.result);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
