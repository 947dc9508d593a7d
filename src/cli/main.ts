import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type AnalysisInput,
  type AnalysisOptions,
  type Diagnostic,
  DEFAULT_SETTINGS,
  FAIL_ON,
  type FailOn,
  type Model,
  PARSE_LIMITS,
  type Protocol,
  type ReviewContext,
  type Settings,
  type SourceFile,
  analyse,
  analysePair,
  analysisOptions,
  changedFiles,
  compare,
  diffJson,
  diffJsonShared,
  explainJson,
  matrixJson,
  parseCidr,
  parsePort,
  portRange,
  renderComment,
  renderDiffText,
  renderExplainText,
  renderMatrixText,
  review,
  shouldFail,
} from '../core.js';
import { type RenderOptions, renderOptionsOf } from '../render/index.js';
import { MAX_PARSE_THREADS, ParseThreads, sampleCpus } from './parse-threads.js';
import { defaultParseThreads, readAhead } from './read-ahead.js';
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
  --parse-threads N          worker threads (0-64) that parse the manifests besides the main
                             thread (default: when the distinct files hold 2 MiB or
                             more, one per core other processes left idle while the
                             files were read, else 0)
  --explanations inline|shared
                             (diff --format json) inline (default): every edge carries
                             its explanations; shared: each distinct explanation once
                             in "explanations", edges refer to it by index
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
  const parsed = parsePort(text);
  if (!parsed) throw new UsageError(`port ${JSON.stringify(text)} must be 80, TCP/80 or 80/TCP with a port 1-65535`);
  return parsed;
}

async function readInputFiles(paths: readonly string[], context: readonly string[], render: RenderOptions, maxFileBytes: number): Promise<AnalysisInput & { files: SourceFile[]; diagnostics: Diagnostic[] }> {
  const files: SourceFile[] = [];
  const contextFiles: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [list, into] of [
    [paths, files],
    [context, contextFiles],
  ] as const) {
    for (const path of list) {
      const tree = await readRenderedTree(path, render, maxFileBytes);
      into.push(...tree.files);
      diagnostics.push(...tree.diagnostics);
    }
  }
  return { files, context: contextFiles, diagnostics };
}

/** The settings reader (and its schema library), loaded only for a settings file or options that override settings. */
const settingsReader = () => import('../index.js');

