/**
 * parseSettings: defaults, a valid file, and invalid or unknown settings (reported, then defaults);
 * mergeSettings; and the published JSON Schema, which must say what the parser says.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { COMMENT_MODES, DEFAULT_SETTINGS, FAIL_ON, RISK_LEVELS, type Settings, mergeSettings, parseSettings, settingsJsonSchema } from '../../src/settings/settings.js';

/** The old names, so the cases below read as they did. */
const DEFAULT_CONFIG = DEFAULT_SETTINGS;
type ReviewConfig = Settings;
const parseConfig = (text: string, file: string) => {
  const { settings, diagnostics } = parseSettings(text, file);
  return { config: settings, diagnostics };
};

const FILE = '.github/netpol-review.yml';

describe('defaults', () => {
  test.each([
    ['an empty file', ''],
    ['only a comment', '# nothing set\n'],
    ['an empty map', '{}\n'],
    ['explicit nulls', 'sensitive:\ndns:\ncomment:\n'],
  ])('%s → DEFAULT_CONFIG, no diagnostics', (_, text) => {
    expect(parseConfig(text, FILE)).toEqual({ config: DEFAULT_CONFIG, diagnostics: [] });
  });

  test('defaults are copied, not shared', () => {
    const { config } = parseConfig('', FILE);
    config.sensitive.namespaces.push('x');
    config.comment.maxRows = 1;
    expect(DEFAULT_CONFIG.sensitive.namespaces).toEqual([]);
    expect(DEFAULT_CONFIG.comment.maxRows).toBe(30);
  });

  test('the documented defaults', () => {
    // comment.mode is new (issue 7): create a comment only when something changed.
    expect(DEFAULT_CONFIG.comment).toEqual({ mode: 'on-change', maxCharacters: 60_000, maxRows: 30, maxDiagramEdges: 40 });
    expect(DEFAULT_CONFIG.dns.namespace).toBe('kube-system');
    expect(DEFAULT_CONFIG.internalCidrs).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
  });
});

test('a valid file (the documented example) sets everything', () => {
  const text = [
    'sensitive:',
    '  namespaces: [payments, data]',
    '  podSelectors:',
    '    - matchLabels: {data-classification: restricted}',
    '    - matchExpressions: [{key: tier, operator: In, values: [db]}]',
    'dns:',
    '  namespace: dns-system',
    '  podSelector: {matchLabels: {app: resolver}}',
    'internalCidrs: [10.0.0.0/8]',
    'podCidrs: [10.244.0.0/16]',
    'defaultNamespace: apps',
    'comment: {maxCharacters: 30000, maxRows: 12, maxDiagramEdges: 7}',
    '',
  ].join('\n');
  const expected: ReviewConfig = {
    sensitive: {
      namespaces: ['payments', 'data'],
      podSelectors: [
        { requirements: [{ key: 'data-classification', operator: 'In', values: ['restricted'] }] },
        { requirements: [{ key: 'tier', operator: 'In', values: ['db'] }] },
      ],
    },
    dns: { namespace: 'dns-system', podSelector: { requirements: [{ key: 'app', operator: 'In', values: ['resolver'] }] } },
    internalCidrs: ['10.0.0.0/8'],
    podCidrs: ['10.244.0.0/16'],
    defaultNamespace: 'apps',
    // The keys the file does not set keep their defaults.
    paths: ['**/*.{yaml,yml,json}'],
    exclude: [],
    context: [],
    comment: { mode: 'on-change', maxCharacters: 30_000, maxRows: 12, maxDiagramEdges: 7 },
    failOn: 'none',
    failOnInvalid: false,
    failOnIncomplete: false,
    render: { kustomize: true, timeoutSeconds: 60, maxOutputMiB: 32 },
    drafts: 'skip',
    limits: { maxFileBytes: 33_554_432, maxFiles: 20_000, maxTotalBytes: 268_435_456, maxDocumentsPerFile: 10_000, maxDepth: 64, maxAliasesPerDocument: 1000, maxExpandedNodes: 1_000_000, timeBudgetSeconds: 300 },
  };
  expect(parseConfig(text, FILE)).toEqual({ config: expected, diagnostics: [] });
});

describe('maxCharacters: between 2,000 and GitHub\'s 65,536', () => {
  test.each([2_000, 2_001, 60_000, 65_536])('%i is accepted', (max) => {
    expect(parseConfig(`comment: {maxCharacters: ${max}}\n`, FILE)).toEqual({ config: { ...DEFAULT_CONFIG, comment: { ...DEFAULT_CONFIG.comment, maxCharacters: max } }, diagnostics: [] });
  });

  test.each([1, 150, 1_999, 65_537, 100_000])('%i is rejected with a diagnostic, and the default (60,000) used', (max) => {
    const { config, diagnostics } = parseConfig(`comment:\n  maxRows: 7\n  maxCharacters: ${max}\n`, FILE);
    expect(diagnostics).toEqual([
      { file: FILE, line: 3, severity: 'error', message: "config: setting ignored, default used: comment.maxCharacters: must be between 2000 and 65536 (GitHub's limit)" },
    ]);
    expect(config.comment).toEqual({ ...DEFAULT_CONFIG.comment, maxRows: 7 });
  });
});

