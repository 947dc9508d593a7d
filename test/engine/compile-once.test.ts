/**
 * When no workload changed between base and head, a policy read once from a file both sides hold
 * alike is compiled once for both: each side still has its warnings, and verdicts equal those of
 * each side analysed alone.
 */
import { describe, expect, it } from 'vitest';
import { type AnalysisInput, type Model, analyse, compare, diff, portRange } from '../../src/index.js';
import { DB_FROM_API, TRIO, docs, file, policy } from '../k8s/manifests.js';

/** Warnings: a policy selecting nothing, a peer matching nothing, and an ipBlock partly over the pod CIDRs. */
const WARNED = docs(
  policy('nobody', '  podSelector: {matchLabels: {app: ghost}}\n  ingress:\n  - {}\n'),
  policy('to-ghost', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - podSelector: {matchLabels: {app: ghost}}\n'),
  policy('from-block', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/16}\n'),
);
const WEB_FROM_API = policy('web-from-api', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: api}}\n');

const BASE: AnalysisInput = { files: [TRIO, file('np/warned.yaml', WARNED), file('np/db.yaml', DB_FROM_API)] };
const HEAD: AnalysisInput = { files: [TRIO, file('np/warned.yaml', WARNED), file('np/db.yaml', DB_FROM_API.replace('port: 5432', 'port: 6379')), file('np/web.yaml', WEB_FROM_API)] };

/** The same head with the shared file's text made different (a comment at its end), so that nothing is read once for both sides. */
const HEAD_APART: AnalysisInput = { files: HEAD.files.map((f) => (f.path === 'np/warned.yaml' ? { ...f, text: `${f.text}# apart\n` } : f)) };

describe('a policy both sides read alike, with no workload changed', () => {
  const result = diff(BASE, HEAD);

  it('keeps its warnings on both sides, at the same lines', () => {
    const warned = result.diagnostics.filter((d) => d.file === 'np/warned.yaml').map((d) => [d.side, d.line, d.message.split(':')[0]!.split(' ').slice(0, 4).join(' ')]);
    expect(warned).toEqual([
      ['base', 1, 'NetworkPolicy prod/nobody selects no'],
      ['head', 1, 'NetworkPolicy prod/nobody selects no'],
      ['base', 20, 'NetworkPolicy prod/to-ghost'],
      ['head', 20, 'NetworkPolicy prod/to-ghost'],
      ['base', 31, 'NetworkPolicy prod/from-block'],
      ['head', 31, 'NetworkPolicy prod/from-block'],
    ]);
  });

  it('gives the same diff as when each side reads its own copy', () => {
    expect(result).toEqual(diff(BASE, HEAD_APART));
    expect(result.opened.map((e) => [e.from, e.to, e.ports])).toEqual([['prod/Pod/api', 'prod/Pod/db', ['TCP/6379']]]);
    expect(result.closed.filter((e) => e.to === 'prod/Pod/db').map((e) => [e.from, e.ports])).toEqual([['prod/Pod/api', ['TCP/5432']]]);
  });

  it('gives each side the verdicts of that side analysed alone', () => {
    const { base, head } = compare(analyse(BASE), analyse(HEAD));
    const ids = ['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web'];
    const verdicts = (model: Model) =>
      ids.flatMap((from) =>
        ids.map((to) => {
          const [a, b] = [from, to].map((id) => model.resolve(id)).map((r) => (r.kind === 'found' ? r.endpoint : undefined!));
          return [from, to, model.explain(a!, b!, portRange('TCP', 1, 65535)).allowed] as const;
        }),
      );
    expect(verdicts(base)).toEqual(verdicts(analyse(BASE)));
    expect(verdicts(head)).toEqual(verdicts(analyse(HEAD)));
    expect(verdicts(head).filter(([, to]) => to === 'prod/Pod/web')).toEqual([
      ['prod/Pod/api', 'prod/Pod/web', true],
      ['prod/Pod/db', 'prod/Pod/web', false],
      ['prod/Pod/web', 'prod/Pod/web', false],
    ]);
  });
});
