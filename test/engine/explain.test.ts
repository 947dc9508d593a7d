/** explain(): why traffic on one port is allowed or denied, side by side and rule by rule. */
import { describe, expect, it } from 'vitest';
import { explain, type ExplainOutcome } from '../../src/index.js';
import type { AnalysisInput, ExplainResult, PolicyRef } from '../../src/index.js';
import type { Protocol } from '../../src/k8s/types.js';
import { DB_FROM_API, file, policy, TRIO } from '../k8s/manifests.js';

/** api may send to db on 5432-5433 (rule 0, line 10) and to the world outside 10/8 on 443 (rule 1, line 13). */
const API_EGRESS = policy(
  'api-egress',
  `
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector: {matchLabels: {app: db}}
    ports: [{port: 5432}, {port: 5433}]
  - to:
    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}
    ports: [{port: 443}]
`,
);

/** From the cluster context: web may reach db on 6432 (rule 0, line 9). */
const DB_FROM_WEB = policy(
  'db-from-web',
  '  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: web}}\n    ports: [{port: 6432}]\n',
);

const INPUT: AnalysisInput = {
  files: [TRIO, file('np/db.yaml', DB_FROM_API), file('np/api.yaml', API_EGRESS)],
  context: [file('ctx.yaml', DB_FROM_WEB)],
};

const ref = (name: string, path: string, context = false): PolicyRef => ({
  policy: `prod/${name}`,
  namespace: 'prod',
  name,
  file: path,
  line: 1,
  ...(context ? { context: true as const } : {}),
});
const API_EGRESS_REF = ref('api-egress', 'np/api.yaml');
const DB_REFS = [ref('db-from-web', 'ctx.yaml', true), ref('db-from-api', 'np/db.yaml')];
const NOT_ISOLATED = (ports: string[]) => ({ isolated: false, selectedBy: [], allowedBy: [], ports });

function explained(outcome: ExplainOutcome): ExplainResult {
  if (outcome.kind !== 'explained') throw new Error(`unknown endpoint ${outcome.id}`);
  return outcome.result;
}

const WARNING = {
  file: 'np/api.yaml',
  line: 13,
  severity: 'warning',
  message:
    "NetworkPolicy prod/api-egress: egress rule 2 has ipBlocks that cover only part of the pod CIDRs, so it may or may not match pods; paths through it are marked uncertain (--pod-cidr with your cluster's pod CIDRs settles it)",
};