interface InvalidCase {
  name: string;
  text: string;
  /** Line, severity and whole message of each expected diagnostic. */
  diagnostics: { line: number; severity: 'error' | 'warning'; message: string }[];
  /** Settings that must still hold (the defaults, or the valid part). */
  check: (c: ReviewConfig) => void;
}

const defaults = (pick: (c: ReviewConfig) => unknown) => (c: ReviewConfig) => expect(pick(c)).toEqual(pick(DEFAULT_CONFIG));
const IGNORED = 'config: setting ignored, default used: ';
const NOT_READ = 'config not read, defaults used: ';
const error = (line: number, message: string) => ({ line, severity: 'error' as const, message: IGNORED + message });

const INVALID: InvalidCase[] = [
  { name: 'a CIDR that is not one', text: 'comment: {maxRows: 5}\ninternalCidrs: [10.0.0.0/8, nope]\n', diagnostics: [error(2, 'internalCidrs: "nope" is not a CIDR')], check: (c) => (defaults((x) => x.internalCidrs)(c), expect(c.comment.maxRows).toBe(5)) },
  { name: 'a pod CIDR with a bad prefix', text: 'podCidrs: [10.0.0.0/33]\n', diagnostics: [error(1, 'podCidrs: "10.0.0.0/33" is not a CIDR')], check: (c) => expect(c.podCidrs).toBeUndefined() },
  { name: 'podCidrs not a list', text: '\npodCidrs: 10.0.0.0/8\n', diagnostics: [error(2, 'podCidrs: must be a list of strings')], check: (c) => expect(c.podCidrs).toBeUndefined() },
  { name: 'maxRows 0', text: 'comment:\n  maxRows: 0\n', diagnostics: [error(2, 'comment.maxRows: must be a positive integer')], check: defaults((c) => c.comment) },
  { name: 'maxDiagramEdges a string', text: 'comment:\n  maxRows: 4\n  maxDiagramEdges: "many"\n', diagnostics: [error(3, 'comment.maxDiagramEdges: must be a positive integer')], check: (c) => expect(c.comment).toEqual({ ...DEFAULT_CONFIG.comment, maxRows: 4 }) },
  { name: 'maxCharacters fractional', text: 'comment: {maxCharacters: 1.5}\n', diagnostics: [error(1, 'comment.maxCharacters: must be a positive integer')], check: defaults((c) => c.comment) },
  { name: 'maxCharacters negative', text: 'comment: {maxCharacters: -5}\n', diagnostics: [error(1, 'comment.maxCharacters: must be a positive integer')], check: defaults((c) => c.comment) },
  { name: 'maxCharacters a quoted number', text: 'comment: {maxCharacters: "60000"}\n', diagnostics: [error(1, 'comment.maxCharacters: must be a positive integer')], check: defaults((c) => c.comment) },
  { name: 'sensitive.namespaces with a number', text: 'sensitive:\n  namespaces: [a, 1]\n', diagnostics: [error(2, 'sensitive.namespaces: must be a list of strings')], check: defaults((c) => c.sensitive) },
  { name: 'one bad podSelector among good ones', text: 'sensitive:\n  podSelectors:\n    - matchLabels: {a: b}\n    - 5\n', diagnostics: [error(4, 'sensitive.podSelectors[1]: a label selector must be a map, found number 5')], check: (c) => expect(c.sensitive.podSelectors).toEqual([{ requirements: [{ key: 'a', operator: 'In', values: ['b'] }] }]) },
  { name: 'an invalid dns podSelector', text: 'dns:\n  podSelector:\n    matchLabels: {k: "a b"}\n', diagnostics: [error(3, 'dns.podSelector.matchLabels.k: label value "a b" is not valid (≤ 63 characters, alphanumerics, \'-\', \'_\', \'.\')')], check: defaults((c) => c.dns) },
  { name: 'not a map', text: '- a\n- b\n', diagnostics: [error(1, 'must be a map')], check: (c) => expect(c).toEqual(DEFAULT_CONFIG) },
  { name: 'a string', text: '"text"\n', diagnostics: [error(1, 'must be a map')], check: (c) => expect(c).toEqual(DEFAULT_CONFIG) },
  { name: 'not YAML', text: 'comment: [\n', diagnostics: [{ line: 2, severity: 'error', message: `${NOT_READ}document skipped: not valid YAML: deficient indentation` }], check: (c) => expect(c).toEqual(DEFAULT_CONFIG) },
  { name: 'a Helm template', text: 'comment: {maxRows: {{ .Values.rows }}}\n', diagnostics: [{ line: 1, severity: 'error', message: `${NOT_READ}document skipped: it looks like a Helm or Go template, render it first (helm template) and commit or pass the output` }], check: (c) => expect(c).toEqual(DEFAULT_CONFIG) },
  // Wrong types for whole sections and scalars: reported, not silently ignored.
  { name: 'sensitive not a map', text: 'sensitive: [payments]\n', diagnostics: [error(1, 'sensitive: must be a map with namespaces, podSelectors')], check: defaults((c) => c.sensitive) },
  { name: 'sensitive.podSelectors not a list', text: 'sensitive:\n  podSelectors: {matchLabels: {a: b}}\n', diagnostics: [error(2, 'sensitive.podSelectors: must be a list of label selectors')], check: defaults((c) => c.sensitive) },
  { name: 'dns not a map', text: 'dns: 3\n', diagnostics: [error(1, 'dns: must be a map with namespace, podSelector')], check: defaults((c) => c.dns) },
  { name: 'dns.namespace a number', text: 'dns:\n  namespace: 5\n', diagnostics: [error(2, 'dns.namespace: must be a namespace name')], check: defaults((c) => c.dns) },
  { name: 'dns.namespace empty', text: 'dns: {namespace: ""}\n', diagnostics: [error(1, 'dns.namespace: must be a namespace name')], check: defaults((c) => c.dns) },
  { name: 'dns.namespace with capitals', text: 'dns:\n  namespace: Kube-System\n', diagnostics: [error(2, 'dns.namespace: must be a namespace name')], check: defaults((c) => c.dns) },
  { name: 'dns.namespace of 64 characters', text: `dns: {namespace: ${'a'.repeat(64)}}\n`, diagnostics: [error(1, 'dns.namespace: must be a namespace name')], check: defaults((c) => c.dns) },
  { name: 'dns.namespace ending in a newline', text: 'dns: {namespace: "kube-system\\n"}\n', diagnostics: [error(1, 'dns.namespace: must be a namespace name')], check: defaults((c) => c.dns) },
  { name: 'defaultNamespace with a dot (a DNS subdomain, not a label)', text: 'defaultNamespace: a.b\n', diagnostics: [error(1, 'defaultNamespace: must be a namespace name')], check: (c) => expect(c.defaultNamespace).toBeUndefined() },
  { name: 'defaultNamespace starting with a hyphen', text: 'defaultNamespace: "-a"\n', diagnostics: [error(1, 'defaultNamespace: must be a namespace name')], check: (c) => expect(c.defaultNamespace).toBeUndefined() },
  { name: 'defaultNamespace empty', text: 'defaultNamespace: ""\n', diagnostics: [error(1, 'defaultNamespace: must be a namespace name')], check: (c) => expect(c.defaultNamespace).toBeUndefined() },
  { name: 'internalCidrs not a list', text: 'internalCidrs: 10.0.0.0/8\n', diagnostics: [error(1, 'internalCidrs: must be a list of strings')], check: defaults((c) => c.internalCidrs) },
  { name: 'defaultNamespace a list', text: 'defaultNamespace: [a]\n', diagnostics: [error(1, 'defaultNamespace: must be a namespace name')], check: (c) => expect(c.defaultNamespace).toBeUndefined() },
  // The message names the section's keys, mode (new) among them.
  { name: 'comment a number', text: 'comment: 5\n', diagnostics: [error(1, 'comment: must be a map with mode, maxCharacters, maxRows, maxDiagramEdges')], check: defaults((c) => c.comment) },
];

