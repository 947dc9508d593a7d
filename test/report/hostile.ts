/**
 * Hostile text for the escaping tests, and a ReviewResult built by hand that puts it in every field
 * the renderer shows (Kubernetes validates names and labels, but the renderer must not rely on it).
 */
import { type Comparison, type LabelSelector, type PolicyRef, type RuleCause, analysePair, compare } from '../../src/index.js';
import type { CauseItem } from '../../src/review/causes.js';
import type { EndpointGroup, GroupPart, PathRow } from '../../src/review/group-paths.js';
import type { ReviewContext, ReviewResult, ReviewedExposureKind } from '../../src/review/review.js';
import type { ExternalRef, WorkloadRef } from '../../src/values/endpoint.js';
import { ports, xref } from '../review/refs.js';

/** A diff that skipped nothing, for hand-built results. */
export const NOTHING_SKIPPED = { notKubernetes: 0, otherKinds: 0 };

/** The comparison of two empty trees: what hand-built results carry (the renderers of a comment do not read it). */
export function emptyComparison(): Comparison {
  const models = analysePair({ files: [] }, { files: [] });
  return compare(models.base, models.head);
}

/** The fields of a result about completeness and change, for hand-built results: complete, changed. */
export const complete = (): Pick<ReviewResult, 'incomplete' | 'unanalysed' | 'newInvalid' | 'invalidated' | 'changed' | 'removed' | 'preexistingDiagnostics'> => ({
  incomplete: false,
  unanalysed: [],
  newInvalid: [],
  invalidated: [],
  changed: true,
  removed: [],
  preexistingDiagnostics: [],
});

/** Each piece on its own; joined with spaces in HOSTILE. */
export const HOSTILE_PIECES = [
  '<img src=x onerror=alert(1)>',
  '</details>',
  '</summary>',
  '<!-- x -->',
  'a|b',
  '\\|',
  '@org/team',
  '#123',
  'o/r#45',
  '`tick`',
  '```',
  '*bold*',
  '_em_',
  '~~del~~',
  '[link](http://x)',
  'line\nbreak',
  'cr\r\nlf',
  'end',
  'graph',
  '-->',
  '"',
  ';',
  '%%',
  '&amp;',
  '&#124;',
  '{}',
];
export const HOSTILE = HOSTILE_PIECES.join(' ');
/** A file path: slashes kept as separators, the rest hostile. */
export const HOSTILE_PATH = `dir ${HOSTILE}/sub)x(/${HOSTILE}.yaml`;

const HOSTILE_DIAGNOSTICS: ReviewResult['diagnostics'] = [
  { side: 'head', file: HOSTILE_PATH, line: 2, severity: 'error', message: HOSTILE },
  { side: 'base', file: HOSTILE_PATH, line: 5, severity: 'warning', message: HOSTILE },
];

const ns = `ns ${HOSTILE}`;
const workload = (namespace: string, kind: string, name: string): WorkloadRef => ({ type: 'workload', id: `${namespace}/${kind}/${name}`, namespace, kind, name });
/**
 * Endpoints with hostile names. External endpoints are typed ranges (no text to inject), but their
 * ids are hostile: the renderer must show the range, never the id.
 */
export const HOSTILE_REFS = {
  a: workload(ns, 'Deployment', HOSTILE),
  b: workload(ns, 'StatefulSet', 'end'),
  c: workload('other', 'Pod', `${HOSTILE} graph`),
  x: workload(ns, 'Job', 'x'),
  y: workload(ns, 'Job', 'y'),
  /** The internet: 0.0.0.0/0 except 10.0.0.0/8. */
  external: { ...xref('ip:0.0.0.0/0 except 10.0.0.0/8'), id: `ip:${HOSTILE}` } satisfies ExternalRef,
  /** An external endpoint inside internalCidrs (10.0.0.0/8): shown as its range, not as the internet. */
  privateExternal: { ...xref('ip:10.0.0.0/8'), id: `ip:10.0.0.0/8 ${HOSTILE}` } satisfies ExternalRef,
};
export const HOSTILE_IDS = {
  namespace: ns,
  a: HOSTILE_REFS.a.id,
  b: HOSTILE_REFS.b.id,
  c: HOSTILE_REFS.c.id,
  external: HOSTILE_REFS.external.id,
  privateExternal: HOSTILE_REFS.privateExternal.id,
};
/** How the renderer shows the external endpoints: their ranges. */
export const HOSTILE_RANGES = { external: '0.0.0.0/0 except 10.0.0.0/8', privateExternal: '10.0.0.0/8' };

const policy = (name: string, file = HOSTILE_PATH): PolicyRef => ({ policy: `${ns}/${name}`, namespace: ns, name, file, line: 7 });
const rule = (side: 'base' | 'head', direction: 'ingress' | 'egress', changed: boolean): CauseItem => ({
  kind: 'rule',
  side,
  changed,
  rule: { ...policy(`${HOSTILE} ${side}`), direction, rule: 2, ports: PORTS, uncertain: false } satisfies RuleCause,
});
const labels: CauseItem = { kind: 'labels', object: HOSTILE_IDS.a, before: { [HOSTILE]: HOSTILE, same: 'x' }, after: { [HOSTILE]: `${HOSTILE} 2`, same: 'x' } };

const group = (...parts: GroupPart[]): EndpointGroup => ({ parts, count: parts.length });
const w = (ref: WorkloadRef): GroupPart => ({ kind: 'workload', ref });
/** A selector of one `Exists` requirement on a hostile key: written as the key alone. */
const exists = (key: string): LabelSelector => ({ requirements: [{ key, operator: 'Exists', values: [] }] });