describe('explain', () => {
  it('names the policies selecting each side and the rules allowing the traffic (0-based rule, file, line, ports)', () => {
    const result = explained(explain(INPUT, 'prod/Pod/api', 'prod/Pod/db', { protocol: 'TCP', port: 5432 }));
    expect(result).toStrictEqual({
      from: 'prod/Pod/api',
      to: 'prod/Pod/db',
      ports: ['TCP/5432'],
      allowedPorts: ['TCP/5432'],
      allowed: true,
      egress: {
        isolated: true,
        selectedBy: [API_EGRESS_REF],
        allowedBy: [{ ...API_EGRESS_REF, direction: 'egress', rule: 0, line: 10, ports: ['TCP/5432'] }],
        ports: ['TCP/5432'],
      },
      ingress: {
        isolated: true,
        selectedBy: DB_REFS,
        allowedBy: [{ ...ref('db-from-api', 'np/db.yaml'), direction: 'ingress', rule: 0, line: 9, ports: ['TCP/5432'] }],
        ports: ['TCP/5432'],
      },
      diagnostics: [WARNING],
    });
  });

  it('shows a denial on one side: egress allows, ingress has no rule', () => {
    const result = explained(explain(INPUT, 'prod/Pod/api', 'prod/Pod/db', { protocol: 'TCP', port: 5433 }));
    expect(result.allowed).toBe(false);
    expect(result.allowedPorts).toEqual([]);
    expect(result.egress.allowedBy.map((r) => [r.policy, r.rule, r.ports])).toEqual([['prod/api-egress', 0, ['TCP/5433']]]);
    expect(result.egress.ports).toEqual(['TCP/5433']);
    expect(result.ingress).toStrictEqual({ isolated: true, selectedBy: DB_REFS, allowedBy: [], ports: [] });
  });

  it('marks context policies and their rules with context: true', () => {
    const result = explained(explain(INPUT, 'prod/Pod/web', 'prod/Pod/db', { protocol: 'TCP', port: 6432 }));
    expect(result.allowed).toBe(true);
    expect(result.egress).toStrictEqual(NOT_ISOLATED(['TCP/6432']));
    expect(result.ingress.allowedBy).toStrictEqual([
      { ...ref('db-from-web', 'ctx.yaml', true), direction: 'ingress', rule: 0, line: 9, ports: ['TCP/6432'] },
    ]);
  });

  it.each(['ip:8.8.8.8', 'ip:0.0.0.0/0 except 10.0.0.0/8', 'ip:1.0.0.0/8'])('resolves %s to its atom id; external endpoints are never isolated', (id) => {
    const result = explained(explain(INPUT, 'prod/Pod/api', id, { protocol: 'TCP', port: 443 }));
    expect(result.to).toBe('ip:0.0.0.0/0 except 10.0.0.0/8');
    expect(result.allowed).toBe(true);
    expect(result.uncertain).toBeUndefined();
    expect(result.egress.allowedBy).toStrictEqual([{ ...API_EGRESS_REF, direction: 'egress', rule: 1, line: 13, ports: ['TCP/443'] }]);
    expect(result.ingress).toStrictEqual(NOT_ISOLATED(['TCP/443']));
  });

  it('resolves an external source too, and denies what the destination does not admit', () => {
    const result = explained(explain(INPUT, 'ip:8.8.8.8', 'prod/Pod/db', { protocol: 'TCP', port: 5432 }));
    expect(result.from).toBe('ip:0.0.0.0/0 except 10.0.0.0/8');
    expect(result.allowed).toBe(false);
    expect(result.egress).toStrictEqual(NOT_ISOLATED(['TCP/5432']));
    expect(result.ingress.allowedBy).toEqual([]);
  });

  it('marks a rule matching only through a partly overlapping ipBlock, and the result, uncertain', () => {
    const result = explained(explain(INPUT, 'prod/Pod/api', 'prod/Pod/web', { protocol: 'TCP', port: 443 }));
    expect(result.allowed).toBe(true);
    expect(result.uncertain).toBe(true);
    expect(result.egress.allowedBy).toStrictEqual([
      { ...API_EGRESS_REF, direction: 'egress', rule: 1, line: 13, ports: ['TCP/443'], uncertain: true },
    ]);
  });

  it.each<[Protocol, number, string[]]>([
    ['UDP', 53, ['UDP/53']],
    ['SCTP', 9, ['SCTP/9']],
  ])('explains %s/%i between unisolated workloads as allowed on both sides', (protocol, port, ports) => {
    const result = explained(explain(INPUT, 'prod/Pod/web', 'prod/Pod/api', { protocol, port }));
    expect(result).toStrictEqual({
      from: 'prod/Pod/web',
      to: 'prod/Pod/api',
      ports,
      allowedPorts: ports,
      allowed: true,
      egress: NOT_ISOLATED(ports),
      ingress: NOT_ISOLATED(ports),
      diagnostics: [WARNING],
    });
  });

  // Suggestions: the closest known ids, nearest first (ties by id); the assumed DNS is never one.
  it.each([
    ['an unknown workload', 'prod/Pod/nope', 'prod/Pod/db', 'prod/Pod/nope', ['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']],
    ['an unknown destination', 'prod/Pod/api', 'prod/Deployment/db', 'prod/Deployment/db', ['prod/Pod/db', 'prod/Pod/web', 'prod/Pod/api']],
    ['an ip spanning atoms', 'ip:0.0.0.0/0', 'prod/Pod/db', 'ip:0.0.0.0/0', ['prod/Pod/db', 'prod/Pod/api', 'prod/Pod/web']],
  ])('reports %s with its id, suggestions and the diagnostics', (_, from, to, id, suggestions) => {
    expect(explain(INPUT, from, to, { protocol: 'TCP', port: 80 })).toStrictEqual({ kind: 'unknown-endpoint', id, suggestions, diagnostics: [WARNING] });
  });
});