describe('invalid settings: a diagnostic with file and line, then the default', () => {
  test.each(INVALID.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { config, diagnostics } = parseConfig(c.text, FILE);
    expect(diagnostics.map((d) => ({ file: d.file, line: d.line, severity: d.severity }))).toEqual(c.diagnostics.map((d) => ({ file: FILE, line: d.line, severity: d.severity })));
    expect(diagnostics.map((d) => d.message)).toEqual(c.diagnostics.map((d) => d.message));
    c.check(config);
  });
});

describe('unknown keys warn (with the line) and change nothing', () => {
  test.each([
    ['top level', 'comment: {maxRows: 3}\ncolour: red\n', 2, 'colour', 'colour'],
    ['a typo inside comment', 'comment:\n  maxRows: 3\n  maxRow: 4\n', 3, 'comment.maxRow', 'maxRow'],
    ['inside sensitive', 'sensitive:\n  namespace: [payments]\n', 2, 'sensitive.namespace', 'namespace'],
    ['inside dns', 'dns:\n  namespace: kube-system\n  selector: {matchLabels: {a: b}}\n', 3, 'dns.selector', 'selector'],
    ['inside the dns podSelector', 'dns:\n  podSelector:\n    matchLabels: {k8s-app: kube-dns}\n    colour: x\n', 4, 'dns.podSelector.colour', 'colour'],
    ['inside a sensitive podSelector', 'sensitive:\n  podSelectors:\n    - matchLabels: {a: b}\n      bogus: 1\n', 4, 'sensitive.podSelectors[0].bogus', 'bogus'],
  ])('%s', (_, text, line, path, key) => {
    const { config, diagnostics } = parseConfig(text, FILE);
    expect(diagnostics).toEqual([{ file: FILE, line, severity: 'warning', message: `config: ${path}: unknown field ${JSON.stringify(key)} is not a setting and is ignored` }]);
    expect(config.sensitive.namespaces).toEqual(DEFAULT_CONFIG.sensitive.namespaces);
    expect(config.dns.namespace).toBe(DEFAULT_CONFIG.dns.namespace);
    expect(config.internalCidrs).toEqual(DEFAULT_CONFIG.internalCidrs);
  });
});

