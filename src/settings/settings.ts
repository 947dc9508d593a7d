import { z } from 'zod';
import { readSelector } from '../k8s/label-selector.js';
import { FixedLocator, type Locator, parseManifestFile } from '../k8s/parse-yaml.js';
import { COMMENT_MODES, DEFAULT_SETTINGS, FAIL_ON, RISK_LEVELS } from './defaults.js';
import { Problems, isPlainObject } from '../k8s/problems.js';
import type { Diagnostic, LabelSelector } from '../k8s/types.js';
import { parseCidr } from '../values/ip-address.js';

/**
 * The one settings schema every door reads: `.github/netpol-review.yml` (always from the PR's base
 * commit, so a PR cannot weaken its own review), the Action's inputs (the same names in kebab-case)
 * and the CLI's options. Types, validation and the published JSON Schema come from this schema.
 */

const namespaceName = z
  .string({ error: 'must be a namespace name' })
  .max(63, { error: 'must be a namespace name' })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'must be a namespace name' });
// The element schemas carry the list's message too: zod reports a bad element by the element's message.
const stringList = z.array(z.string({ error: 'must be a list of strings' }), { error: 'must be a list of strings' });
const cidrList = stringList.superRefine((list, ctx) => {
  const bad = list.find((c) => !parseCidr(c));
  if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(bad)} is not a CIDR` });
});
const globPattern = z.string({ error: 'must be a list of glob patterns' }).min(1, { error: 'must be a list of glob patterns' });
const globList = z.array(globPattern, { error: 'must be a list of glob patterns' });
const positive = z.number({ error: 'must be a positive integer' }).int({ error: 'must be a positive integer' }).min(1, { error: 'must be a positive integer' });
const seconds = z.number({ error: 'must be a number of seconds, at least 0.001' }).min(0.001, { error: 'must be a number of seconds, at least 0.001' });
const flag = z.boolean({ error: 'must be true or false' });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** A Kubernetes label selector; validated as the API server does (see readSelector). */
const labelSelector = z
  .object({
    matchLabels: z.record(z.string(), z.string()).optional(),
    matchExpressions: z
      .array(z.object({ key: z.string(), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).optional() }))
      .optional(),
  })
  .transform((raw, ctx): LabelSelector => {
    const problems = new Problems('', NO_SOURCE, '');
    const selector = readSelector(raw, problems, []);
    for (const d of problems.diagnostics) if (d.severity === 'error') ctx.addIssue({ code: 'custom', message: d.message.replace(/^: /, '') });
    return selector ?? { requirements: [] };
  });
const selectorList = z.array(labelSelector, { error: 'must be a list of label selectors' });

export const MIN_COMMENT_CHARACTERS = 2_000;
/** GitHub rejects comment bodies over 65,536 characters. */
export const MAX_COMMENT_CHARACTERS = 65_536;

export { COMMENT_MODES, DEFAULT_SETTINGS, FAIL_ON, RISK_LEVELS } from './defaults.js';

export const settingsSchema = z.object({
  /** Paths into these namespaces, or to workloads matching these selectors, are at least medium risk. */
  sensitive: z.object({ namespaces: stringList, podSelectors: selectorList }),
  /** The cluster DNS the DNS check probes; assumed (and shown nowhere) when no tree has it. */
  dns: z.object({ namespace: namespaceName, podSelector: labelSelector }),
  /** Addresses that are not "the internet". */
  internalCidrs: cidrList,
  /** CIDRs pod IPs come from (the CLI's --pod-cidr); absent: the RFC 1918 ranges; [] = ipBlocks never match pods. */
  podCidrs: cidrList.optional(),
  /** Namespace of objects without one. */
  defaultNamespace: namespaceName.optional(),
  /** Globs of manifest files to analyse (default: every .yaml, .yml, .json outside dot-directories). */
  paths: globList,
  /** Globs of files not to analyse. */
  exclude: globList,
  /** Globs of context manifests (what runs in the cluster but not in this repository), read from the base commit for both sides. */
  context: globList,
  comment: z.object({
    /** on-change: create a comment only when reachability or exposure changes, but always update an existing one. */
    mode: oneOf(COMMENT_MODES),
    maxCharacters: positive.min(MIN_COMMENT_CHARACTERS, { error: `must be between ${MIN_COMMENT_CHARACTERS} and ${MAX_COMMENT_CHARACTERS} (GitHub's limit)` }).max(MAX_COMMENT_CHARACTERS, {
      error: `must be between ${MIN_COMMENT_CHARACTERS} and ${MAX_COMMENT_CHARACTERS} (GitHub's limit)`,
    }),
    /** Rows per table before the rest is folded into counts. */
    maxRows: positive,
    /** Edges of the Mermaid picture before it is capped. */
    maxDiagramEdges: positive,
  }),
  /** Fail (the check, the step, the CLI's exit code 2) when the risk is at least this level, or on any change. */
  failOn: oneOf(FAIL_ON),
  /** Fail when the head has invalid manifests the base did not have. */
  failOnInvalid: flag,
  /** Fail when part of the input could not be analysed. */
  failOnIncomplete: flag,
  /** Rendering of Kustomize roots (with plugins off and remote references refused). */
  render: z.object({
    /** Render Kustomize roots; off, they are reported unanalysed. */
    kustomize: flag,
    /** Directories to render (relative to the repository); absent, every root is found. */
    roots: stringList.optional(),
    /** Time limit per root. */
    timeoutSeconds: positive,
    /** Output limit per root. */
    maxOutputMiB: positive,
  }),
  /** Draft pull requests: review them, or skip them until they are ready. */
  drafts: oneOf(['review', 'skip'] as const),
  /** Bounds on one review's work (see SECURITY.md). */
  limits: z.object({
    /** Manifest files larger than this (in bytes) are skipped, never fetched or read. */
    maxFileBytes: positive,
    /** Files of one side (manifests and context); past it, in path order, files are skipped, never fetched or read. */
    maxFiles: positive,
    /** Bytes of one side's files together; from the file that passes it on, in path order, files are skipped. */
    maxTotalBytes: positive,
    /** YAML documents in one file; documents past it are skipped. */
    maxDocumentsPerFile: positive,
    /** Nesting depth of a YAML document. */
    maxDepth: positive,
    /** Aliases in one YAML document. */
    maxAliasesPerDocument: positive,
    /** Nodes one YAML document may expand to once its aliases are followed. */
    maxExpandedNodes: positive,
    /** Seconds the analysis of a review may take; past it, the review stops and says it is incomplete. */
    timeBudgetSeconds: seconds,
  }),
});

