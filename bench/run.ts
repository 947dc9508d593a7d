/**
 * The benchmark: `npm run bench`.
 *
 * Build with `tsc -p tsconfig.bench.json`, run as `node --expose-gc build/bench/run.js [options]`.
 *
 * For each cluster size (namespaces × workloads per namespace) it forks one child process, so that
 * each size has its own peak RSS, and in it:
 *   1. generates the base and head trees (bench/generate-cluster.ts; not timed in the results);
 *   2. times the full `diff(base, head)` from the engine's public API (loading both trees,
 *      computing, diffing), median of up to `runs` runs, and records the peak RSS (maxRSS) right
 *      after, so the figure is the diff's peak, not the parse benchmark's;
 *   3. times parsing the YAML alone of base + head (`loadAll` with `YAML11_SCHEMA`), median of up
 *      to `runs` runs: the floor any loader pays.
 * Runs stop early once a size has used its time budget (the largest sizes get fewer runs).
 *
 * Options:
 *   --sizes 50x20,125x20,250x20,500x20,1000x20   sizes to run, in order
 *   --runs 3          runs per measurement (median); fewer when over --budget
 *   --budget 30       seconds per measurement after which no further run starts
 *   --timeout 900     seconds after which a size's child is killed
 *   --seed 42         the generator's seed
 *   --out bench/out   where latest.md and latest.json are written ('' = nowhere)
 *   --strict          exit 1 when a target fails or a size errors
 *   --cold 500x20     size of the cold end-to-end runs (bench/cold-runs.ts; '' = none): light and heavy
 *                     heads, json and markdown, each against a parse-only baseline, and the heavy head
 *                     at half the namespaces for the doubling ratio; then the warm heavy diff and the
 *                     model's query times after one analysis of that size's base
 *   --cold-runs 3     interleaved rounds of the cold runs (median)
 *   --cold-heads light,heavy,half   which cold runs: the light head, the heavy head, the heavy head at half
 *                     the namespaces (a narrower run: --sizes '' --cold-heads heavy)
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { YAML11_SCHEMA, loadAll } from 'js-yaml';
import { analyse, diff, portRange } from '../src/index.js';
import type { EndpointRef } from '../src/index.js';
import { COLD_VARIANTS, type ColdResult, type ColdTrees, type ColdVariant, coldRuns } from './cold-runs.js';
import type { DiffResult } from '../src/index.js';
import { generateCluster } from './generate-cluster.js';
import type { HeadEdit, TreeStats } from './generate-cluster.js';

/** `stats` is optional: the engine may expose how many endpoint classes it computed. */
type DiffWithStats = DiffResult & { stats?: { classes?: number } };

interface Size {
  namespaces: number;
  perNamespace: number;
}

interface ChildRequest {
  size: Size;
  seed: number;
  runs: number;
  budgetMs: number;
}

interface SizeResult {
  size: Size;
  base: TreeStats;
  head: TreeStats;
  documents: number;
  edits: HeadEdit[];
  generateMs: number;
  /** Parsing the distinct file texts of base and head: what a loader that parses identical files once pays. */
  parseMs: number[];
  /** Parsing every file of base and head, identical ones twice. */
  parseBothMs: number[];
  diffMs: number[];
  diffError?: string;
  classes?: number;
  opened?: number;
  closed?: number;
  /** Peak RSS of the child right after the diff runs (before the parse runs). */
  peakRssAfterDiff: number;
  /** Peak RSS of the child at the end. */
  peakRss: number;
}

interface Row {
  size: Size;
  result?: SizeResult;
  failure?: string;
}

const MiB = 1024 * 1024;
const DEFAULT_SIZES = '50x20,125x20,250x20,500x20,1000x20';

// ---------------------------------------------------------------------------------------------
// Child: one size

function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024; // maxRSS is in KiB
}