function row(from: EndpointGroup, to: EndpointGroup, items: CauseItem[], risk: PathRow['risk'], extra: Partial<PathRow> = {}): PathRow {
  return { from, to, ports: PORTS, uncertain: false, cause: { items, key: JSON.stringify(items) }, risk, pairs: from.count * to.count, ...extra };
}

/** Ports are typed (a PortSet): no text to inject. */
const PORTS = ports('TCP/80', 'UDP/1-65535', 'SCTP/9');

/** A result with hostile text in every rendered field. `context` decides whether causes are linked. */
export function hostileResult(context: ReviewContext): ReviewResult {
  const kinds: ReviewedExposureKind[] = ['internet-ingress', 'lost-ingress-isolation', 'reachable-from-every-namespace', 'internet-egress', 'dns-cut', 'unprotected-workload'];
  const opened = [
    row(group(w(HOSTILE_REFS.a)), group({ kind: 'namespace', namespace: ns, count: 3 }), [rule('head', 'ingress', true), labels], 'high', { uncertain: true }),
    row(group({ kind: 'every-workload', count: 9 }), group({ kind: 'external', ref: HOSTILE_REFS.external }), [rule('head', 'egress', false)], 'medium'),
    row(group(w(HOSTILE_REFS.c), w(HOSTILE_REFS.b), w(HOSTILE_REFS.a), w(HOSTILE_REFS.x), w(HOSTILE_REFS.y)), group(w(HOSTILE_REFS.b)), [
      { kind: 'isolation-lifted', direction: 'ingress', endpoint: HOSTILE_REFS.b, was: [policy(HOSTILE)] },
    ], 'low'),
    row(group({ kind: 'selection', terms: [{ pods: exists(HOSTILE), namespace: ns }, { namespaces: exists(HOSTILE) }], count: 2 }), group({ kind: 'external', ref: HOSTILE_REFS.privateExternal }), [rule('head', 'egress', true)], 'low'),
  ];
  const closed = [
    row(group(w(HOSTILE_REFS.b)), group(w(HOSTILE_REFS.c)), [rule('base', 'ingress', true), rule('base', 'egress', false)], 'none'),
    row(group(w(HOSTILE_REFS.c)), group(w(HOSTILE_REFS.a)), [{ kind: 'isolated', direction: 'egress', endpoint: HOSTILE_REFS.c, by: [policy(HOSTILE), policy('end')] }], 'none'),
  ];
  const added = [row(group(w(HOSTILE_REFS.c)), group(w(HOSTILE_REFS.a)), [], 'low')];
  added[0]!.cause = { items: [], key: 'new' };
  return {
    context,
    risk: 'high',
    ...complete(),
    counts: { opened: 12, closed: 2, addedWorkloads: 1, addedPaths: 1, removedWorkloads: 1, exposures: kinds.length },
    // One exposure of each kind, alternately on one workload and on a whole (hostile) namespace.
    exposures: kinds.map((kind, i) => ({
      kind,
      risk: kind === 'unprotected-workload' ? 'medium' : 'high',
      workloads: i % 2 ? group({ kind: 'namespace', namespace: ns, count: 3 }) : group(w(HOSTILE_REFS.c)),
      refs: i % 2 ? [HOSTILE_REFS.a, HOSTILE_REFS.b, HOSTILE_REFS.x] : [HOSTILE_REFS.c],
      ports: i % 3 ? [] : ports('TCP/53', 'UDP/53'),
      externals: kind.startsWith('internet') ? [HOSTILE_REFS.external, HOSTILE_REFS.privateExternal] : [],
      uncertain: kind === 'reachable-from-every-namespace',
      location: { file: HOSTILE_PATH, line: 4 + i, side: 'head' as const },
    })),
    opened,
    closed,
    added,
    renamed: [{ from: HOSTILE_IDS.a, to: HOSTILE_IDS.b }],
    addedWorkloads: [HOSTILE_IDS.c],
    removedWorkloads: [HOSTILE_IDS.b],
    policyChanges: [
      {
        policy: `${ns}/${HOSTILE}`,
        change: 'modified',
        file: HOSTILE_PATH,
        line: 3,
        patch: `--- base/${HOSTILE_PATH}\n+++ head/${HOSTILE_PATH}\n@@ -1 +1 @@\n-\`\`\`\n+</details><img src=x>\n+\`\`\`\`mermaid\n+~~~\n ${HOSTILE}`,
      },
    ],
    invalidated: [
      { kind: 'NetworkPolicy', id: `${ns}/${HOSTILE}`, file: HOSTILE_PATH, line: 7, problem: HOSTILE, reason: HOSTILE, was: { file: HOSTILE_PATH, line: 1 }, opened: 1, closed: 0 },
    ],
    policyMoves: [
      {
        policy: `AdminNetworkPolicy/${HOSTILE}`,
        move: { before: { tier: 'Admin', priority: 10 }, after: { tier: HOSTILE, priority: 900 } },
        opened: 2,
        closed: 1,
        nowWinning: [{ policy: `ClusterNetworkPolicy/${HOSTILE}`, priority: 50 }],
      },
    ],
    unevaluatedRules: [{ policy: `AdminNetworkPolicy/${HOSTILE}`, direction: 'egress', rule: 0, name: HOSTILE, peers: ['domainNames', 'nodes'], file: HOSTILE_PATH, line: 4 }],
    diagnostics: HOSTILE_DIAGNOSTICS,
    relevantDiagnostics: HOSTILE_DIAGNOSTICS,
    externals: { [HOSTILE_IDS.external]: 'internet', [HOSTILE_IDS.privateExternal]: 'private' },
    namespaceSizes: { [ns]: 3, other: 1 },
    comparison: emptyComparison(),
  };
}
