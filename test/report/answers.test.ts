/** Answers to `/netpol` questions as markdown replies: explain, who can reach, where it can go, a namespace's matrix, unknown ids. */
import { describe, expect, test } from 'vitest';
import type { Path, PolicyRef, RuleCause, TrafficExplanation } from '../../src/engine/types.js';
import { analysePair, portRange } from '../../src/index.js';
import { renderExplainAnswer, renderNamespaceMatrixAnswer, renderReachAnswer, renderResolutionProblem } from '../../src/report/answers.js';
import { MAX_COMMENT_CHARACTERS } from '../../src/report/markdown.js';
import type { EndpointRef } from '../../src/values/endpoint.js';
import { deployment, file, shopApp, tree, webToDb } from '../review/manifests.js';
import { ports, wref } from '../review/refs.js';
import { HOSTILE, HOSTILE_PATH, HOSTILE_REFS } from './hostile.js';
import { answerSafetyProblems, outsideFences } from './markdown-checks.js';
import { BASE_SHA, HEAD_SHA, LINKED } from './scenarios.js';

// base: the shop app; head: web may reach db on TCP/5432, and another namespace has a workload named db too.
const models = analysePair(tree(...shopApp()), tree(...shopApp({ dataPolicies: [webToDb] }), file('other.yaml', deployment('other', 'db'))));
const found = (id: string): EndpointRef => {
  const r = models.head.resolve(id);
  if (r.kind !== 'found') throw new Error(`${id}: ${r.kind}`);
  return r.endpoint;
};
const web = found('shop/web');
const db = found('data/Deployment/db');
const SIZES = { shop: 2, data: 1, other: 1 };
const POSTGRES = portRange('TCP', 5432, 5432);
const link = (sha: string, path: string, line: number) => `[${path}:${line}](https://github.com/o/r/blob/${sha}/${path}#L${line})`;

describe('renderExplainAnswer', () => {
  test('allowed at head, denied at base: both, with the rules and links to each side\'s commit', () => {
    const answer = renderExplainAnswer(models.head.explain(web, db, POSTGRES), models.base.explain(web, db, POSTGRES), LINKED);
    expect(answer.split('\n')).toEqual([
      '#### netpol-review explain',
      '',
      '**At head:**',
      '<code>shop/Deployment/web</code> → <code>data/Deployment/db</code> on TCP/5432: **allowed** on TCP/5432',
      '- egress: not isolated (no egress policy selects it): everything allowed',
      `- ingress: isolated by <code>data/default-deny</code> (${link(HEAD_SHA, 'data/policies.yaml', 1)}), <code>data/db-from-api</code> (${link(HEAD_SHA, 'data/policies.yaml', 11)}), <code>data/db-from-web</code> (${link(HEAD_SHA, 'data/policies.yaml', 34)})`,
      `  - allowed by <code>data/db-from-web</code> ingress rule 1 (${link(HEAD_SHA, 'data/policies.yaml', 46)}): TCP/5432`,
      '',
      '**At base (before this pull request):**',
      '<code>shop/Deployment/web</code> → <code>data/Deployment/db</code> on TCP/5432: **denied**',
      '- egress: not isolated (no egress policy selects it): everything allowed',
      `- ingress: isolated by <code>data/default-deny</code> (${link(BASE_SHA, 'data/policies.yaml', 1)}), <code>data/db-from-api</code> (${link(BASE_SHA, 'data/policies.yaml', 11)}); no rule allows this traffic`,
    ]);
  });

  test('the same at both sides: said once; without a repository, plain file:line', () => {
    const answer = renderExplainAnswer(models.head.explain(web, web, POSTGRES), models.base.explain(web, web, POSTGRES));
    expect(answer.split('\n')).toEqual([
      '#### netpol-review explain',
      '',
      '**At head:**',
      '<code>shop/Deployment/web</code> → <code>shop/Deployment/web</code> on TCP/5432: **denied**',
      '- egress: not isolated (no egress policy selects it): everything allowed',
      '- ingress: isolated by <code>shop/default-deny</code> (shop/policies.yaml:1); no rule allows this traffic',
      '',
      'The same at base.',
    ]);
  });

  test('no base (a question about one tree): head only', () => {
    expect(renderExplainAnswer(models.head.explain(web, db, POSTGRES), undefined)).not.toContain('base');
  });
});

