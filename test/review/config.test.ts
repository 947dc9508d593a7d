/** parseConfig: defaults, a valid file, and invalid or unknown settings (reported, then defaults). */
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, parseConfig, type ReviewConfig } from '../../src/review/config.js';

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
    expect(DEFAULT_CONFIG.comment).toEqual({ maxCharacters: 60_000, maxRows: 30, maxDiagramEdges: 40 });
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
    comment: { maxCharacters: 30_000, maxRows: 12, maxDiagramEdges: 7 },
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
  { name: 'comment a number', text: 'comment: 5\n', diagnostics: [error(1, 'comment: must be a map with maxCharacters, maxRows, maxDiagramEdges')], check: defaults((c) => c.comment) },
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