describe('settings that cannot take effect are reported, not silently dropped', () => {
  const ONLY_FIRST = 'config: only the first YAML document is read; this one is ignored';

  test('a second YAML document (only the first is read): a warning at its first line', () => {
    const { config, diagnostics } = parseConfig('comment: {maxRows: 3}\n---\ncomment: {maxRows: 4}\nsensitive: {namespaces: [payments]}\n', FILE);
    expect(config).toEqual({ ...DEFAULT_CONFIG, comment: { ...DEFAULT_CONFIG.comment, maxRows: 3 } });
    expect(diagnostics).toEqual([{ file: FILE, line: 3, severity: 'warning', message: ONLY_FIRST }]);
  });

  test('a third document: one warning per ignored document', () => {
    const { config, diagnostics } = parseConfig('comment: {maxRows: 3}\n---\ncomment: {maxRows: 4}\n---\ncolour: red\n', FILE);
    expect(config.comment.maxRows).toBe(3);
    expect(diagnostics).toEqual([
      { file: FILE, line: 3, severity: 'warning', message: ONLY_FIRST },
      { file: FILE, line: 5, severity: 'warning', message: ONLY_FIRST },
    ]);
  });

  test.each([
    ['a leading "---"', '---\ncomment: {maxRows: 4}\n'],
    ['a comment, then "---"', '# settings\n---\ncomment: {maxRows: 4}\n'],
  ])('%s: one document, read without a warning', (_, text) => {
    expect(parseConfig(text, FILE)).toEqual({ config: { ...DEFAULT_CONFIG, comment: { ...DEFAULT_CONFIG.comment, maxRows: 4 } }, diagnostics: [] });
  });

  test('a broken first document: defaults used, as its diagnostic says (the second document is not read in its place)', () => {
    // The YAML error sinks only the first document; the second still parses. The diagnostic promises
    // the defaults, so the second document's settings must not be applied.
    const { config, diagnostics } = parseConfig('comment: [\n---\ncomment: {maxRows: 4}\n', FILE);
    expect(diagnostics[0]).toEqual({ file: FILE, line: 1, severity: 'error', message: `${NOT_READ}document skipped: not valid YAML: unexpected end of the stream within a flow collection` });
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  test('a broken second document: the first is read, and no diagnostic claims the defaults were used', () => {
    const { config, diagnostics } = parseConfig('comment: {maxRows: 3}\n---\ncomment: [\n', FILE);
    expect(config.comment.maxRows).toBe(3);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: FILE, line: 4 });
    expect(diagnostics[0]!.message).not.toContain('defaults used');
  });

  test('a first document that is no map, then a map: defaults, the map ignored with a warning', () => {
    const { config, diagnostics } = parseConfig('"text"\n---\ncomment: {maxRows: 4}\n', FILE);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        { file: FILE, line: 1, severity: 'error', message: `${IGNORED}must be a map` },
        { file: FILE, line: 3, severity: 'warning', message: ONLY_FIRST },
      ]),
    );
    expect(diagnostics).toHaveLength(2);
  });

  test.each([
    ['dns.namespace', 'dns: {namespace: "Bad Name!"}\n'],
    ['defaultNamespace', 'defaultNamespace: "Bad Name!"\n'],
  ])('%s that is no valid namespace name (RFC 1123 label)', (path, text) => {
    const { config, diagnostics } = parseConfig(text, FILE);
    expect(diagnostics).toEqual([{ file: FILE, line: 1, severity: 'error', message: `${IGNORED}${path}: must be a namespace name` }]);
    expect(config.dns.namespace).toBe('kube-system');
    expect(config.defaultNamespace).toBeUndefined();
  });

  test.each([
    ['63 characters', 'a'.repeat(63)],
    ['a leading digit (RFC 1123 allows it)', '1abc'],
    ['hyphens inside', 'kube-system'],
  ])('a namespace name of %s is accepted', (_, name) => {
    expect(parseConfig(`dns: {namespace: "${name}"}\ndefaultNamespace: "${name}"\n`, FILE)).toEqual({ config: { ...DEFAULT_CONFIG, dns: { ...DEFAULT_CONFIG.dns, namespace: name }, defaultNamespace: name }, diagnostics: [] });
  });
});

test('diagnostics carry the file name given', () => {
  const { diagnostics } = parseConfig('bogus: 1\n', 'other/name.yaml');
  expect(diagnostics[0]!.file).toBe('other/name.yaml');
});

