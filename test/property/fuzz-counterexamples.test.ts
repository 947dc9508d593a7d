/**
 * Counterexamples found by the fuzz property (fuzz.property.test.ts), shrunk, kept as plain unit
 * tests. Each says what the property expected and what the loader did when it was found.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, analyse, analysePair, formatPorts, review } from '../../src/index.js';
import { SANCTUARY } from './fuzz-arbitraries.js';

const diagnosticsOf = (text: string) => analyse({ files: [{ path: 'f.yaml', text }] }).diagnostics;

describe('fuzz counterexamples', () => {
  /**
   * Found with FC_SEED=20240521 (a text mutation inserted "\r" and "\u0000"), shrunk to "\r\u0000".
   * js-yaml breaks lines at a lone CR too, the loader (and GitHub) only at LF: the diagnostic pointed
   * at line 2 of a one-line file, where no annotation can go.
   *   expected: line 1; got: line 2 (and 5 for the second text, of 4 lines).
   * (parse-yaml.ts errorLine took the line from the YAMLException's mark.)
   */
  it('a YAML error after a lone carriage return is placed at the line LF counting gives', () => {
    expect(diagnosticsOf('\r\u0000')).toEqual([{ file: 'f.yaml', line: 1, severity: 'error', message: 'document skipped: not valid YAML: null byte is not allowed in input' }]);
    expect(diagnosticsOf('x: 1\n---\na: 1\rb: [\r\u0000\n')).toEqual([{ file: 'f.yaml', line: 3, severity: 'error', message: 'document skipped: not valid YAML: null byte is not allowed in input' }]);
  });

  /**
   * Found with FC_SEED=42 (a file of one random byte, 0x0B). A piece of a broken file that JavaScript's
   * trim() empties (a vertical tab, a form feed) was dropped as blank, yet YAML refuses those characters.
   *   expected: an error at line 1; got: no diagnostic.
   */
  it('a file holding only a vertical tab is not YAML, and says so', () => {
    expect(diagnosticsOf('\u000b')).toEqual([{ file: 'f.yaml', line: 1, severity: 'error', message: 'document skipped: not valid YAML: the stream contains non-printable characters' }]);
    const model = analyse({ files: [{ path: 'f.yaml', text: '\f\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n' }] });
    expect(model.diagnostics).toEqual([{ file: 'f.yaml', line: 1, severity: 'error', message: 'document skipped: not valid YAML: the stream contains non-printable characters' }]);
    expect(model.namespaces.map((n) => [n.name, n.location])).toEqual([['x', { file: 'f.yaml', line: 3 }]]);
  });

  /**
   * Found with FC_SEED=1 and FC_SEED=2 (a seed Namespace listed twice through an alias, the List's
   * apiVersion deleted), and with FC_SEED=3 (a JSON List whose `"apiVersion"` key a stray `(` turned
   * into `( "apiVersion"`). kubectl refuses a List without apiVersion, so its items are never applied,
   * yet the loader counted it as "not a Kubernetes object" and said nothing.
   *   expected: an error naming the file; got: no diagnostic, skipped.notKubernetes 1.
   */
  it('a List that lost its apiVersion is an error, not silently skipped', () => {
    const text = 'kind: List\nitems:\n  - &ref_0\n    apiVersion: v1\n    kind: Namespace\n    metadata:\n      name: fuzz\n  - *ref_0\n';
    const model = analyse({ files: [{ path: 'f.yaml', text }] });
    expect(model.namespaces).toEqual([]);
    expect(model.skipped).toEqual({ notKubernetes: 0, otherKinds: 0 });
    expect(model.diagnostics).toEqual([
      { file: 'f.yaml', line: 1, severity: 'error', message: 'List is invalid and left out of the analysis: apiVersion: apiVersion is required, found nothing (kubectl refuses the object)' },
    ]);
  });

  /** The same loss inside a pull request: a policy whose apiVersion line is deleted is made invalid, and what that opens is counted. */
  it('a PR that deletes a policy\'s apiVersion makes it invalid, with the paths that opens', () => {
    const head = { ...SANCTUARY, text: SANCTUARY.text.replace('---\napiVersion: networking.k8s.io/v1\n', '---\n') };
    const models = analysePair({ files: [SANCTUARY] }, { files: [head] });
    const result = review(models.base, models.head, DEFAULT_SETTINGS);
    expect(result.invalidated.map(({ kind, id, file, line, reason, was, opened, closed }) => ({ kind, id, file, line, reason, was, opened, closed }))).toEqual([
      { kind: 'NetworkPolicy', id: 'sanctuary/store-from-api', file: 'apps/sanctuary.yaml', line: 26, reason: 'apiVersion: apiVersion is required, found nothing (kubectl refuses the object)', was: { file: 'apps/sanctuary.yaml', line: 26 }, opened: 3, closed: 0 },
    ]);
    const ends = (g: { parts: readonly { kind: string; ref?: { id: string } }[] }) => g.parts.map((p) => p.ref?.id ?? p.kind);
    expect(result.opened.map((r) => [ends(r.from), ends(r.to), formatPorts(r.ports)])).toEqual([
      [['ip:0.0.0.0/0'], ['sanctuary/StatefulSet/store'], ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']],
      [['sanctuary/Deployment/api'], ['sanctuary/StatefulSet/store'], ['SCTP/1-65535', 'TCP/1-5431', 'TCP/5433-65535', 'UDP/1-65535']],
      [['sanctuary/StatefulSet/store'], ['sanctuary/StatefulSet/store'], ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535']],
    ]);
    expect(result.incomplete).toBe(true);
  });
});
