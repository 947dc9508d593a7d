import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { diff, explain, matrix } from '../index.js';
import type { AnalysisInput, AnalysisOptions, Diagnostic, Protocol, SourceFile } from '../index.js';
import { parsePodCidrs } from '../engine/analysis.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderDiffText, renderExplainText, renderMatrixText } from '../report/text.js';
import { DEFAULT_CONFIG, type ReviewConfig, parseConfig } from '../review/config.js';
import { type ReviewContext, review } from '../review/review.js';
import { FAIL_ON, type FailOn, shouldFail } from './fail-gate.js';
import { readRenderedTree } from './read-rendered-tree.js';
import { UnreadablePathError } from './read-tree.js';
import { linkPrefix, placeUnder } from './repo-root.js';
import { packageVersion } from './version.js';

export const USAGE = `Usage:
  netpol-review matrix <path>... [options]
  netpol-review diff <base-path> <head-path> [options]
  netpol-review explain <path> <from-id> <to-id> <port> [options]

Paths are manifest files or directories (read recursively: .yaml, .yml, .json).
Ids: workloads as namespace/Kind/name (prod/Deployment/api), external endpoints as
ip:<cidr>[ except <cidr>,...] or ip:<address>. Port: 80, TCP/80 or 80/TCP.

Options:
  --format json|text|markdown
                             output format (default text; markdown for diff only:
                             the review comment the bots post)
  --repo OWNER/REPO          (markdown) link causes to files on GitHub
  --base-sha SHA, --head-sha SHA
                             (markdown) the commits compared, for links and the header
  --config FILE              (markdown) review settings (.github/netpol-review.yml)
  --default-namespace NS     namespace of objects without one (default "default")
  --pod-cidr CIDR            a CIDR pod IPs come from (repeatable; default the RFC 1918
                             ranges; "none" when ipBlocks never apply to pods)
  --context PATH             manifests of what runs in the cluster but not in the
                             repository (repeatable)
  --no-render                do not run kubectl kustomize / kustomize build on
                             Kustomize roots (they are reported unanalysed)
  --repo-root DIR            (markdown, with --repo) the repository root links are
                             relative to (default: the nearest directory above each
                             path holding .git)
  --fail-on none|low|medium|high|any-change
                             (diff) exit 2 when the review's risk is at least that
                             level, or on any change (default none)
  --version                  the version
  -h, --help                 this help

Exit codes: 0 analysed (diagnostics may exist), 1 usage error or unreadable path,
2 the --fail-on gate failed.
`;

class UsageError extends Error {}

interface Output {
  write(text: string): unknown;
}

const FORMATS = ['json', 'text', 'markdown'] as const;

/** Parses `80`, `TCP/80` or `80/TCP`. */
export function parsePortArgument(text: string): { protocol: Protocol; port: number } {
  const m = /^(?:(TCP|UDP|SCTP)\/)?(\d+)(?:\/(TCP|UDP|SCTP))?$/i.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || (m[1] && m[3]) || !(port >= 1 && port <= 65535)) {
    throw new UsageError(`port ${JSON.stringify(text)} must be 80, TCP/80 or 80/TCP with a port 1-65535`);
  }
  return { protocol: (m[1] ?? m[3] ?? 'TCP').toUpperCase() as Protocol, port };
}

async function readInput(paths: readonly string[], context: readonly string[], render: boolean): Promise<{ input: AnalysisInput; diagnostics: Diagnostic[] }> {
  const files: SourceFile[] = [];
  const contextFiles: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [list, into] of [
    [paths, files],
    [context, contextFiles],
  ] as const) {
    for (const path of list) {
      const tree = await readRenderedTree(path, render);
      into.push(...tree.files);
      diagnostics.push(...tree.diagnostics);
    }
  }
  return { input: { files, context: contextFiles }, diagnostics };
}

async function readConfig(path: string | undefined): Promise<{ config: ReviewConfig; diagnostics: Diagnostic[] }> {
  if (path === undefined) return { config: structuredClone(DEFAULT_CONFIG), diagnostics: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UnreadablePathError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseConfig(text, basename(path));
}

const byFileLine = (a: Diagnostic, b: Diagnostic) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line);

function withoutStats<T extends { stats?: unknown }>(result: T): Omit<T, 'stats'> {
  const { stats: _stats, ...rest } = result;
  return rest;
}

