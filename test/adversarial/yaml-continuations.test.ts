/**
 * Continuation lines of quoted scalars and flow collections, as go-yaml v2 (what kubectl reads YAML
 * with) reads them: its scanner puts no indentation bound on them (yaml.v2 scannerc.go,
 * yaml_parser_scan_flow_scalar checks only for `---`/`...` at column 0, and
 * yaml_parser_unroll_indent does nothing inside a flow collection), where js-yaml says "deficient
 * indentation". Every expected value below is what gopkg.in/yaml.v2 (Debian's
 * golang-gopkg-yaml.v2-dev, yaml.Unmarshal into interface{}, then json.Marshal) printed for the same
 * text; `error` rows are texts go-yaml refuses too.
 */
import { describe, expect, it } from 'vitest';
import { parseManifestFile } from '../../src/k8s/parse-yaml.js';
import { docs, errors, pod, ports, run } from './helpers.js';

interface Row {
  name: string;
  yaml: string;
  /** go-yaml's value, or `error` with the line of our diagnostic. */
  expected: unknown;
}

const ROWS: Row[] = [
  { name: "single-quoted, continuation at the key's indent", yaml: "spec:\n    note: 'one\n    two'\n", expected: { spec: { note: 'one two' } } },
  { name: 'single-quoted, continuation less indented than the key', yaml: "spec:\n    note: 'one\n  two'\n", expected: { spec: { note: 'one two' } } },
  { name: 'single-quoted, continuation at column 0', yaml: "spec:\n    note: 'one\ntwo'\n", expected: { spec: { note: 'one two' } } },
  { name: 'double-quoted at the key\'s indent', yaml: 'spec:\n    note: "one\n    two"\n', expected: { spec: { note: 'one two' } } },
  { name: 'double-quoted with an escaped line break', yaml: 'spec:\n    note: "one\\\n  two"\n', expected: { spec: { note: 'onetwo' } } },
  { name: 'double-quoted, continuation starting with an escaped tab', yaml: 'spec:\n    note: "one\n  \\ttwo"\n', expected: { spec: { note: 'one \ttwo' } } },
  { name: "single-quoted with an escaped quote ('')", yaml: "spec:\n    note: 'it''s\n   here'\n", expected: { spec: { note: "it's here" } } },
  { name: 'single-quoted with an empty line (a line break)', yaml: "spec:\n    note: 'one\n\n   two'\n", expected: { spec: { note: 'one\ntwo' } } },
  { name: 'double-quoted over three lines, each less indented', yaml: 'a:\n  b: "x\n  y\n z"\n', expected: { a: { b: 'x y z' } } },
  { name: "a '#' inside a quoted scalar is not a comment", yaml: "a:\n  b: 'x # not a comment\n y' # comment\n", expected: { a: { b: 'x # not a comment y' } } },
  { name: 'flow sequence at the key\'s indent', yaml: 'spec:\n    ports: [80,\n    443]\n', expected: { spec: { ports: [80, 443] } } },
  { name: 'flow sequence less indented', yaml: 'spec:\n    ports: [80,\n  443]\n', expected: { spec: { ports: [80, 443] } } },
  { name: 'flow mapping less indented', yaml: 'spec:\n    labels: {app: web,\n  tier: front}\n', expected: { spec: { labels: { app: 'web', tier: 'front' } } } },
  { name: 'plain scalar folded inside a flow sequence', yaml: 'spec:\n    list: [a\n  b, c]\n', expected: { spec: { list: ['a b', 'c'] } } },
  { name: 'quoted scalars inside a flow sequence', yaml: "a:\n  b: [ 'one\n two', \"three\n four\" ]\n", expected: { a: { b: ['one two', 'three four'] } } },
  { name: 'a sequence item', yaml: "items:\n  - 'one\n  two'\n", expected: { items: ['one two'] } },
  { name: 'a mapping in a sequence item', yaml: "items:\n  - name: 'one\n  two'\n", expected: { items: [{ name: 'one two' }] } },
  { name: 'after a block scalar (its content untouched)', yaml: "a:\n  b: |\n    keep\n  c: 'x\n y'\n", expected: { a: { b: 'keep\n', c: 'x y' } } },
  // go-yaml: "yaml: line 4: could not find expected ':'": a plain scalar in block context is bounded.
  { name: 'plain multi-line scalar at the key\'s indent (refused by go-yaml too)', yaml: 'spec:\n    note: one\n    two\n', expected: { error: 3 } },
  // go-yaml: "found unexpected document indicator".
  { name: 'a document marker inside a quoted scalar (refused by go-yaml too)', yaml: "a:\n  b: 'x\n---\n y'\n", expected: { error: 2 } },
];

describe('flow continuation lines less indented than js-yaml accepts, read as go-yaml v2 does', () => {
  it.each(ROWS)('$name', ({ yaml, expected }) => {
    const { documents, diagnostics } = parseManifestFile({ path: 'f.yaml', text: yaml });
    if (expected && typeof expected === 'object' && 'error' in expected) {
      expect(diagnostics.map((d) => [d.line, d.severity])).toEqual([[(expected as { error: number }).error, 'error']]);
      return;
    }
    expect(diagnostics).toEqual([]);
    expect(documents.map((d) => d.value)).toEqual([expected]);
  });

  it('bounds the work: past 200 such lines in one text, the first error stands', () => {
    const lines = (n: number) => `a:\n  b: 'x\n${'y\n'.repeat(n)}z'\n`;
    expect(parseManifestFile({ path: 'f.yaml', text: lines(199) }).documents.map((d) => (d.value as { a: { b: string } }).a.b.length)).toEqual([2 + 2 * 199 + 1]);
    expect(parseManifestFile({ path: 'f.yaml', text: lines(200) }).diagnostics.map((d) => [d.line, d.message])).toEqual([[3, 'document skipped: not valid YAML: deficient indentation']]);
  });

  it('keeps line numbers: fields after the continuation are placed at their own lines', () => {
    const text = "a:\n  b: 'one\ntwo'\n  c:\n    d: 1\n";
    const [document] = parseManifestFile({ path: 'f.yaml', text }).documents;
    expect([document!.locator.at('a', 'b').line, document!.locator.at('a', 'c', 'd').line]).toEqual([2, 5]);
  });

  it('the Job of the issue loads (a note annotation whose continuation sits at its key\'s indent), with its policy', () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata:
    name: migrate
    namespace: x
    annotations:
        note: 'runs once
        per release'
spec:
    template:
        metadata: {labels: {pod: job}}
        spec: {restartPolicy: Never, containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}
`;
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-a, namespace: x}
spec:
    podSelector: {matchLabels: {pod: job}}
    ingress: [{from: [{podSelector: {matchLabels: {pod: a}}}],
    ports: [{port: 80}]}]
`;
    const result = run(docs(pod('x', 'a', { pod: 'a' }), pod('x', 'b', { pod: 'b' }), job, policy));
    expect(errors(result)).toEqual([]);
    expect(result.workloads.map((w) => w.id)).toEqual(['x/Job/migrate', 'x/Pod/a', 'x/Pod/b']);
    expect(ports(result, 'x/Pod/a', 'x/Job/migrate')).toEqual(['TCP/80']);
    expect(ports(result, 'x/Pod/b', 'x/Job/migrate')).toEqual([]);
  });
});