export type Settings = z.output<typeof settingsSchema>;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type FailOn = Settings['failOn'];


/** The JSON Schema of the settings file, for editors (published as schema/netpol-review.schema.json). */
export function settingsJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(settingsSchema.partial().extend({ comment: settingsSchema.shape.comment.partial().optional(), sensitive: settingsSchema.shape.sensitive.partial().optional(), dns: settingsSchema.shape.dns.partial().optional(), render: settingsSchema.shape.render.partial().optional(), limits: settingsSchema.shape.limits.partial().optional() }).strict(), {
      io: 'input',
      unrepresentable: 'any',
      // The parser reports unknown keys at every level (sections, selectors), not only at the top: so does the schema.
      override: (ctx) => {
        const schema = ctx.jsonSchema as Record<string, unknown>;
        if (schema['type'] === 'object' && schema['properties'] !== undefined && schema['additionalProperties'] === undefined) schema['additionalProperties'] = false;
      },
    }),
    title: 'netpol-review settings (.github/netpol-review.yml)',
  };
}

const NO_SOURCE: Locator = new FixedLocator(1);

type Path = (string | number)[];

/** Reads `value` against an object schema: unknown keys warn, each invalid leaf is reported and keeps its default. */
function readSection(schema: z.ZodObject, value: Record<string, unknown>, defaults: Record<string, unknown>, path: Path, problems: Problems): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  const keys = Object.keys(schema.shape);
  problems.unknownFields(value, keys, path);
  for (const key of keys) {
    const raw = value[key];
    if (raw === undefined || raw === null) continue;
    const at = [...path, key];
    const leaf = unwrap(schema.shape[key] as z.ZodType);
    if (leaf instanceof z.ZodObject) {
      if (!isPlainObject(raw)) problems.error(at, `must be a map with ${Object.keys(leaf.shape).join(', ')}`);
      else out[key] = readSection(leaf, raw, (defaults[key] ?? {}) as Record<string, unknown>, at, problems);
    } else if (leaf === labelSelector) {
      out[key] = readSelector(raw, problems, at) ?? defaults[key];
    } else if (leaf === selectorList) {
      if (!Array.isArray(raw)) problems.error(at, 'must be a list of label selectors');
      else out[key] = raw.flatMap((s, i) => readSelector(s, problems, [...at, i]) ?? []);
    } else {
      const parsed = leaf.safeParse(raw);
      if (parsed.success) out[key] = parsed.data;
      else problems.error(at, parsed.error.issues[0]!.message);
    }
  }
  return out;
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