/** Runs the CLI; returns the exit code. */
export async function run(argv: readonly string[], stdout: Output, stderr: Output): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'default-namespace': { type: 'string' },
        'pod-cidr': { type: 'string', multiple: true },
        context: { type: 'string', multiple: true },
        repo: { type: 'string' },
        'base-sha': { type: 'string' },
        'head-sha': { type: 'string' },
        config: { type: 'string' },
        'no-render': { type: 'boolean' },
        'repo-root': { type: 'string' },
        'fail-on': { type: 'string' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      stdout.write(USAGE);
      return 0;
    }
    if (values.version) {
      stdout.write(`${await packageVersion()}\n`);
      return 0;
    }
    const failOn = values['fail-on'] as FailOn | undefined;
    if (failOn !== undefined && !FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
    if (failOn !== undefined && positionals[0] !== 'diff') throw new UsageError('--fail-on is for diff only');
    const render = !values['no-render'];
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    if (format === 'markdown' && positionals[0] !== 'diff') throw new UsageError('--format markdown is for diff only');
    const podCidrFlags = values['pod-cidr'];
    const options: AnalysisOptions = {};
    if (values['default-namespace'] !== undefined) {
      if (values['default-namespace'] === '') throw new UsageError('--default-namespace must not be empty');
      options.defaultNamespace = values['default-namespace'];
    }
    if (podCidrFlags) {
      if (podCidrFlags.includes('none') && podCidrFlags.length > 1) throw new UsageError('--pod-cidr none cannot be combined with CIDRs');
      options.podCidrs = podCidrFlags.includes('none') ? [] : podCidrFlags;
      try {
        parsePodCidrs(options.podCidrs);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    const context = values.context ?? [];
    const [command, ...args] = positionals;
    const emit = (json: unknown, text: string) => stdout.write(format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : text);
    switch (command) {
      case 'matrix': {
        if (args.length === 0) throw new UsageError('matrix needs at least one path');
        const { input, diagnostics } = await readInput(args, context, render);
        const result = matrix(input, options);
        result.diagnostics = [...diagnostics, ...result.diagnostics].sort(byFileLine);
        emit(withoutStats(result), renderMatrixText(result));
        return 0;
      }
      case 'diff': {
        if (args.length !== 2) throw new UsageError('diff needs exactly two paths: <base-path> <head-path>');
        const base = await readInput([args[0]!], context, render);
        const head = await readInput([args[1]!], context, render);
        const reviewOf = async (linked: boolean) => {
          const { config, diagnostics } = await readConfig(values.config);
          if (options.podCidrs) config.podCidrs = [...options.podCidrs];
          if (options.defaultNamespace) config.defaultNamespace = options.defaultNamespace;
          const context: ReviewContext = { fullReport: `npx netpol-review diff ${args.join(' ')} --format text` };
          if (values.repo) context.repository = values.repo;
          if (values['base-sha']) context.baseSha = values['base-sha'];
          if (values['head-sha']) context.headSha = values['head-sha'];
          if (!linked) return { result: review(base.input, head.input, config, context), config, diagnostics };
          const [basePrefix, headPrefix] = [await linkPrefix(args[0]!, values['repo-root']), await linkPrefix(args[1]!, values['repo-root'])];
          if (basePrefix === undefined || headPrefix === undefined) throw new UsageError(`${basePrefix === undefined ? args[0] : args[1]} is not inside --repo-root ${values['repo-root']}`);
          base.input.files = placeUnder(base.input.files, basePrefix);
          head.input.files = placeUnder(head.input.files, headPrefix);
          base.diagnostics = base.diagnostics.map((d) => ({ ...d, file: basePrefix + d.file }));
          head.diagnostics = head.diagnostics.map((d) => ({ ...d, file: headPrefix + d.file }));
          return { result: review(base.input, head.input, config, context), config, diagnostics };
        };
        if (format === 'markdown') {
          const { result, config, diagnostics } = await reviewOf(values.repo !== undefined);
          result.diagnostics = [
            ...diagnostics.map((d) => ({ ...d, side: 'head' as const })),
            ...base.diagnostics.map((d) => ({ ...d, side: 'base' as const })),
            ...head.diagnostics.map((d) => ({ ...d, side: 'head' as const })),
            ...result.diagnostics,
          ].sort(byFileLine);
          stdout.write(renderMarkdown(result, config.comment));
          return failOn && shouldFail(result, failOn) ? 2 : 0;
        }
        const result = diff(base.input, head.input, options);
        result.diagnostics = [
          ...base.diagnostics.map((d) => ({ ...d, side: 'base' as const })),
          ...head.diagnostics.map((d) => ({ ...d, side: 'head' as const })),
          ...result.diagnostics,
        ].sort(byFileLine);
        emit(withoutStats(result), renderDiffText(result));
        return failOn && failOn !== 'none' && shouldFail((await reviewOf(false)).result, failOn) ? 2 : 0;
      }
      case 'explain': {
        if (args.length !== 4) throw new UsageError('explain needs <path> <from-id> <to-id> <port>');
        const traffic = parsePortArgument(args[3]!);
        const { input, diagnostics } = await readInput([args[0]!], context, render);
        const outcome = explain(input, args[1]!, args[2]!, traffic, options);
        if (outcome.kind === 'unknown-endpoint') {
          throw new UsageError(`no workload or external endpoint ${JSON.stringify(outcome.id)} in ${args[0]} (ids look like namespace/Kind/name or ip:<cidr>)`);
        }
        const result = { ...outcome.result, diagnostics: [...diagnostics, ...outcome.result.diagnostics].sort(byFileLine) };
        emit(result, renderExplainText(result));
        return 0;
      }
      default:
        throw new UsageError(command === undefined ? 'no command given' : `unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnreadablePathError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      stderr.write(`netpol-review: ${(error as Error).message}\n\n${USAGE}`);
      return 1;
    }
    throw error;
  }
}
