/** The review comment for cluster-wide policies: causes naming tier, priority and rule, and priority moves called out. */
import { describe, expect, test } from 'vitest';
import type { SourceFile } from '../../src/k8s/types.js';
import { renderComment } from '../../src/report/markdown.js';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.js';
import { reviewTrees } from './manifests.js';

const PODS: SourceFile = {
  path: 'apps.yaml',
  text: ['data', 'monitoring']
    .map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {tier: ${ns}}`)
    .concat(
      ['db', 'cache'].map((n) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\n  namespace: data\n  labels: {app: ${n}}\nspec:\n  containers: [{name: c, image: x, ports: [{containerPort: 9100, name: metrics}]}]`),
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: prometheus\n  namespace: monitoring\n  labels: {app: prometheus}\nspec:\n  containers: [{name: c, image: x}]`,
    )
    .join('\n---\n'),
};

/** deny-sensitive: data denies monitoring; allow-monitoring: data admits monitoring on its metrics port. */
const policies = (denyPriority: number): SourceFile => ({
  path: 'cluster/anp.yaml',
  text: `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: deny-sensitive
spec:
  priority: ${denyPriority}
  subject:
    namespaces: {matchLabels: {tier: data}}
  ingress:
  - name: no-monitoring
    action: Deny
    from: [{namespaces: {matchLabels: {tier: monitoring}}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: allow-monitoring
spec:
  priority: 50
  subject:
    namespaces: {matchLabels: {tier: data}}
  ingress:
  - name: scrape
    action: Allow
    from: [{namespaces: {matchLabels: {tier: monitoring}}}]
    ports: [{namedPort: metrics}]
`,
});

describe('cluster policies in the review', () => {
  const result = reviewTrees({ files: [PODS, policies(10)] }, { files: [PODS, policies(900)] }, DEFAULT_SETTINGS);
  const markdown = renderComment(result, DEFAULT_SETTINGS.comment);

  test('a priority move that opens paths: the causes name the winner and the moved rule', () => {
    expect(result.counts.opened).toBe(2);
    expect(result.opened).toHaveLength(1);
    const items = result.opened[0]!.cause.items;
    expect(items.map((i) => (i.kind === 'cluster-rule' ? [i.side, i.rule.policy, i.rule.priority, i.rule.action, i.moved ?? null] : [i.kind]))).toEqual([
      ['head', 'AdminNetworkPolicy/allow-monitoring', 50, 'Allow', null],
      ['base', 'AdminNetworkPolicy/deny-sensitive', 10, 'Deny', { before: { tier: 'Admin', priority: 10 }, after: { tier: 'Admin', priority: 900 } }],
    ]);
    expect(markdown).toContain(
      '<code>AdminNetworkPolicy/allow-monitoring</code> (Admin tier, priority 50) ingress rule 1 <code>scrape</code> Allow (cluster/anp.yaml:23) now wins; was denied by <code>AdminNetworkPolicy/deny-sensitive</code> (Admin tier, priority 10) ingress rule 1 <code>no-monitoring</code> Deny (cluster/anp.yaml:10), which moved from priority 10 to 900',
    );
  });

  test('the move is called out with its effect', () => {
    expect(result.policyMoves).toEqual([
      { policy: 'AdminNetworkPolicy/deny-sensitive', move: { before: { tier: 'Admin', priority: 10 }, after: { tier: 'Admin', priority: 900 } }, opened: 2, closed: 0, nowWinning: [{ policy: 'AdminNetworkPolicy/allow-monitoring', priority: 50 }] },
    ]);
    expect(markdown).toContain('#### Tier and priority changes\n- this PR moves <code>AdminNetworkPolicy/deny-sensitive</code> from priority 10 to 900: 2 paths open because <code>AdminNetworkPolicy/allow-monitoring</code> at 50 now wins');
    expect(result.policyChanges.map((p) => [p.policy, p.change])).toEqual([['AdminNetworkPolicy/deny-sensitive', 'modified']]);
  });

  test('the reverse move closes them, naming the Deny that now decides', () => {
    const back = reviewTrees({ files: [PODS, policies(900)] }, { files: [PODS, policies(10)] }, DEFAULT_SETTINGS);
    expect(back.counts.closed).toBe(2);
    const items = back.closed[0]!.cause.items;
    expect(items.map((i) => (i.kind === 'cluster-rule' ? [i.side, i.rule.policy, i.rule.action] : [i.kind]))).toEqual([
      ['head', 'AdminNetworkPolicy/deny-sensitive', 'Deny'],
      ['base', 'AdminNetworkPolicy/allow-monitoring', 'Allow'],
    ]);
    expect(renderComment(back, DEFAULT_SETTINGS.comment)).toContain('moves <code>AdminNetworkPolicy/deny-sensitive</code> from priority 900 to 10: 2 paths close');
  });
});

describe('rules the analysis does not evaluate', () => {
  const egress: SourceFile = {
    path: 'cluster/egress.yaml',
    text: `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: egress-control
spec:
  priority: 30
  subject:
    namespaces: {matchLabels: {tier: data}}
  egress:
  - name: to-monitoring
    action: Allow
    to: [{namespaces: {matchLabels: {tier: monitoring}}}]
  - name: to-nodes
    action: Allow
    to: [{nodes: {matchLabels: {role: infra}}}]
  - name: to-apis
    action: Deny
    to: [{domainNames: ['*.example.com']}, {nodes: {matchLabels: {role: edge}}}]
`,
  };

  test('an added policy with nodes and domainNames peers: its rules are listed as not evaluated, at their lines', () => {
    const result = reviewTrees({ files: [PODS] }, { files: [PODS, egress] }, DEFAULT_SETTINGS, { fullReport: 'the job summary' });
    expect(result.unevaluatedRules).toEqual([
      { policy: 'AdminNetworkPolicy/egress-control', direction: 'egress', rule: 1, name: 'to-nodes', peers: ['nodes'], file: 'cluster/egress.yaml', line: 13 },
      { policy: 'AdminNetworkPolicy/egress-control', direction: 'egress', rule: 2, name: 'to-apis', peers: ['domainNames', 'nodes'], file: 'cluster/egress.yaml', line: 16 },
    ]);
    const markdown = renderComment(result, DEFAULT_SETTINGS.comment);
    expect(markdown).toContain('<details><summary>Rules not evaluated (2)</summary>');
    expect(markdown).toContain(
      '- <code>AdminNetworkPolicy/egress-control</code> egress rule 3 <code>to-apis</code> (cluster/egress.yaml:16): <code>domainNames</code> and <code>nodes</code> peers, not evaluated: what it does to traffic toward domain names and nodes is not in this review',
    );
  });

  test('an unchanged policy is not listed again', () => {
    const result = reviewTrees({ files: [PODS, egress] }, { files: [PODS, egress] }, DEFAULT_SETTINGS);
    expect(result.unevaluatedRules).toEqual([]);
  });
});

describe('exposure rows with cluster policies', () => {
  const baselineDeny: SourceFile = {
    path: 'cluster/banp.yaml',
    text: `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: default
spec:
  subject:
    namespaces: {matchLabels: {tier: data}}
  ingress:
  - name: nobody
    action: Deny
    from: [{namespaces: {}}]
`,
  };
  const withNew: SourceFile = {
    path: 'new.yaml',
    text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: queue\n  namespace: data\n  labels: {app: queue}\nspec:\n  containers: [{name: c, image: x}]\n`,
  };
  /** The comment's Exposure heading and its rows. */
  const exposureSection = (markdown: string) => {
    const lines = markdown.split('\n');
    const start = lines.indexOf('#### Exposure');
    const rows = lines.slice(start + 1);
    return [lines[start], ...rows.slice(0, rows.findIndex((l) => !l.startsWith('- ')))];
  };

  test('a PR that removes the BaselineAdminNetworkPolicy default deny: its workloads lost their isolation, at the Deny rule; the opened paths name it as removed, not moved', () => {
    const result = reviewTrees({ files: [PODS, baselineDeny] }, { files: [PODS] }, DEFAULT_SETTINGS);
    expect(result.exposures.map((e) => [e.kind, e.risk, e.refs.map((r) => r.id), e.location, e.uncertain])).toEqual([
      ['lost-ingress-isolation', 'high', ['data/Pod/cache', 'data/Pod/db'], { file: 'cluster/banp.yaml', line: 9, side: 'base' }, false],
    ]);
    const markdown = renderComment(result, DEFAULT_SETTINGS.comment);
    expect(exposureSection(markdown)).toEqual([
      '#### Exposure',
      '- 🔴 all 2 workloads in <code>data</code>: no policy restricts ingress to them any more: reachable from everywhere, the internet included',
    ]);
    expect(markdown).toContain(
      '| 🟠 | <code>monitoring/Pod/prometheus</code> | all 2 workloads in <code>data</code> | all ports | was denied by <code>BaselineAdminNetworkPolicy/default</code> (Baseline tier) ingress rule 1 <code>nobody</code> Deny (cluster/banp.yaml:9), since removed or changed |',
    );
    expect(result.policyMoves).toEqual([]);
  });

  test('a new workload the Baseline Deny covers is not unprotected: only what reaches it from the internet is new', () => {
    const result = reviewTrees({ files: [PODS, baselineDeny] }, { files: [PODS, baselineDeny, withNew] }, DEFAULT_SETTINGS);
    expect(result.exposures.map((e) => [e.kind, e.risk, e.refs.map((r) => r.id)])).toEqual([['internet-ingress', 'high', ['data/Pod/queue']]]);
    expect(exposureSection(renderComment(result, DEFAULT_SETTINGS.comment))).toEqual(['#### Exposure', '- 🔴 <code>data/Pod/queue</code>: newly reachable from the internet <code>0.0.0.0/0</code>, on all ports']);
  });

  test('a new workload that only Allow rules select is unprotected', () => {
    const allowOnly: SourceFile = { path: 'cluster/anp.yaml', text: policies(10).text.split('---\n')[1]! };
    const result = reviewTrees({ files: [PODS, allowOnly] }, { files: [PODS, allowOnly, withNew] }, DEFAULT_SETTINGS);
    expect(result.exposures.map((e) => [e.kind, e.risk, e.refs.map((r) => r.id)])).toEqual([['unprotected-workload', 'high', ['data/Pod/queue']]]);
    expect(exposureSection(renderComment(result, DEFAULT_SETTINGS.comment))).toEqual([
      '#### Exposure',
      '- 🔴 <code>data/Pod/queue</code>: new, and no policy restricts ingress to it: reachable from everywhere <code>0.0.0.0/0</code>, on all ports',
    ]);
  });
});