describe('the keys every door reads (issue 7)', () => {
  test('the defaults: every file, nothing excluded, no context, comment on change, never fail, drafts skipped', () => {
    expect({ paths: DEFAULT_SETTINGS.paths, exclude: DEFAULT_SETTINGS.exclude, context: DEFAULT_SETTINGS.context, mode: DEFAULT_SETTINGS.comment.mode, failOn: DEFAULT_SETTINGS.failOn, failOnInvalid: DEFAULT_SETTINGS.failOnInvalid, failOnIncomplete: DEFAULT_SETTINGS.failOnIncomplete, drafts: DEFAULT_SETTINGS.drafts }).toEqual({
      paths: ['**/*.{yaml,yml,json}'],
      exclude: [],
      context: [],
      mode: 'on-change',
      failOn: 'none',
      failOnInvalid: false,
      failOnIncomplete: false,
      drafts: 'skip',
    });
    expect(DEFAULT_SETTINGS.podCidrs).toBeUndefined();
    expect(DEFAULT_SETTINGS.defaultNamespace).toBeUndefined();
  });

  test('render: Kustomize on, roots found, 60 s and 32 MiB per root; each key read on its own', () => {
    expect(DEFAULT_SETTINGS.render).toEqual({ kustomize: true, timeoutSeconds: 60, maxOutputMiB: 32 });
    const { config: settings, diagnostics } = parseConfig('render:\n  kustomize: false\n  roots: [k8s/prod]\n  timeoutSeconds: 0\n', FILE);
    expect(settings.render).toEqual({ kustomize: false, roots: ['k8s/prod'], timeoutSeconds: 60, maxOutputMiB: 32 });
    expect(diagnostics).toEqual([{ file: FILE, line: 4, severity: 'error', message: 'config: setting ignored, default used: render.timeoutSeconds: must be a positive integer' }]);
  });

  test('the value lists, ordered', () => {
    expect(RISK_LEVELS).toEqual(['none', 'low', 'medium', 'high']);
    expect(FAIL_ON).toEqual(['none', 'low', 'medium', 'high', 'any-change']);
    expect(COMMENT_MODES).toEqual(['on-change', 'always', 'never']);
  });

  test.each(FAIL_ON.map((v) => [v]))('failOn: %s is accepted', (value) => {
    expect(parseSettings(`failOn: ${value}\n`, FILE)).toEqual({ settings: { ...DEFAULT_SETTINGS, failOn: value }, diagnostics: [] });
  });

  test.each(COMMENT_MODES.map((v) => [v]))('comment.mode: %s is accepted', (mode) => {
    expect(parseSettings(`comment:\n  mode: ${mode}\n`, FILE)).toEqual({ settings: { ...DEFAULT_SETTINGS, comment: { ...DEFAULT_SETTINGS.comment, mode } }, diagnostics: [] });
  });

  test.each([['review'], ['skip']] as const)('drafts: %s is accepted', (drafts) => {
    expect(parseSettings(`drafts: ${drafts}\n`, FILE)).toEqual({ settings: { ...DEFAULT_SETTINGS, drafts }, diagnostics: [] });
  });

  test.each([
    ['failOnInvalid', true],
    ['failOnInvalid', false],
    ['failOnIncomplete', true],
    ['failOnIncomplete', false],
  ] as const)('%s: %s is accepted', (key, value) => {
    expect(parseSettings(`${key}: ${value}\n`, FILE)).toEqual({ settings: { ...DEFAULT_SETTINGS, [key]: value }, diagnostics: [] });
  });

  test('glob lists: paths, exclude and context as written', () => {
    const text = 'paths: ["k8s/**/*.yaml", "clusters/*/apps/**"]\nexclude: ["**/kustomization.yaml", "k8s/tests/**"]\ncontext: [cluster/system/**]\n';
    expect(parseSettings(text, FILE)).toEqual({
      settings: { ...DEFAULT_SETTINGS, paths: ['k8s/**/*.yaml', 'clusters/*/apps/**'], exclude: ['**/kustomization.yaml', 'k8s/tests/**'], context: ['cluster/system/**'] },
      diagnostics: [],
    });
  });

  test('an empty list of paths is a setting (analyse nothing), not an error', () => {
    expect(parseSettings('paths: []\n', FILE)).toEqual({ settings: { ...DEFAULT_SETTINGS, paths: [] }, diagnostics: [] });
  });

  test('every key at once', () => {
    const text = [
      'paths: [k8s/**]',
      'exclude: [k8s/tests/**]',
      'context: [cluster/**]',
      'comment: {mode: always, maxCharacters: 20000, maxRows: 5, maxDiagramEdges: 9}',
      'failOn: any-change',
      'failOnInvalid: true',
      'failOnIncomplete: true',
      'drafts: review',
      '',
    ].join('\n');
    expect(parseSettings(text, FILE)).toEqual({
      settings: {
        ...DEFAULT_SETTINGS,
        paths: ['k8s/**'],
        exclude: ['k8s/tests/**'],
        context: ['cluster/**'],
        comment: { mode: 'always', maxCharacters: 20_000, maxRows: 5, maxDiagramEdges: 9 },
        failOn: 'any-change',
        failOnInvalid: true,
        failOnIncomplete: true,
        drafts: 'review',
      },
      diagnostics: [],
    });
  });

  const NEW_INVALID: [string, string, number, string, (s: Settings) => unknown, unknown][] = [
    ['failOn not a level', 'comment: {maxRows: 2}\nfailOn: critical\n', 2, 'failOn: must be one of none, low, medium, high, any-change', (s) => [s.failOn, s.comment.maxRows], ['none', 2]],
    ['failOn in capitals', 'failOn: High\n', 1, 'failOn: must be one of none, low, medium, high, any-change', (s) => s.failOn, 'none'],
    ['failOn a list', 'failOn: [high]\n', 1, 'failOn: must be one of none, low, medium, high, any-change', (s) => s.failOn, 'none'],
    ['comment.mode unknown', 'comment:\n  maxRows: 4\n  mode: sometimes\n', 3, 'comment.mode: must be one of on-change, always, never', (s) => s.comment, { ...DEFAULT_SETTINGS.comment, maxRows: 4 }],
    ['drafts unknown', 'drafts: maybe\n', 1, 'drafts: must be one of review, skip', (s) => s.drafts, 'skip'],
    ['failOnInvalid a quoted "true"', 'failOnInvalid: "true"\n', 1, 'failOnInvalid: must be true or false', (s) => s.failOnInvalid, false],
    ['failOnIncomplete a number', 'failOnIncomplete: 1\n', 1, 'failOnIncomplete: must be true or false', (s) => s.failOnIncomplete, false],
    ['paths a string', 'paths: "*.yaml"\n', 1, 'paths: must be a list of glob patterns', (s) => s.paths, ['**/*.{yaml,yml,json}']],
    ['paths with an empty pattern', 'paths: [k8s/**, ""]\n', 1, 'paths: must be a list of glob patterns', (s) => s.paths, ['**/*.{yaml,yml,json}']],
    ['exclude with a number', '\nexclude: [a/**, 1]\n', 2, 'exclude: must be a list of glob patterns', (s) => s.exclude, []],
    ['context a map', 'context: {a: b}\n', 1, 'context: must be a list of glob patterns', (s) => s.context, []],
  ];

  test.each(NEW_INVALID)('%s: a diagnostic with the line, the rest kept', (_, text, line, message, pick, kept) => {
    const { settings, diagnostics } = parseSettings(text, FILE);
    expect(diagnostics).toEqual([{ file: FILE, line, severity: 'error', message: IGNORED + message }]);
    expect(pick(settings)).toEqual(kept);
  });

  test.each([
    ['a typo of failOn', 'failon: high\n', 'failon', 'failon'],
    ['a kebab-case key (the Action input name, not the file key)', 'fail-on: high\n', 'fail-on', 'fail-on'],
    ['a typo inside comment', 'comment:\n  Mode: always\n', 'comment.Mode', 'Mode'],
  ])('unknown key, %s: a warning, the default kept', (_, text, path, key) => {
    const { settings, diagnostics } = parseSettings(text, FILE);
    expect(diagnostics).toEqual([{ file: FILE, line: text.split('\n').length - 1, severity: 'warning', message: `config: ${path}: unknown field ${JSON.stringify(key)} is not a setting and is ignored` }]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });
});

describe('mergeSettings: a door\'s inputs over the file', () => {
  const fromFile = parseSettings('sensitive: {namespaces: [data]}\ncomment: {maxRows: 5}\ndrafts: review\n', FILE).settings;

  test('sections merge key by key; other keys keep the file\'s values', () => {
    const { settings, diagnostics } = mergeSettings(fromFile, { failOn: 'high', comment: { maxCharacters: 10_000 }, exclude: ['tests/**'] });
    expect(diagnostics).toEqual([]);
    expect(settings).toEqual({ ...fromFile, failOn: 'high', comment: { ...fromFile.comment, maxRows: 5, maxCharacters: 10_000 }, exclude: ['tests/**'] });
  });

  test('the settings given are not changed', () => {
    const before = structuredClone(fromFile);
    mergeSettings(fromFile, { comment: { maxRows: 1 }, sensitive: { namespaces: ['x'] } });
    expect(fromFile).toEqual(before);
  });

  test('the CLI\'s overrides: --pod-cidr none ([]), --default-namespace', () => {
    expect(mergeSettings(DEFAULT_SETTINGS, { podCidrs: [], defaultNamespace: 'apps' }, 'options')).toEqual({ settings: { ...DEFAULT_SETTINGS, podCidrs: [], defaultNamespace: 'apps' }, diagnostics: [] });
  });

  test('an invalid input is reported under its source and ignored: the file\'s value stays', () => {
    const { settings, diagnostics } = mergeSettings(fromFile, { drafts: 'later', failOn: 'medium' });
    expect(diagnostics).toEqual([{ file: '', line: 1, severity: 'error', message: "inputs: setting ignored, the config file's value (or the default) kept: drafts: must be one of review, skip" }]);
    expect(settings.drafts).toBe('review');
    expect(settings.failOn).toBe('medium');
  });

  test('an unknown input warns under the source named', () => {
    const { settings, diagnostics } = mergeSettings(fromFile, { 'fail-on': 'high' }, 'options');
    expect(diagnostics).toEqual([{ file: '', line: 1, severity: 'warning', message: 'options: fail-on: unknown field "fail-on" is not a setting and is ignored' }]);
    expect(settings).toEqual(fromFile);
  });

  test.each([
    ['failOnInvalid', 'yes', 'failOnInvalid: must be true or false'],
    ['comment', { maxCharacters: 70_000 }, "comment.maxCharacters: must be between 2000 and 65536 (GitHub's limit)"],
    ['internalCidrs', ['10.0.0.0/8', 'x'], 'internalCidrs: "x" is not a CIDR'],
  ] as const)('%s: the file\'s messages', (key, value, message) => {
    expect(mergeSettings(fromFile, { [key]: value }).diagnostics).toEqual([{ file: '', line: 1, severity: 'error', message: `inputs: setting ignored, the config file's value (or the default) kept: ${message}` }]);
  });
});

/** A JSON Schema node as settingsJsonSchema writes it: only the keywords below (checked). */
interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  required?: string[];
  items?: SchemaNode;
}
const KEYWORDS = new Set(['type', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'properties', 'additionalProperties', 'propertyNames', 'required', 'items']);
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description']);