async function readSettings(path: string | undefined): Promise<{ settings: Settings; diagnostics: Diagnostic[] }> {
  if (path === undefined) return { settings: structuredClone(DEFAULT_SETTINGS), diagnostics: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UnreadablePathError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return (await settingsReader()).parseSettings(text, basename(path));
}

/** Places a tree's files and diagnostics under the repository root, so that links resolve. */
function placeInput(input: Awaited<ReturnType<typeof readInputFiles>>, prefix: string): void {
  input.files = placeUnder(input.files, prefix);
  input.diagnostics = input.diagnostics.map((d) => ({ ...d, file: prefix + d.file }));
}

/**
 * Runs the CLI; returns the exit code. `started`: parse threads started for it as the process
 * started (`ParseThreads.early`); it takes those it uses and ends the others.
 */
export async function run(argv: readonly string[], stdout: Output, stderr: Output, started?: ParseThreads): Promise<number> {
  const cpusAtStart = started?.since ?? sampleCpus();
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
        explanations: { type: 'string' },
        'parse-threads': { type: 'string' },
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
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    if (format === 'markdown' && positionals[0] !== 'diff') throw new UsageError('--format markdown is for diff only');
    const explanations = values.explanations ?? 'inline';
    if (explanations !== 'inline' && explanations !== 'shared') throw new UsageError('--explanations must be inline or shared');
    if (values.explanations !== undefined && (positionals[0] !== 'diff' || format !== 'json')) throw new UsageError('--explanations is for diff --format json only');
    const parseThreads = values['parse-threads'] === undefined ? undefined : Number(values['parse-threads']);
    if (parseThreads !== undefined && !(Number.isSafeInteger(parseThreads) && parseThreads >= 0 && parseThreads <= MAX_PARSE_THREADS && /^\d+$/.test(values['parse-threads']!))) {
      throw new UsageError(`--parse-threads must be a whole number from 0 to ${MAX_PARSE_THREADS}`);
    }
    const podCidrFlags = values['pod-cidr'];
    const overrides: Partial<Pick<Settings, 'podCidrs' | 'defaultNamespace' | 'failOn'>> & { render?: { kustomize: false } } = {};
    if (failOn !== undefined) overrides.failOn = failOn;
    if (values['no-render']) overrides.render = { kustomize: false };
    if (values['default-namespace'] !== undefined) {
      if (values['default-namespace'] === '') throw new UsageError('--default-namespace must not be empty');
      overrides.defaultNamespace = values['default-namespace'];
    }
    if (podCidrFlags) {
      if (podCidrFlags.includes('none') && podCidrFlags.length > 1) throw new UsageError('--pod-cidr none cannot be combined with CIDRs');
      const bad = podCidrFlags.find((c) => c !== 'none' && !parseCidr(c));
      if (bad !== undefined) throw new UsageError(`--pod-cidr ${JSON.stringify(bad)} is not a CIDR`);
      overrides.podCidrs = podCidrFlags.includes('none') ? [] : podCidrFlags;
    }
    const context = values.context ?? [];
    const [command, ...args] = positionals;
    const file = await readSettings(values.config);
    const { settings } = Object.keys(overrides).length === 0 ? file : (await settingsReader()).mergeSettings(file.settings, overrides, 'options');
    const { parseLimits } = analysisOptions(settings);
    const options = { ...(overrides.defaultNamespace ? { defaultNamespace: overrides.defaultNamespace } : {}), ...(overrides.podCidrs ? { podCidrs: overrides.podCidrs } : {}), ...(parseLimits ? { parseLimits } : {}) };
    const render = renderOptionsOf(settings.render);
    const readInput = (paths: readonly string[], context: readonly string[]) => readInputFiles(paths, context, render, settings.limits.maxFileBytes);
    /** The options with the inputs' files parsed ahead on the worker threads, when any. */
    const readingAhead = async (inputs: readonly AnalysisInput[], analysis: AnalysisOptions): Promise<AnalysisOptions> => {
      const limits = analysis.parseLimits ?? PARSE_LIMITS;
      const threads = parseThreads ?? defaultParseThreads(inputs, cpusAtStart, limits);
      const workers = started?.take(threads) ?? [];
      started?.close();
      if (threads === 0) return analysis;
      if (workers.length < threads) workers.push(...ParseThreads.start(threads - workers.length).take(threads - workers.length));
      return { ...analysis, readAhead: await readAhead(inputs, workers, analysis.defaultNamespace ?? 'default', limits) };
    };
    /** Renders only the format asked for. */
    const emit = (json: () => unknown, text: () => string) => stdout.write(format === 'json' ? `${JSON.stringify(json(), null, 2)}\n` : text());
    switch (command) {
      case 'matrix': {
        if (args.length === 0) throw new UsageError('matrix needs at least one path');
        const input = await readInput(args, context);
        const model = analyse(input, await readingAhead([input], options));
        const result = matrixJson(model.matrix(), model);
        emit(
          () => result,
          () => renderMatrixText(result),
        );
        return 0;
      }
      case 'diff': {
        if (args.length !== 2) throw new UsageError('diff needs exactly two paths: <base-path> <head-path>');
        const base = await readInput([args[0]!], context);
        const head = await readInput([args[1]!], context);
        const reviewOf = async (models: { base: Model; head: Model }, settings: Settings, settingsDiagnostics: readonly Diagnostic[]) => {
          const reviewContext: ReviewContext = {
            fullReport: `node bin/netpol-review.js diff ${args.join(' ')} --format text (from a netpol-review checkout)`,
            changedFiles: changedFiles([...base.files, ...(base.context ?? [])], [...head.files, ...(head.context ?? [])]),
          };
          if (values.repo) reviewContext.repository = values.repo;
          if (values['base-sha']) reviewContext.baseSha = values['base-sha'];
          if (values['head-sha']) reviewContext.headSha = values['head-sha'];
          return review(models.base, models.head, settings, reviewContext, settingsDiagnostics);
        };
        const gate = (result: Parameters<typeof shouldFail>[0]) => (shouldFail(result, settings).fail ? 2 : 0);
        if (format === 'markdown') {
          if (values.repo !== undefined) {
            const [basePrefix, headPrefix] = [await linkPrefix(args[0]!, values['repo-root']), await linkPrefix(args[1]!, values['repo-root'])];
            if (basePrefix === undefined || headPrefix === undefined) throw new UsageError(`${basePrefix === undefined ? args[0] : args[1]} is not inside --repo-root ${values['repo-root']}`);
            placeInput(base, basePrefix);
            placeInput(head, headPrefix);
          }
          const result = await reviewOf(analysePair(base, head, await readingAhead([base, head], analysisOptions(settings))), settings, file.diagnostics);
          stdout.write(renderComment(result, settings.comment));
          return gate(result);
        }
        const models = analysePair(base, head, await readingAhead([base, head], settings.failOn === 'none' ? options : analysisOptions(settings)));
        const comparison = compare(models.base, models.head);
        emit(
          () => (explanations === 'shared' ? diffJsonShared(comparison) : diffJson(comparison)),
          () => renderDiffText(diffJson(comparison)),
        );
        return settings.failOn === 'none' ? 0 : gate(await reviewOf(models, settings, file.diagnostics));
      }
      case 'explain': {
        if (args.length !== 4) throw new UsageError('explain needs <path> <from-id> <to-id> <port>');
        const traffic = parsePortArgument(args[3]!);
        const input = await readInput([args[0]!], context);
        const model = analyse(input, await readingAhead([input], options));
        const ends = [args[1]!, args[2]!].map((id) => {
          const found = model.resolve(id);
          if (found.kind === 'found') return found.endpoint;
          const hint = found.kind === 'ambiguous' ? `; it names ${found.candidates.map((c) => c.id).join(', ')}` : found.suggestions.length > 0 ? `; did you mean ${found.suggestions.join(' or ')}?` : '';
          throw new UsageError(`no workload or external endpoint ${JSON.stringify(id)} in ${args[0]} (ids look like namespace/Kind/name or ip:<cidr>)${hint}`);
        });
        const result = explainJson(model.explain(ends[0]!, ends[1]!, portRange(traffic.protocol, traffic.port, traffic.port)), model.diagnostics);
        emit(
          () => result,
          () => renderExplainText(result),
        );
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
  } finally {
    started?.close();
  }
}