function gc(): void {
  globalThis.gc?.();
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function parseAll(files: readonly { path: string; text: string }[]): number {
  let docs = 0;
  for (const f of files) docs += loadAll(f.text, { schema: YAML11_SCHEMA, filename: f.path }).length;
  return docs;
}

function runChild(req: ChildRequest): SizeResult {
  const t0 = performance.now();
  const cluster = generateCluster({
    namespaces: req.size.namespaces,
    workloadsPerNamespace: req.size.perNamespace,
    seed: req.seed,
  });
  const generateMs = performance.now() - t0;
  const baseInput = { files: cluster.base };
  const headInput = { files: cluster.head };

  // Warm js-yaml up a little, on a handful of files, so that neither measurement is stone cold.
  parseAll(cluster.base.slice(0, 20));

  const diffMs: number[] = [];
  let diffError: string | undefined;
  let classes: number | undefined;
  let opened: number | undefined;
  let closed: number | undefined;
  let spent = 0;
  for (let r = 0; r < req.runs && (r === 0 || spent < req.budgetMs); r++) {
    gc();
    const start = performance.now();
    let result: DiffWithStats;
    try {
      result = diff(baseInput, headInput) as DiffWithStats;
    } catch (e) {
      diffError = e instanceof Error ? e.message : String(e);
      break;
    }
    const ms = performance.now() - start;
    diffMs.push(ms);
    spent += ms;
    classes = result.stats?.classes;
    opened = result.opened.length;
    closed = result.closed.length;
  }
  gc();
  const peakRssAfterDiff = peakRssBytes();

  const distinct = [...new Map([...cluster.base, ...cluster.head].map((f) => [f.text, f])).values()];
  const timeParse = (files: typeof distinct): { ms: number[]; documents: number } => {
    const ms: number[] = [];
    let documents = 0;
    let used = 0;
    for (let r = 0; r < req.runs && (r === 0 || used < req.budgetMs); r++) {
      gc();
      const start = performance.now();
      documents = parseAll(files);
      ms.push(performance.now() - start);
      used += ms[ms.length - 1]!;
    }
    return { ms, documents };
  };
  const parseMs = timeParse(distinct).ms;
  const both = timeParse([...cluster.base, ...cluster.head]);
  const parseBothMs = both.ms;
  const documents = both.documents;

  return {
    size: req.size,
    base: cluster.stats.base,
    head: cluster.stats.head,
    documents,
    edits: cluster.edits,
    generateMs,
    parseMs,
    parseBothMs,
    diffMs,
    ...(diffError !== undefined ? { diffError } : {}),
    ...(classes !== undefined ? { classes } : {}),
    ...(opened !== undefined ? { opened } : {}),
    ...(closed !== undefined ? { closed } : {}),
    peakRssAfterDiff,
    peakRss: peakRssBytes(),
  };
}

// ---------------------------------------------------------------------------------------------
// Parent: every size, then the report

interface Options {
  sizes: Size[];
  runs: number;
  budgetMs: number;
  timeoutMs: number;
  seed: number;
  out: string;
  strict: boolean;
  cold?: Size;
  coldRuns: number;
  coldHeads: ColdHead[];
}

const COLD_HEADS = ['light', 'heavy', 'half'] as const;
type ColdHead = (typeof COLD_HEADS)[number];

function parseOptions(argv: readonly string[]): Options {
  const o: Options = {
    sizes: parseSizes(DEFAULT_SIZES),
    runs: 3,
    budgetMs: 30_000,
    timeoutMs: 900_000,
    seed: 42,
    out: 'bench/out',
    strict: false,
    cold: { namespaces: 500, perNamespace: 20 },
    coldRuns: 3,
    coldHeads: [...COLD_HEADS],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a non-negative number`);
      return v;
    };
    switch (a) {
      case '--sizes':
        o.sizes = parseSizes(value());
        break;
      case '--runs':
        o.runs = Math.max(1, Math.floor(num()));
        break;
      case '--budget':
        o.budgetMs = num() * 1000;
        break;
      case '--timeout':
        o.timeoutMs = num() * 1000;
        break;
      case '--seed':
        o.seed = Math.floor(num());
        break;
      case '--out':
        o.out = value();
        break;
      case '--strict':
        o.strict = true;
        break;
      case '--cold': {
        const v = value();
        if (v === '') delete o.cold;
        else o.cold = parseSizes(v)[0]!;
        break;
      }
      case '--cold-runs':
        o.coldRuns = Math.max(1, Math.floor(num()));
        break;
      case '--cold-heads': {
        const heads = value().split(',');
        const bad = heads.find((h) => !(COLD_HEADS as readonly string[]).includes(h));
        if (bad !== undefined) throw new Error(`--cold-heads takes ${COLD_HEADS.join(', ')}, not ${bad}`);
        o.coldHeads = heads as ColdHead[];
        break;
      }
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

function parseSizes(text: string): Size[] {
  if (text.trim() === '') return [];
  return text.split(',').map((s) => {
    const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/.exec(s);
    if (!m) throw new Error(`bad size ${JSON.stringify(s)}: expected NAMESPACESxWORKLOADS, e.g. 500x20`);
    return { namespaces: Number(m[1]), perNamespace: Number(m[2]) };
  });
}

function runSize(req: ChildRequest, timeoutMs: number): Promise<Row> {
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(req)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: SizeResult | undefined;
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `timeout after ${Math.round(timeoutMs / 1000)} s`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m) => {
      const msg = m as { result?: SizeResult; error?: string };
      if (msg.result) result = msg.result;
      if (msg.error) failure = msg.error;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!result && !failure) failure = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve({ size: req.size, ...(result ? { result } : {}), ...(failure ? { failure } : {}) });
    });
  });
}

const sizeLabel = (s: Size) => `${s.namespaces}×${s.perNamespace}`;
const fmtInt = (n: number) => n.toLocaleString('en-US');
const fmtMs = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const fmtRatio = (n: number) => `${n.toFixed(2)}×`;

function diffMedian(r: SizeResult): number | undefined {
  return r.diffMs.length && r.diffError === undefined ? median(r.diffMs) : undefined;
}

function renderReport(rows: readonly Row[], o: Options): { text: string; failed: boolean } {
  const lines: string[] = [];
  const cpus = os.cpus();
  lines.push('# netpol-review benchmark', '');
  lines.push(
    `Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length}, ${fmtInt(Math.round(os.totalmem() / MiB))} MiB RAM, ` +
      `${os.type()} ${os.release()} (${os.arch()}), Node ${process.version}. Seed ${o.seed}; median of up to ${o.runs} runs ` +
      `(fewer past ${o.budgetMs / 1000} s per measurement).`,
    '',
  );
  lines.push(
    '| size | workloads | policies | parse ms (both trees) | parse ms (distinct files) | diff ms | diff/parse | analysis ms | peak RSS MiB | classes | opened | closed |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const row of rows) {
    const r = row.result;
    if (!r) {
      lines.push(`| ${sizeLabel(row.size)} | ${fmtInt(row.size.namespaces * row.size.perNamespace)} | | | | failed: ${row.failure} | | | | | | |`);
      continue;
    }
    const parse = median(r.parseMs);
    const d = diffMedian(r);
    const cells = [
      sizeLabel(r.size),
      fmtInt(r.base.workloads),
      fmtInt(r.base.policies),
      fmtMs(median(r.parseBothMs)),
      `${fmtMs(parse)}${r.parseMs.length > 1 ? '' : ' (1 run)'}`,
      d === undefined ? `error: ${r.diffError ?? 'no run'}` : `${fmtMs(d)}${r.diffMs.length > 1 ? '' : ' (1 run)'}`,
      d === undefined ? 'n/a' : fmtRatio(d / parse),
      d === undefined ? 'n/a' : fmtMs(d - parse),
      (r.peakRssAfterDiff / MiB).toFixed(0),
      r.classes === undefined ? 'n/a' : fmtInt(r.classes),
      r.opened === undefined ? 'n/a' : fmtInt(r.opened),
      r.closed === undefined ? 'n/a' : fmtInt(r.closed),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push(
    'parse ms: js-yaml `loadAll` (YAML11_SCHEMA) of every file of base and head (both trees), and of their distinct texts only ' +
      '(what a loader that parses byte-identical files once must pay; the engine does). diff ms: `diff(base, head)`, loading ' +
      'included. diff/parse and analysis ms (= diff − parse) use the distinct-files parse: the analysis is everything but YAML parsing. Peak RSS: the size\'s own child process (maxRSS), taken after the diff runs. ' +
      'Workloads and policies count the base tree, shared namespaces included.',
    '',
  );

  lines.push('## Inputs', '', '| size | files | YAML MiB (base + head) | documents (base + head) | generate ms |', '| ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const r = row.result;
    if (!r) continue;
    lines.push(
      `| ${sizeLabel(r.size)} | ${fmtInt(r.base.files)} + ${fmtInt(r.head.files)} | ${((r.base.bytes + r.head.bytes) / MiB).toFixed(1)} | ` +
        `${fmtInt(r.documents)} | ${fmtMs(r.generateMs)} |`,
    );
  }
  lines.push('');

  // Scaling between consecutive sizes.
  lines.push('## Scaling', '');
  const doublings: { label: string; ratio: number }[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!.result;
    const b = rows[i]!.result;
    if (!a || !b) continue;
    const factor = b.base.workloads / a.base.workloads;
    const da = diffMedian(a);
    const db = diffMedian(b);
    const parseRatio = median(b.parseMs) / median(a.parseMs);
    const diffText = da !== undefined && db !== undefined ? `diff ${fmtRatio(db / da)}` : 'diff n/a';
    const isDoubling = Math.abs(b.size.namespaces * b.size.perNamespace - 2 * a.size.namespaces * a.size.perNamespace) < 1e-9;
    lines.push(
      `- ${sizeLabel(a.size)} → ${sizeLabel(b.size)} (${fmtRatio(factor)} workloads${isDoubling ? ', a doubling' : ''}): ` +
        `${diffText}, parse ${fmtRatio(parseRatio)}`,
    );
    if (isDoubling && da !== undefined && db !== undefined) doublings.push({ label: `${sizeLabel(a.size)} → ${sizeLabel(b.size)}`, ratio: db / da });
  }
  lines.push('');

  // Targets.
  lines.push('## Targets', '');
  let failed = rows.some((r) => !r.result || r.result.diffError !== undefined);
  const at10k = rows.find((r) => r.size.namespaces * r.size.perNamespace === 10_000)?.result;
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL');
  const check = (name: string, ok: boolean | undefined, detail: string) => {
    if (ok === false) failed = true;
    lines.push(`- ${verdict(ok)}: ${name}${detail ? ` (${detail})` : ''}`);
  };
  const d10k = at10k ? diffMedian(at10k) : undefined;
  const p10k = at10k ? median(at10k.parseMs) : undefined;
  check(
    'full diff ≤ 2000 ms at 10,000 workloads',
    d10k === undefined ? undefined : d10k <= 2000,
    d10k === undefined ? (at10k ? `diff: ${at10k.diffError}` : 'size 500×20 not run') : `${fmtMs(d10k)} ms`,
  );
  check(
    'peak RSS ≤ 1 GiB at 10,000 workloads',
    at10k && d10k !== undefined ? at10k.peakRssAfterDiff <= 1024 * MiB : undefined,
    at10k ? `${(at10k.peakRssAfterDiff / MiB).toFixed(0)} MiB${d10k === undefined ? ', without a diff' : ''}` : 'size 500×20 not run',
  );
  check(
    'analysis (diff − parse of the distinct files) ≤ that parse at 10,000 workloads',
    d10k === undefined || p10k === undefined ? undefined : d10k - p10k <= p10k,
    d10k === undefined || p10k === undefined ? '' : `${fmtMs(d10k - p10k)} ms vs ${fmtMs(p10k)} ms`,
  );
  const worst = doublings.reduce<{ label: string; ratio: number } | undefined>((w, x) => (!w || x.ratio > w.ratio ? x : w), undefined);
  check(
    'diff time ×≤ 2.3 per doubling of the cluster',
    worst === undefined ? undefined : worst.ratio <= 2.3,
    worst === undefined ? 'no doubling measured' : `worst ${fmtRatio(worst.ratio)} at ${worst.label}`,
  );
  const overRss = rows.filter((r) => r.result && r.result.peakRssAfterDiff > 1024 * MiB).map((r) => sizeLabel(r.size));
  const slowAnalysis = rows
    .filter((r) => {
      const d = r.result && diffMedian(r.result);
      return r.result && d !== undefined && d - median(r.result.parseMs) > median(r.result.parseMs);
    })
    .map((r) => sizeLabel(r.size));
  lines.push(
    '',
    `Every size: peak RSS over 1 GiB at ${overRss.length ? overRss.join(', ') : 'none'}; ` +
      `analysis over parse at ${slowAnalysis.length ? slowAnalysis.join(', ') : 'none'}.`,
    '',
  );

  const last = [...rows].reverse().find((r) => r.result)?.result;
  if (last) {
    lines.push(`## Head edits (${sizeLabel(last.size)})`, '');
    for (const e of last.edits) lines.push(`- ${e.kind}: ${e.description} [${e.file}]`);
    lines.push('');
  }
  return { text: lines.join('\n'), failed };
}

