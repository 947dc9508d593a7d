/**
 * Parsing as kubectl does (YAML 1.1 scalars, JSON), and refusing hostile or broken input with a diagnostic
 * while the rest of the input is still analysed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { matrix } from '../../src/index.js';
import { ManifestCache } from '../../src/k8s/load-cluster.js';
import { PARSE_LIMITS } from '../../src/k8s/parse-yaml.js';
import { docs, errors, file, ids, load, pod, portsOf, policy, TRIO } from './manifests.js';

/** `pod('one')` takes lines 1-8, the separator line 9: a document placed second starts on line 10. */
const SECOND_DOC_LINE = 10;

const BILLION_LAUGHS = [
  'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(',')}]`),
].join('\n');

const aliases = (count: number) => `x: &x 1\nl:\n${'- *x\n'.repeat(count)}`;

interface HostileCase {
  name: string;
  /** The bad document, placed between two valid Pods of one file. */
  bad: string;
  /** Acceptable lines for the diagnostic (usually one). */
  lines: number[];
  fragment: string;
}

const HOSTILE: HostileCase[] = [
  {
    name: 'an alias bomb (billion laughs)',
    bad: `${BILLION_LAUGHS}\n`,
    lines: [SECOND_DOC_LINE],
    fragment: 'document skipped: its aliases expand to more than 1000000 nodes',
  },
  {
    name: 'more than 1000 aliases in a document',
    bad: aliases(1001),
    // The 1001st alias: the document's line + 2 header lines + 1000 accepted aliases.
    lines: [SECOND_DOC_LINE + 2 + 1000],
    fragment: 'document skipped: aliases exceeded maxAliases (1000)',
  },
  {
    name: 'nesting deeper than 64',
    bad: `x: ${'['.repeat(65)}${']'.repeat(65)}\n`,
    lines: [SECOND_DOC_LINE],
    fragment: 'nesting exceeded maxDepth (64)',
  },
  {
    name: 'a Helm template with control structures',
    bad: '{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\n{{- end }}\n',
    lines: [SECOND_DOC_LINE],
    fragment: 'Helm or Go template',
  },
  {
    name: 'a Helm template with a value substitution',
    bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n',
    // The template's line, or at least the document's.
    lines: [SECOND_DOC_LINE + 3, SECOND_DOC_LINE],
    fragment: 'Helm or Go template',
  },
  {
    name: 'malformed YAML (bad indentation)',
    bad: 'apiVersion: v1\nkind: Pod\n  extra: 1\n',
    lines: [SECOND_DOC_LINE + 2],
    fragment: 'not valid YAML: bad indentation of a mapping entry',
  },
  {
    name: 'a duplicate key',
    bad: 'apiVersion: v1\nkind: Pod\nkind: Service\n',
    lines: [SECOND_DOC_LINE + 2],
    fragment: 'document skipped: duplicated mapping key',
  },
  {
    name: 'a complex (non-scalar) mapping key',
    bad: 'apiVersion: v1\nkind: Pod\n? [a, b]\n: 1\n',
    // The key's line, or at least the document's.
    lines: [SECOND_DOC_LINE + 2, SECOND_DOC_LINE],
    fragment: 'document skipped: object-based map does not support complex keys',
  },
  {
    name: 'an unknown tag !foo',
    bad: 'apiVersion: v1\nkind: !foo Pod\n',
    lines: [SECOND_DOC_LINE + 1],
    fragment: 'document skipped: unknown scalar tag !<!foo>',
  },
];

