import { describe, expect, it } from 'vitest';
import type { DiffResult } from '../../src/report/contract.js';
import { renderDiffText, renderExplainText } from '../../src/report/text.js';

const empty: DiffResult = {
  opened: [],
  closed: [],
  addedWorkloads: [],
  removedWorkloads: [],
  addedPaths: [],
  removedPaths: [],
  diagnostics: [],
  exposure: [],
  skipped: { base: { notKubernetes: 0, otherKinds: 0 }, head: { notKubernetes: 1, otherKinds: 2 } },
};

describe('renderDiffText', () => {
  it('lists exposure changes, marks uncertain ones, and says what each side skipped', () => {
    const text = renderDiffText({
      ...empty,
      exposure: [
        { workload: 'a/Pod/db', change: 'lost-ingress-isolation' },
        { workload: 'a/Pod/web', change: 'reachable-from-every-namespace', uncertain: true },
      ],
    });
    expect(text).toBe(
      [
        'Exposure changes (2):',
        '  a/Pod/db: lost-ingress-isolation',
        '  a/Pod/web: reachable-from-every-namespace (uncertain)',
        '',
        'Head: skipped 1 documents that are not Kubernetes objects and 2 of kinds that do not affect reachability.',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing changed', () => {
    expect(renderDiffText({ ...empty, skipped: { base: empty.skipped.base, head: empty.skipped.base } })).toBe('No change in reachability.\n');
  });
});

describe('renderExplainText with cluster policies', () => {
  it('names the deciding cluster rules with tier and priority, then the NetworkPolicy rules of the passed ports', () => {
    const text = renderExplainText({
      from: 'a/Pod/web',
      to: 'a/Pod/db',
      ports: ['TCP/5432'],
      allowedPorts: ['TCP/5432'],
      allowed: true,
      egress: { isolated: false, selectedBy: [], allowedBy: [], ports: ['TCP/5432'] },
      ingress: {
        isolated: true,
        selectedBy: [{ policy: 'a/db', namespace: 'a', name: 'db', file: 'np.yaml', line: 1 }],
        allowedBy: [{ policy: 'a/db', namespace: 'a', name: 'db', file: 'np.yaml', line: 9, direction: 'ingress', rule: 0, ports: ['TCP/5432'] }],
        ports: ['TCP/5432'],
        clusterRules: [
          { tier: 'Admin', kind: 'AdminNetworkPolicy', policy: 'AdminNetworkPolicy/hand-off', name: 'hand-off', priority: 4, direction: 'ingress', rule: 0, ruleName: 'owners', action: 'Pass', file: 'anp.yaml', line: 11, ports: ['TCP/5432'] },
        ],
      },
      diagnostics: [],
    });
    expect(text).toBe(
      [
        'a/Pod/web -> a/Pod/db on TCP/5432: ALLOWED TCP/5432',
        '  egress: not isolated (no egress policy selects it): everything allowed',
        '  ingress: allows TCP/5432 of it (cluster policies, then NetworkPolicies)',
        '    decided by AdminNetworkPolicy/hand-off [Admin 4] ingress rule 1 (owners) (anp.yaml:11) Pass TCP/5432',
        '    then allowed by a/db ingress rule 1 (np.yaml:9) allows TCP/5432',
        '',
      ].join('\n'),
    );
  });
});