/** Every keyword of a schema node and its children, with its path. */
function keywordsOf(node: Record<string, unknown>, path = '$'): string[] {
  const out = Object.keys(node).map((k) => `${path} ${k}`);
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'items' || k === 'propertyNames' || k === 'additionalProperties') && typeof v === 'object') out.push(...keywordsOf(v as Record<string, unknown>, `${path}.${k}`));
    if (k === 'properties') for (const [name, child] of Object.entries(v as Record<string, Record<string, unknown>>)) out.push(...keywordsOf(child, `${path}.${name}`));
  }
  return out;
}

/** A small validator for the keywords above: the reasons `value` does not fit `node`. */
function violations(node: SchemaNode, value: unknown, path = '$'): string[] {
  const out: string[] = [];
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const types: Record<NonNullable<SchemaNode['type']>, boolean> = {
    object: isObject,
    array: Array.isArray(value),
    string: typeof value === 'string',
    integer: Number.isInteger(value),
    number: typeof value === 'number',
    boolean: typeof value === 'boolean',
  };
  if (node.type && !types[node.type]) return [`${path}: not ${node.type}`];
  if (node.enum && !node.enum.includes(value)) out.push(`${path}: not one of ${node.enum.join(', ')}`);
  if (typeof value === 'number') {
    if (node.minimum !== undefined && value < node.minimum) out.push(`${path}: below ${node.minimum}`);
    if (node.maximum !== undefined && value > node.maximum) out.push(`${path}: above ${node.maximum}`);
  }
  if (typeof value === 'string') {
    if (node.minLength !== undefined && [...value].length < node.minLength) out.push(`${path}: shorter than ${node.minLength}`);
    if (node.maxLength !== undefined && [...value].length > node.maxLength) out.push(`${path}: longer than ${node.maxLength}`);
    if (node.pattern !== undefined && !new RegExp(node.pattern, 'u').test(value)) out.push(`${path}: does not match ${node.pattern}`);
  }
  if (Array.isArray(value) && node.items) value.forEach((v, i) => out.push(...violations(node.items!, v, `${path}[${i}]`)));
  if (isObject) {
    const object = value as Record<string, unknown>;
    for (const key of node.required ?? []) if (!(key in object)) out.push(`${path}: ${key} missing`);
    for (const [key, v] of Object.entries(object)) {
      if (node.propertyNames) out.push(...violations(node.propertyNames, key, `${path} key ${key}`));
      const child = node.properties?.[key];
      if (child) out.push(...violations(child, v, `${path}.${key}`));
      else if (node.additionalProperties === false) out.push(`${path}: ${key} not allowed`);
      else if (typeof node.additionalProperties === 'object') out.push(...violations(node.additionalProperties, v, `${path}.${key}`));
    }
  }
  return out;
}

