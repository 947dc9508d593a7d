import { describe, expect, it } from 'vitest';
import type { DiffResult } from '../../src/report/contract.js';
import { renderDiffText } from '../../src/report/text.js';

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