describe('renderReachAnswer', () => {
  test('who can reach db: grouped by ports, whole namespaces named', () => {
    expect(renderReachAnswer(db, 'ingress', models.head.reachers(db), SIZES).split('\n')).toEqual([
      '#### What can reach <code>data/Deployment/db</code>',
      '',
      '2 paths at head.',
      '',
      '| From | Ports |',
      '|---|---|',
      '| all 2 workloads in <code>shop</code> | TCP/5432 |',
    ]);
  });

  test('where web can go: external endpoints by their range', () => {
    expect(renderReachAnswer(web, 'egress', models.head.reachable(web), SIZES).split('\n')).toEqual([
      '#### Where <code>shop/Deployment/web</code> can go',
      '',
      '4 paths at head.',
      '',
      '| To | Ports |',
      '|---|---|',
      '| <code>data/Deployment/db</code> | TCP/5432 |',
      '| <code>other/Deployment/db</code>, <code>0.0.0.0/0</code> | all ports |',
      '| <code>shop/Deployment/api</code> | TCP/8080 |',
    ]);
  });

  test.each([
    ['ingress', 'Nothing can reach it.'],
    ['egress', 'It can reach nothing.'],
  ] as const)('no path (%s): "%s"', (direction, words) => {
    expect(renderReachAnswer(db, direction, [], SIZES)).toBe(`${direction === 'ingress' ? '#### What can reach' : '#### Where'} <code>data/Deployment/db</code>${direction === 'ingress' ? '' : ' can go'}\n\n${words}`);
  });
});

describe('renderNamespaceMatrixAnswer', () => {
  test('data: its paths, to and from outside it', () => {
    expect(renderNamespaceMatrixAnswer('data', models.head.matrix({ namespace: 'data' })).split('\n')).toEqual([
      '#### Reachability of namespace <code>data</code> at head',
      '',
      '1 workload, 4 paths.',
      '',
      '| From | To | Ports |',
      '|---|---|---|',
      '| <code>data/Deployment/db</code> | <code>0.0.0.0/0</code> | all ports |',
      '| <code>data/Deployment/db</code> | <code>other/Deployment/db</code> | all ports |',
      '| <code>shop/Deployment/api</code> | <code>data/Deployment/db</code> | TCP/5432 |',
      '| <code>shop/Deployment/web</code> | <code>data/Deployment/db</code> | TCP/5432 |',
    ]);
  });

  test('a namespace nothing reaches or leaves', () => {
    expect(renderNamespaceMatrixAnswer('empty', { workloads: [], externals: [], paths: [] })).toBe('#### Reachability of namespace <code>empty</code> at head\n\n0 workloads, 0 paths.\n\nNo path into or out of it is allowed.');
  });
});

describe('renderResolutionProblem', () => {
  test('an ambiguous short id: the candidates', () => {
    const r = models.head.resolve('db');
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'found') return;
    expect(renderResolutionProblem(r)).toBe('<code>db</code> names several workloads: <code>data/Deployment/db</code>, <code>other/Deployment/db</code>. Use the full id (`namespace/Kind/name`).');
  });

  test('an unknown id: the closest known ids', () => {
    const r = models.head.resolve('shop/wbe');
    expect(r.kind).toBe('unknown');
    if (r.kind === 'found') return;
    expect(renderResolutionProblem(r)).toBe(
      'No workload or external endpoint <code>shop/wbe</code> at head. Did you mean <code>shop/Deployment/web</code> or <code>data/Deployment/db</code> or <code>other/Deployment/db</code>? Ids look like `namespace/Kind/name`, `namespace/name` or `ip:<address>`.',
    );
  });

  test('no suggestion: no question', () => {
    expect(renderResolutionProblem({ kind: 'unknown', id: 'x', suggestions: [] })).toBe('No workload or external endpoint <code>x</code> at head. Ids look like `namespace/Kind/name`, `namespace/name` or `ip:<address>`.');
  });

  test('a hostile id and hostile suggestions are escaped', () => {
    const text = renderResolutionProblem({ kind: 'unknown', id: HOSTILE, suggestions: [HOSTILE_REFS.a.id] });
    expect(answerSafetyProblems(text)).toEqual([]);
    expect(outsideFences(text)).not.toMatch(/<img|@org|\n/);
    const ambiguous = renderResolutionProblem({ kind: 'ambiguous', id: HOSTILE, candidates: [HOSTILE_REFS.a, HOSTILE_REFS.c] });
    expect(answerSafetyProblems(ambiguous)).toEqual([]);
    expect(ambiguous).not.toMatch(/<img|@org/);
  });
});