// ---------------------------------------------------------------------------------------------
// Cold end-to-end runs, the warm heavy diff and the model's queries

interface QueryTimes {
  workloads: number;
  analyseMs: number;
  explainMs: number;
  reachersMs: number;
  reachableMs: number;
  reachers: number;
  reachable: number;
}

interface ColdReport {
  size: Size;
  results: ColdResult[];
  /** The heavy head's edits, and what the heavy diff opens and closes (warm, in-process). */
  heavyEdits: HeadEdit[];
  heavyOpened: number;
  heavyClosed: number;
  /** First (un-JITted) and second in-process heavy diff. */
  heavyDiffMs: [number, number];
  queries: QueryTimes;
}

const LIGHT = 'light head';
const HEAVY = 'heavy head';
const HEAVY_HALF = 'heavy head, half the namespaces';

function timed<T>(f: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

function workloadRef(model: ReturnType<typeof analyse>, id: string): EndpointRef {
  const r = model.resolve(id);
  if (r.kind !== 'found') throw new Error(`bench: ${id} not found`);
  return r.endpoint;
}

function runCold(size: Size, o: Options): ColdReport {
  const gen = (namespaces: number, heavy: boolean) =>
    generateCluster({ namespaces, workloadsPerNamespace: size.perNamespace, seed: o.seed, heavy });
  const heavy = gen(size.namespaces, true);
  const trees: ColdTrees[] = [];
  if (o.coldHeads.includes('light')) {
    const light = gen(size.namespaces, false);
    trees.push({ label: LIGHT, base: light.base, head: light.head });
  }
  if (o.coldHeads.includes('heavy')) trees.push({ label: HEAVY, base: heavy.base, head: heavy.head });
  const results = coldRuns(trees, o.coldRuns);
  if (o.coldHeads.includes('half')) {
    const half = gen(Math.max(1, size.namespaces >> 1), true);
    results.push(...coldRuns([{ label: HEAVY_HALF, base: half.base, head: half.head }], o.coldRuns, ['baseline', 'json']));
  }

  const first = timed(() => diff({ files: heavy.base }, { files: heavy.head }));
  const second = timed(() => diff({ files: heavy.base }, { files: heavy.head }));

  // The heavy head's base is the light head's: the generator edits only heads.
  const analysed = timed(() => analyse({ files: heavy.base }));
  const model = analysed.value;
  const api = model.workloads.find((w) => w.namespace === 'ns-0001' && w.labels.tier === 'api')!;
  const web = model.workloads.find((w) => w.namespace === 'ns-0001' && w.labels.tier === 'web')!;
  const from = workloadRef(model, web.id);
  const to = workloadRef(model, api.id);
  const explain = timed(() => model.explain(from, to, portRange('TCP', 8080, 8080)));
  const reachers = timed(() => model.reachers(to));
  const reachable = timed(() => model.reachable(from));
  return {
    size,
    results,
    heavyEdits: heavy.edits,
    heavyOpened: second.value.opened.length,
    heavyClosed: second.value.closed.length,
    heavyDiffMs: [first.ms, second.ms],
    queries: {
      workloads: model.workloads.length,
      analyseMs: analysed.ms,
      explainMs: explain.ms,
      reachersMs: reachers.ms,
      reachableMs: reachable.ms,
      reachers: reachers.value.length,
      reachable: reachable.value.length,
    },
  };
}

function renderCold(c: ColdReport, o: Options): { lines: string[]; failed: boolean } {
  const lines: string[] = [];
  let failed = false;
  /** `ok` undefined: not measured in this run (--cold-heads). */
  const check = (name: string, ok: boolean | undefined, detail: string) => {
    if (ok === false) failed = true;
    lines.push(`- ${ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL'}: ${name} (${detail})`);
  };
  lines.push(
    `## Cold end-to-end runs (${sizeLabel(c.size)})`,
    '',
    `Fresh processes, trees on disk in a temporary directory, ${o.coldRuns} interleaved rounds, median. baseline: a fresh Node ` +
      'process that reads every file of base and head synchronously and runs js-yaml `loadAll` on each (one core). ' +
      '`json` / `markdown`: `node bin/netpol-review.js diff base head --format …` (output to /dev/null) with the default parse ' +
      'threads (on trees this large, one worker per core other processes left idle while the CLI reads the files); ' +
      '`in-process`: `--format json --parse-threads 0`; `one worker`: `--format json --parse-threads 1`. ' +
      'Wall time includes Node start-up; peak RSS is the process\'s maxRSS. Ratios are to the same trees\' baseline.',
    '',
    '| trees | baseline ms | json ms | json / baseline | markdown ms | markdown / baseline | in-process ms | in-process / baseline | one worker ms | one worker / baseline | peak RSS MiB (baseline / json / markdown / in-process / one worker) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const med = (r: ColdResult | undefined, v: ColdVariant) => (r?.runs[v].length ? median(r.runs[v].map((x) => x.ms)) : undefined);
  const rss = (r: ColdResult, v: ColdVariant) => (r.runs[v].length ? Math.max(...r.runs[v].map((x) => x.peakRss)) : undefined);
  for (const r of c.results) {
    const b = med(r, 'baseline');
    const cell = (v: ColdVariant) => {
      const m = med(r, v);
      return m === undefined ? ['n/a', 'n/a'] : [fmtMs(m), b === undefined ? 'n/a' : fmtRatio(m / b)];
    };
    lines.push(
      `| ${r.label}${r.failure ? ` (failed: ${r.failure.replace(/\|/g, '\\|').replace(/\n/g, ' ')})` : ''} | ${b === undefined ? 'n/a' : fmtMs(b)} | ${cell('json').join(' | ')} | ` +
        `${cell('markdown').join(' | ')} | ${cell('json-in-process').join(' | ')} | ${cell('json-one-worker').join(' | ')} | ${COLD_VARIANTS.map((v) => rss(r, v)).map((x) => (x === undefined ? '–' : (x / MiB).toFixed(0))).join(' / ')} |`,
    );
    if (r.failure) failed = true;
  }
  const heavy = c.results.find((r) => r.label === HEAVY);
  const half = c.results.find((r) => r.label === HEAVY_HALF);
  lines.push(
    '',
    `Heavy head: ${fmtInt(c.heavyOpened)} paths opened, ${fmtInt(c.heavyClosed)} closed. The same diff in-process (engine API, ` +
      `no rendering): ${fmtMs(c.heavyDiffMs[0])} ms the first, un-JITted time, ${fmtMs(c.heavyDiffMs[1])} ms the second.`,
    '',
    `Model queries after one analysis of the ${fmtInt(c.queries.workloads)}-workload base (${fmtMs(c.queries.analyseMs)} ms): ` +
      `explain ${fmtMs(c.queries.explainMs)} ms, reachers ${fmtMs(c.queries.reachersMs)} ms (${fmtInt(c.queries.reachers)} paths), ` +
      `reachable ${fmtMs(c.queries.reachableMs)} ms (${fmtInt(c.queries.reachable)} paths).`,
    '',
    '### Cold targets',
    '',
  );
  const b = med(heavy, 'baseline');
  for (const v of ['json', 'markdown'] as const) {
    const m = med(heavy, v);
    check(`cold diff --format ${v}, heavy head ≤ 1.0× the baseline`, b === undefined || m === undefined ? undefined : m <= b, b && m ? fmtRatio(m / b) : 'n/a');
  }
  const peak = Math.max(...c.results.flatMap((r) => COLD_VARIANTS.filter((v) => v !== 'baseline').flatMap((v) => r.runs[v]).map((x) => x.peakRss)));
  check('cold peak RSS ≤ 1 GiB', peak <= 1024 * MiB, `${(peak / MiB).toFixed(0)} MiB`);
  const full = med(heavy, 'json');
  const halfJson = med(half, 'json');
  check(
    `cold diff --format json, heavy head: ${sizeLabel({ ...c.size, namespaces: c.size.namespaces >> 1 })} → ${sizeLabel(c.size)} ≤ 2.1×`,
    full === undefined || halfJson === undefined ? undefined : full / halfJson <= 2.1,
    full && halfJson ? fmtRatio(full / halfJson) : 'n/a',
  );
  const q = c.queries;
  const slowest = Math.max(q.explainMs, q.reachersMs, q.reachableMs);
  check('model queries < 50 ms each', slowest < 50, `slowest ${fmtMs(slowest)} ms`);
  lines.push('', `### Heavy head edits (${sizeLabel(c.size)})`, '');
  for (const e of c.heavyEdits) lines.push(`- ${e.kind}: ${e.description} [${e.file}]`);
  lines.push('');
  return { lines, failed };
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--child') {
    const req = JSON.parse(argv[1]!) as ChildRequest;
    let message: { result?: SizeResult; error?: string };
    try {
      message = { result: runChild(req) };
    } catch (e) {
      message = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    await new Promise<void>((resolve) => process.send!(message, () => resolve()));
    return 0;
  }
  const o = parseOptions(argv);
  const rows: Row[] = [];
  for (const size of o.sizes) {
    process.stderr.write(`bench: ${sizeLabel(size)} …`);
    const started = performance.now();
    const row = await runSize({ size, seed: o.seed, runs: o.runs, budgetMs: o.budgetMs }, o.timeoutMs);
    rows.push(row);
    const r = row.result;
    const what = !r
      ? `failed: ${row.failure}`
      : `parse ${fmtMs(median(r.parseMs))} ms, diff ${r.diffError !== undefined ? `error: ${r.diffError}` : `${fmtMs(median(r.diffMs))} ms`}`;
    process.stderr.write(` ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  const report = renderReport(rows, o);
  let cold: ColdReport | undefined;
  let failed = report.failed;
  let text = report.text;
  if (o.cold) {
    process.stderr.write(`bench: cold runs at ${sizeLabel(o.cold)} …`);
    const started = performance.now();
    cold = runCold(o.cold, o);
    process.stderr.write(` (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    const rendered = renderCold(cold, o);
    failed ||= rendered.failed;
    text += `\n${rendered.lines.join('\n')}`;
  }
  process.stdout.write(`${text}\n`);
  if (o.out) {
    fs.mkdirSync(o.out, { recursive: true });
    fs.writeFileSync(path.join(o.out, 'latest.md'), `${text}\n`);
    fs.writeFileSync(path.join(o.out, 'latest.json'), `${JSON.stringify({ options: o, machine: machine(), rows, cold }, null, 2)}\n`);
  }
  return o.strict && failed ? 1 : 0;
}

function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model.trim(), cpus: cpus.length, totalMemory: os.totalmem(), os: `${os.type()} ${os.release()}`, node: process.version };
}

process.exitCode = await main(process.argv.slice(2));