const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../schema/netpol-review.schema.json');

describe('the JSON Schema for editors (schema/netpol-review.schema.json)', () => {
  const schema = settingsJsonSchema() as SchemaNode & Record<string, unknown>;

  test('the committed file is settingsJsonSchema(), as 2-space JSON with a trailing newline', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });

  test('a draft 2020-12 schema of an object with a title and every top-level key', () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'netpol-review settings (.github/netpol-review.yml)', type: 'object', additionalProperties: false });
    expect(Object.keys(schema.properties!).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).concat('podCidrs', 'defaultNamespace').sort());
    // Nothing is required: every key has a default.
    expect(schema.required).toBeUndefined();
  });

  test('it uses only the keywords the validator below checks', () => {
    const unknown = keywordsOf(schema).filter((entry) => {
      const keyword = entry.split(' ').at(-1)!;
      return !KEYWORDS.has(keyword) && !(entry.startsWith('$ ') && ANNOTATIONS.has(keyword));
    });
    expect(unknown).toEqual([]);
  });

  test('the enums are the parser\'s', () => {
    expect(schema.properties!['failOn']!.enum).toEqual([...FAIL_ON]);
    expect(schema.properties!['comment']!.properties!['mode']!.enum).toEqual([...COMMENT_MODES]);
    expect(schema.properties!['drafts']!.enum).toEqual(['review', 'skip']);
    expect(schema.properties!['comment']!.properties!['maxCharacters']).toEqual({ type: 'integer', minimum: 2_000, maximum: 65_536 });
  });

  /** Documents (JSON, which is YAML) both must accept without a word. */
  const ACCEPTED: [string, unknown][] = [
    ['nothing set', {}],
    ['the documented example', { sensitive: { namespaces: ['payments', 'data'], podSelectors: [{ matchLabels: { 'data-classification': 'restricted' } }, { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }] }, dns: { namespace: 'dns-system', podSelector: { matchLabels: { app: 'resolver' } } }, internalCidrs: ['10.0.0.0/8'], podCidrs: ['10.244.0.0/16'], defaultNamespace: 'apps', comment: { maxCharacters: 30_000, maxRows: 12, maxDiagramEdges: 7 } }],
    ['every new key', { paths: ['k8s/**'], exclude: ['k8s/tests/**'], context: ['cluster/**'], comment: { mode: 'never' }, failOn: 'any-change', failOnInvalid: true, failOnIncomplete: false, drafts: 'review' }],
    ...FAIL_ON.map((failOn): [string, unknown] => [`failOn ${failOn}`, { failOn }]),
    ...COMMENT_MODES.map((mode): [string, unknown] => [`comment.mode ${mode}`, { comment: { mode } }]),
    ['maxCharacters at its bounds (low)', { comment: { maxCharacters: 2_000 } }],
    ['maxCharacters at its bounds (high)', { comment: { maxCharacters: 65_536 } }],
    ['maxRows 1', { comment: { maxRows: 1 } }],
    ['a namespace name of 63 characters', { dns: { namespace: 'a'.repeat(63) } }],
    ['a namespace name with a leading digit', { defaultNamespace: '1abc' }],
    ['an Exists expression without values', { dns: { podSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'Exists' }] } } }],
    ['empty lists', { paths: [], exclude: [], podCidrs: [], sensitive: { namespaces: [], podSelectors: [] } }],
  ];
  /** Documents both must refuse: the parser with an error or a warning (an unknown key, ignored), the schema with a violation. */
  const REFUSED: [string, unknown][] = [
    ['not a map', ['a', 'b']],
    ['a string', 'text'],
    ['an unknown top-level key', { colour: 'red' }],
    ['an Action input name (kebab-case)', { 'fail-on': 'high' }],
    ['an unknown key inside comment', { comment: { maxRow: 4 } }],
    ['an unknown key inside dns', { dns: { selector: { matchLabels: { a: 'b' } } } }],
    ['an unknown key inside sensitive', { sensitive: { namespace: ['payments'] } }],
    ['an unknown key inside a selector', { sensitive: { podSelectors: [{ matchLabels: { a: 'b' }, bogus: 1 }] } }],
    ['an unknown key inside an expression', { dns: { podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', bogus: 1 }] } } }],
    ['failOn not a level', { failOn: 'critical' }],
    ['failOn in capitals', { failOn: 'High' }],
    ['comment.mode unknown', { comment: { mode: 'sometimes' } }],
    ['drafts unknown', { drafts: 'maybe' }],
    ['failOnInvalid a string', { failOnInvalid: 'true' }],
    ['failOnIncomplete a number', { failOnIncomplete: 1 }],
    ['paths a string', { paths: '*.yaml' }],
    ['paths with an empty pattern', { paths: [''] }],
    ['exclude with a number', { exclude: ['a', 1] }],
    ['context a map', { context: { a: 'b' } }],
    ['maxCharacters below 2,000', { comment: { maxCharacters: 1_999 } }],
    ['maxCharacters above 65,536', { comment: { maxCharacters: 65_537 } }],
    ['maxCharacters fractional', { comment: { maxCharacters: 2_000.5 } }],
    ['maxCharacters a quoted number', { comment: { maxCharacters: '60000' } }],
    ['maxRows 0', { comment: { maxRows: 0 } }],
    ['maxDiagramEdges negative', { comment: { maxDiagramEdges: -1 } }],
    ['comment a number', { comment: 5 }],
    ['sensitive a list', { sensitive: ['payments'] }],
    ['sensitive.namespaces with a number', { sensitive: { namespaces: ['a', 1] } }],
    ['sensitive.podSelectors a map', { sensitive: { podSelectors: { matchLabels: { a: 'b' } } } }],
    ['a selector that is a number', { sensitive: { podSelectors: [5] } }],
    ['an unknown operator', { sensitive: { podSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }] } }],
    ['a label value that is a number', { dns: { podSelector: { matchLabels: { a: 1 } } } }],
    ['dns.namespace with capitals', { dns: { namespace: 'Kube-System' } }],
    ['dns.namespace empty', { dns: { namespace: '' } }],
    ['dns.namespace of 64 characters', { dns: { namespace: 'a'.repeat(64) } }],
    ['dns.namespace ending in a newline', { dns: { namespace: 'kube-system\n' } }],
    ['defaultNamespace with a dot', { defaultNamespace: 'a.b' }],
    ['defaultNamespace a list', { defaultNamespace: ['a'] }],
    ['internalCidrs not a list', { internalCidrs: '10.0.0.0/8' }],
    ['podCidrs not a list', { podCidrs: '10.0.0.0/8' }],
  ];

  test.each(ACCEPTED)('accepted by both: %s', (_, document) => {
    expect(parseSettings(JSON.stringify(document), FILE).diagnostics).toEqual([]);
    expect(violations(schema, document)).toEqual([]);
  });

  test.each(REFUSED)('refused by both: %s', (_, document) => {
    expect(parseSettings(JSON.stringify(document), FILE).diagnostics).not.toEqual([]);
    expect(violations(schema, document)).not.toEqual([]);
  });

  test('JSON, as these documents are written, reads as the same YAML', () => {
    for (const [, document] of [...ACCEPTED, ...REFUSED]) expect(load(JSON.stringify(document))).toEqual(document);
  });

  // What JSON Schema does not say (the parser checks it): the syntax of CIDRs and of label keys and
  // values, values an operator forbids, and an empty (null) section, which the parser reads as its defaults.
  test.each([
    ['a CIDR that is not one', { internalCidrs: ['nope'] }, 'error'],
    ['an invalid label value', { dns: { podSelector: { matchLabels: { k: 'a b' } } } }, 'error'],
    ['values on Exists', { dns: { podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] } } }, 'error'],
    ['an empty section', { comment: null }, 'none'],
  ] as const)('beyond the schema: %s', (_, document, parser) => {
    const { diagnostics } = parseSettings(JSON.stringify(document), FILE);
    expect(diagnostics.map((d) => d.severity)).toEqual(parser === 'error' ? ['error'] : []);
    expect(violations(schema, document).length > 0).toBe(parser === 'none');
  });
});