describe('hostile names and sizes', () => {
  const policy = (name: string): PolicyRef => ({ policy: `${HOSTILE_REFS.a.namespace}/${name}`, namespace: HOSTILE_REFS.a.namespace, name, file: HOSTILE_PATH, line: 3 });
  const rule = (i: number): RuleCause => ({ ...policy(`${HOSTILE} ${i}`), direction: 'ingress', rule: i, ports: ports(`TCP/${i + 1}`), uncertain: i % 2 === 0 });
  const explanation = (rules: number): TrafficExplanation => ({
    from: HOSTILE_REFS.c,
    to: HOSTILE_REFS.a,
    ports: ports('TCP/1-65535'),
    allowedPorts: ports('TCP/1-65535'),
    allowed: true,
    uncertain: true,
    egress: { isolated: false, selectedBy: [], allowedBy: [], ports: ports('TCP/1-65535') },
    ingress: { isolated: true, selectedBy: [policy(HOSTILE)], allowedBy: Array.from({ length: rules }, (_, i) => rule(i)), ports: ports('TCP/1-65535') },
  });

  test('explain: hostile names, paths and links are inert', () => {
    for (const context of [{}, LINKED]) {
      const answer = renderExplainAnswer(explanation(3), undefined, context);
      expect(answerSafetyProblems(answer)).toEqual([]);
      expect(answer.replace(/&#\d+;/g, '')).not.toMatch(/<img|@org|#123/);
      expect(answer).toContain('(uncertain ipBlock match)');
    }
  });

  test('explain with 2,000 rules: within a comment, the rest counted', () => {
    const answer = renderExplainAnswer(explanation(2_000), explanation(2_000), LINKED);
    expect(answer.length).toBeLessThanOrEqual(MAX_COMMENT_CHARACTERS);
    expect(answer).toMatch(/\n…and \d+ more lines not shown\.$/);
    expect(answerSafetyProblems(answer)).toEqual([]);
  });

  const manyPaths = (n: number): Path[] =>
    Array.from({ length: n }, (_, i) => ({ from: { ...wref(`n${i}/Pod/p`), namespace: `${HOSTILE} ${i}`, id: `${HOSTILE} ${i}/Pod/p` }, to: HOSTILE_REFS.a, ports: ports(`TCP/${(i % 60000) + 1}`), uncertain: i % 3 === 0 }));

  test('reach: hostile names inert; 5,000 distinct rows within a comment, the rest counted', () => {
    const answer = renderReachAnswer(HOSTILE_REFS.a, 'ingress', manyPaths(5_000), {});
    expect(answer.length).toBeLessThanOrEqual(MAX_COMMENT_CHARACTERS);
    const fold = /\n…and (\d+) more rows not shown\.$/.exec(answer);
    expect(fold).not.toBeNull();
    const rows = answer.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| From'));
    expect(rows.length + Number(fold![1])).toBe(5_000);
    expect(answerSafetyProblems(answer)).toEqual([]);
    expect(answer).not.toMatch(/<img|@org/);
  });

  test('namespace matrix: hostile names inert; 5,000 paths within a comment, the rest counted', () => {
    const paths = manyPaths(5_000);
    const answer = renderNamespaceMatrixAnswer(HOSTILE_REFS.a.namespace, { workloads: [HOSTILE_REFS.a], externals: [], paths });
    expect(answer.length).toBeLessThanOrEqual(MAX_COMMENT_CHARACTERS);
    const fold = /\n…and (\d+) more paths not shown\.$/.exec(answer);
    expect(fold).not.toBeNull();
    const rows = answer.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| From'));
    expect(rows.length + Number(fold![1])).toBe(5_000);
    for (const r of rows) expect(r.split('|')).toHaveLength(5);
    expect(answerSafetyProblems(answer)).toEqual([]);
  });
});
