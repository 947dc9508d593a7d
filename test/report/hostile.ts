/**
 * Hostile text for the escaping tests, and a ReviewResult built by hand that puts it in every field
 * the renderer shows (Kubernetes validates names and labels, but the renderer must not rely on it).
 */
import type { PolicyRef, RuleRef } from '../../src/index.js';
import type { CauseItem } from '../../src/review/causes.js';
import type { EndpointGroup, GroupPart, PathRow } from '../../src/review/group-paths.js';
import type { ExposureKind, ReviewContext, ReviewResult } from '../../src/review/review.js';

/** A diff that skipped nothing, for hand-built results. */
export const NOTHING_SKIPPED = { notKubernetes: 0, otherKinds: 0 };

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

const ns = `ns ${HOSTILE}`;
export const HOSTILE_IDS = {
  namespace: ns,
  a: `${ns}/Deployment/${HOSTILE}`,
  b: `${ns}/StatefulSet/end`,
  c: `other/Pod/${HOSTILE} graph`,
  external: `ip:${HOSTILE}`,
  /** An external endpoint inside internalCidrs: shown as its range, not as the internet. */
  privateExternal: `ip:10.0.0.0/8 ${HOSTILE}`,
};

const policy = (name: string, file = HOSTILE_PATH): PolicyRef => ({ policy: `${ns}/${name}`, namespace: ns, name, file, line: 7 });
const rule = (side: 'base' | 'head', direction: 'ingress' | 'egress', changed: boolean): CauseItem => ({
  kind: 'rule',
  side,
  changed,
  rule: { ...policy(`${HOSTILE} ${side}`), direction, rule: 2, ports: [`TCP/${HOSTILE}`] } satisfies RuleRef,
});
const labels: CauseItem = { kind: 'labels', object: HOSTILE_IDS.a, before: { [HOSTILE]: HOSTILE, same: 'x' }, after: { [HOSTILE]: `${HOSTILE} 2`, same: 'x' } };

const group = (...parts: GroupPart[]): EndpointGroup => ({ parts, count: parts.length });
const w = (id: string): GroupPart => ({ kind: 'workload', id });

function row(from: EndpointGroup, to: EndpointGroup, items: CauseItem[], risk: PathRow['risk'], extra: Partial<PathRow> = {}): PathRow {
  return { from, to, ports: PORTS, uncertain: false, cause: { items, key: JSON.stringify(items) }, risk, pairs: from.count * to.count, ...extra };
}

/** Ports as the engine writes them (CLI notation): the renderer parses them, so they are not untrusted text. */
const PORTS = ['TCP/80', 'UDP/1-65535', 'SCTP/9'];

/** A result with hostile text in every rendered field. `context` decides whether causes are linked. */
export function hostileResult(context: ReviewContext): ReviewResult {
  const kinds: ExposureKind[] = ['internet-ingress', 'lost-ingress-isolation', 'reachable-from-every-namespace', 'internet-egress', 'dns-cut', 'unprotected-workload'];
  const opened = [
    row(group(w(HOSTILE_IDS.a)), group({ kind: 'namespace', namespace: ns, count: 3 }), [rule('head', 'ingress', true), labels], 'high', { uncertain: true }),
    row(group({ kind: 'every-workload', count: 9 }), group({ kind: 'external', id: HOSTILE_IDS.external }), [rule('head', 'egress', false)], 'medium'),
    row(group(w(HOSTILE_IDS.c), w(HOSTILE_IDS.b), w(HOSTILE_IDS.a), w(`${ns}/Job/x`), w(`${ns}/Job/y`)), group(w(HOSTILE_IDS.b)), [
      { kind: 'isolation-lifted', direction: 'ingress', endpoint: HOSTILE_IDS.b, was: [policy(HOSTILE)] },
    ], 'low'),
    row(group({ kind: 'selection', selectors: [{ pods: HOSTILE, namespace: ns }, { namespaces: HOSTILE }], count: 2 }), group({ kind: 'external', id: HOSTILE_IDS.privateExternal }), [rule('head', 'egress', true)], 'low'),
  ];
  const closed = [
    row(group(w(HOSTILE_IDS.b)), group(w(HOSTILE_IDS.c)), [rule('base', 'ingress', true), rule('base', 'egress', false)], 'none'),
    row(group(w(HOSTILE_IDS.c)), group(w(HOSTILE_IDS.a)), [{ kind: 'isolated', direction: 'egress', endpoint: HOSTILE_IDS.c, by: [policy(HOSTILE), policy('end')] }], 'none'),
  ];
  const added = [row(group(w(HOSTILE_IDS.c)), group(w(HOSTILE_IDS.a)), [], 'low')];
  added[0]!.cause = { items: [], key: 'new' };
  return {
    context,
    risk: 'high',
    counts: { opened: 12, closed: 2, addedWorkloads: 1, addedPaths: 1, removedWorkloads: 1, exposures: kinds.length },
    // One exposure of each kind, alternately on one workload and on a whole (hostile) namespace.
    exposures: kinds.map((kind, i) => ({
      kind,
      risk: kind === 'unprotected-workload' ? 'medium' : 'high',
      workloads: i % 2 ? group({ kind: 'namespace', namespace: ns, count: 3 }) : group(w(HOSTILE_IDS.c)),
      ids: i % 2 ? [HOSTILE_IDS.a, HOSTILE_IDS.b, `${ns}/Job/x`] : [HOSTILE_IDS.c],
      ports: i % 3 ? [] : ['TCP/53', 'UDP/53'],
      externals: kind.startsWith('internet') ? [HOSTILE_IDS.external, HOSTILE_IDS.privateExternal] : [],
      uncertain: kind === 'reachable-from-every-namespace',
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
    policyMoves: [
      {
        policy: `AdminNetworkPolicy/${HOSTILE}`,
        move: { before: { tier: 'Admin', priority: 10 }, after: { tier: HOSTILE, priority: 900 } },
        opened: 2,
        closed: 1,
        nowWinning: [{ policy: `ClusterNetworkPolicy/${HOSTILE}`, priority: 50 }],
      },
    ],
    diagnostics: [
      { side: 'head', file: HOSTILE_PATH, line: 2, severity: 'error', message: HOSTILE },
      { side: 'base', file: HOSTILE_PATH, line: 5, severity: 'warning', message: HOSTILE },
    ],
    externals: { [HOSTILE_IDS.external]: 'internet', [HOSTILE_IDS.privateExternal]: 'private' },
    namespaceSizes: { [ns]: 3, other: 1 },
    diff: { opened: [], closed: [], addedWorkloads: [], removedWorkloads: [], addedPaths: [], removedPaths: [], diagnostics: [], exposure: [], skipped: { base: NOTHING_SKIPPED, head: NOTHING_SKIPPED } },
  };
}