describe.each(HOSTILE)('hostile or broken input: $name', ({ bad, lines, fragment }) => {
  const run = () =>
    matrix({ files: [file('mixed.yaml', docs(pod('one'), bad, pod('three'))), file('other.yaml', pod('other'))] });

  it('is refused with one error diagnostic at the right line of its file', () => {
    const found = run().diagnostics.filter((d) => d.message.includes(fragment));
    expect(found).toHaveLength(1);
    expect(found[0]!.file).toBe('mixed.yaml');
    expect(found[0]!.severity).toBe('error');
    expect(lines).toContain(found[0]!.line);
  });

  it('does not stop other files from being analysed', () => {
    const result = run();
    expect(ids(result)).toContain('prod/Pod/other');
    expect(portsOf(result, 'prod/Pod/other', 'prod/Pod/other')).toEqual(['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']);
  });

  it('does not stop the other documents of the same file from being analysed', () => {
    expect(ids(run())).toEqual(['prod/Pod/one', 'prod/Pod/other', 'prod/Pod/three']);
  });
});

describe('valid manifests with {{ in strings are not taken for templates', () => {
  const runner = pod('runner').replace('  containers: [{"name": "c", "ports": []}]', '  containers: [{name: c, command: ["sh", "-c", "echo {{ .Name }}"]}]');
  const alertRules =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rules, namespace: prod}\ndata:\n  alert.rules: |\n    summary: {{ $labels.instance }} is down\n';

  it('reads a Pod whose command has {{ }} inside a quoted string', () => {
    const result = matrix({ files: [file('runner.yaml', runner), TRIO] });
    expect(result.diagnostics).toEqual([]);
    expect(ids(result)).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/runner', 'prod/Pod/web']);
  });

  it('skips a ConfigMap holding Go-template alerting rules in a block scalar as another kind, without an error', () => {
    const cluster = load([file('rules.yaml', docs(pod('one'), alertRules))]);
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.skipped).toEqual({ notKubernetes: 0, otherKinds: 1 });
    expect(cluster.workloads.map((w) => w.id)).toEqual(['prod/Pod/one']);
  });
});