function readSettings(raw: unknown, base: Settings, file: string, locator: Locator, subject: string, ignored = ': setting ignored, default used'): { settings: Settings; diagnostics: Diagnostic[] } {
  const problems = new Problems(file, locator, subject, ignored, 'is not a setting and is ignored');
  if (!isPlainObject(raw)) {
    problems.error([], 'must be a map');
    return { settings: structuredClone(base), diagnostics: problems.diagnostics };
  }
  const settings = readSection(settingsSchema, raw, structuredClone(base) as unknown as Record<string, unknown>, [], problems) as unknown as Settings;
  return { settings, diagnostics: problems.diagnostics };
}

/**
 * Reads a settings file. Unknown or invalid settings are reported (file and line) and replaced by the
 * defaults, so a broken file never blocks a review.
 */
export function parseSettings(text: string, file: string): { settings: Settings; diagnostics: Diagnostic[] } {
  const parsed = parseManifestFile({ path: file, text });
  const [document, ...more] = parsed.documents;
  const firstError = Math.min(...parsed.diagnostics.map((d) => d.line));
  if (!document || firstError < document.locator.line) {
    // The first document is broken: read nothing rather than a later document.
    return { settings: structuredClone(DEFAULT_SETTINGS), diagnostics: parsed.diagnostics.map((d) => ({ ...d, message: `config not read, defaults used: ${d.message}` })) };
  }
  const ignored = 'config: only the first YAML document is read; this one is ignored';
  const extra: Diagnostic[] = [
    ...more.map((doc) => ({ file, line: doc.locator.line, severity: 'warning' as const, message: ignored })),
    ...parsed.diagnostics.map((d) => ({ ...d, severity: 'warning' as const, message: `${ignored} (${d.message})` })),
  ];
  if (document.value === null) return { settings: structuredClone(DEFAULT_SETTINGS), diagnostics: extra };
  const { settings, diagnostics } = readSettings(document.value, DEFAULT_SETTINGS, file, document.locator, 'config');
  return { settings, diagnostics: [...extra, ...diagnostics] };
}

/**
 * Settings given by a door (the Action's inputs, the CLI's options), in the file's camelCase names,
 * override the file; sections merge key by key. Invalid ones are reported under `source` (in the
 * message: they have no file to point at) and ignored, keeping the file's value.
 */
export function mergeSettings(settings: Settings, overrides: Record<string, unknown>, source = 'inputs'): { settings: Settings; diagnostics: Diagnostic[] } {
  return readSettings(overrides, settings, '', NO_SOURCE, source, ": setting ignored, the config file's value (or the default) kept");
}