describe('hostile input limits', () => {
  afterEach(() => {
    PARSE_LIMITS.maxFileBytes = 32 * 1024 * 1024;
  });

  it('refuses an alias bomb within a second', () => {
    const started = performance.now();
    const result = matrix({ files: [file('bomb.yaml', `${BILLION_LAUGHS}\n`)] });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([['bomb.yaml', 1, 'error']]);
  });

  it('accepts exactly 1000 aliases in a document', () => {
    const cluster = load([file('a.yaml', docs(aliases(1000), pod('after')))]);
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.skipped.notKubernetes).toBe(1);
    expect(cluster.workloads.map((w) => w.id)).toEqual(['prod/Pod/after']);
  });

  it('accepts nesting well inside the limit (40 levels)', () => {
    const cluster = load([file('a.yaml', `x: ${'['.repeat(39)}${']'.repeat(39)}\n`)]);
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.skipped.notKubernetes).toBe(1);
  });

  it('refuses a file over 32 MiB with an error on line 1 and still reads the other files', () => {
    expect(PARSE_LIMITS.maxFileBytes).toBe(32 * 1024 * 1024);
    const huge = `#${' '.repeat(32 * 1024 * 1024)}`;
    const result = matrix({ files: [file('huge.yaml', huge), TRIO] });
    expect(result.diagnostics).toEqual([
      { file: 'huge.yaml', line: 1, severity: 'error', message: 'file skipped: 33554433 bytes exceeds the limit of 33554432' },
    ]);
    expect(ids(result)).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
  });

  it('accepts a file exactly at the size limit', () => {
    const text = pod('fits');
    PARSE_LIMITS.maxFileBytes = text.length;
    expect(load([file('a.yaml', text)]).workloads.map((w) => w.id)).toEqual(['prod/Pod/fits']);
    PARSE_LIMITS.maxFileBytes = text.length - 1;
    expect(load([file('a.yaml', text)]).diagnostics[0]!.message).toContain('exceeds the limit');
  });

  it('measures the file limit in bytes, not UTF-16 characters', () => {
    // 60 '€' are 60 characters but 180 bytes of UTF-8: over a 100-byte limit.
    PARSE_LIMITS.maxFileBytes = 100;
    const text = `# ${'€'.repeat(60)}\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(100);
    const cluster = load([file('euro.yaml', text)]);
    expect(errors(cluster.diagnostics).map((d) => [d.file, d.line])).toEqual([['euro.yaml', 1]]);
  });
});

describe('YAML 1.1 scalars, as kubectl reads them', () => {
  const podWithLabel = (value: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: prod\n  labels:\n    flag: ${value}\nspec:\n  containers: []\n`;

  it.each([
    ['yes', 'boolean true'],
    ['on', 'boolean true'],
    ['off', 'boolean false'],
    ['y', 'boolean true'],
    ['010', 'number 8'],
  ])('an unquoted label value %s is a %s, so the Pod is invalid (and its neighbours are not)', (value, found) => {
    const result = matrix({ files: [file('p.yaml', podWithLabel(value)), TRIO] });
    expect(result.diagnostics).toEqual([
      {
        file: 'p.yaml',
        line: 7,
        severity: 'error',
        message: `Pod prod/p is invalid and left out of the analysis: metadata.labels.flag: label value must be a string, found ${found} (quote it)`,
      },
    ]);
    expect(ids(result)).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
  });

  it.each(['"yes"', "'on'", '"010"'])('a quoted label value %s stays a string', (value) => {
    const cluster = load([file('p.yaml', podWithLabel(value))]);
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.workloads[0]!.labels).toEqual({ flag: value.slice(1, -1) });
  });

  it('reads a timestamp-like label value as a string, as kubectl does (go-yaml keeps timestamps as strings)', () => {
    const cluster = load([file('p.yaml', podWithLabel('2024-01-01'))]);
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.workloads.map((w) => w.labels)).toEqual([{ flag: '2024-01-01' }]);
  });

  it('reads containerPort: 010 as port 8 (octal), which a named policy port resolves to', () => {
    const server = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: server\n  namespace: prod\n  labels: {app: server}\nspec:\n  containers:\n  - name: c\n    ports:\n    - name: http\n      containerPort: 010\n`;
    const allowHttp = policy('server-http', `  podSelector: {matchLabels: {app: server}}\n  ingress:\n  - ports:\n    - port: http\n`);
    const cluster = load([file('server.yaml', server)]);
    expect(cluster.workloads[0]!.ports).toEqual([{ name: 'http', port: 8, protocol: 'TCP' }]);
    const result = matrix({ files: [file('server.yaml', server), file('np.yaml', allowHttp), TRIO] });
    expect(portsOf(result, 'prod/Pod/api', 'prod/Pod/server')).toEqual(['TCP/8']);
  });
});

describe('ManifestCache: byte-identical files are parsed once', () => {
  it('reads a text once, whatever the paths it appears under, and places each copy at its own path', () => {
    const cache = new ManifestCache();
    const text = pod('same');
    const first = cache.objects(file('a.yaml', text), false, 'default');
    const second = cache.objects(file('b.yaml', text), false, 'default');
    expect(cache.objects(file('a.yaml', text), false, 'default')).toBe(first);
    expect(second.workloads.map((w) => [w.name, w.location])).toEqual([['same', { file: 'b.yaml', line: first.workloads[0]!.location.line }]]);
    expect(first.workloads[0]!.location.file).toBe('a.yaml');
    expect(second.workloads[0]!.labels).toBe(first.workloads[0]!.labels);
  });

  it('reports the diagnostics of the same broken text under each path', () => {
    const broken = docs('a: 1\na: 2\n', policy('bad', '  podSelector: {matchLabels: {app: 5}}\n'));
    const result = matrix({ files: [file('x/one.yaml', broken), file('y/two.yaml', broken), TRIO] });
    expect(result.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([
      ['x/one.yaml', 2, 'error'],
      ['x/one.yaml', 10, 'error'],
      ['y/two.yaml', 2, 'error'],
      ['y/two.yaml', 10, 'error'],
    ]);
    expect(result.diagnostics[1]!.message).toContain('NetworkPolicy prod/bad is invalid');
    expect(ids(result)).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
  });
});
