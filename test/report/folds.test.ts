/** Every list the comment shortens says how much it left out. */
import { expect, test } from 'vitest';
import { renderComment } from '../../src/report/markdown.js';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.js';
import type { PathRow } from '../../src/review/group-paths.js';
import type { ReviewResult } from '../../src/review/review.js';
import { ports, wpart, wref } from '../review/refs.js';
import { hostileResult } from './hostile.js';

const N = 50;
const MAX_ROWS = 5;
const ids = (prefix: string) => Array.from({ length: N }, (_, i) => `${prefix}/Pod/w-${String(i).padStart(2, '0')}`);
const rows = (risk: PathRow['risk']): PathRow[] =>
  ids('r').map((id, i) => ({ from: { parts: [wpart(id)], count: 1 }, to: { parts: [wpart(`t/Pod/${i}`)], count: 1 }, ports: ports('TCP/80'), uncertain: false, cause: { items: [], key: 'new' }, risk, pairs: 1 }));

function longResult(): ReviewResult {
  return {
    ...hostileResult({}),
    counts: { opened: N, closed: N, addedWorkloads: N, addedPaths: N, removedWorkloads: N, exposures: N },
    exposures: ids('e').map((id, i) => ({
      kind: 'dns-cut',
      risk: 'high',
      workloads: { parts: [wpart(id)], count: 1 },
      refs: [wref(id)],
      ports: ports(`TCP/${i + 1}`),
      externals: [],
      uncertain: false,
      location: { file: 'f.yaml', line: i + 1, side: 'head' },
    })),
    opened: rows('low'),
    closed: rows('none'),
    added: rows('low'),
    addedWorkloads: ids('added'),
    removedWorkloads: ids('removed'),
    renamed: ids('renamed').map((from, i) => ({ from, to: `${from}-v${i}` })),
    policyChanges: ids('p').map((policy) => ({ policy, change: 'added', file: 'f.yaml', line: 1, patch: '+x' })),
    diagnostics: ids('d').map((file) => ({ side: 'head', file, line: 1, severity: 'warning', message: 'm' })),
    relevantDiagnostics: ids('d').map((file) => ({ side: 'head', file, line: 1, severity: 'warning', message: 'm' })),
  };
}

const markdown = renderComment(longResult(), { ...DEFAULT_SETTINGS.comment, maxRows: MAX_ROWS });

/** The section starting at `heading`, up to the next section. */
function section(heading: string): string {
  const start = markdown.indexOf(heading);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const end = markdown.slice(start).search(/\n\n(####|<details>)/);
  return markdown.slice(start, end < 0 ? undefined : start + end);
}

test.each([
  ['exposures', '#### Exposure', /^- 🔴 <code>e\//gm],
  ['opened rows', '#### Opened paths', /^\| 🟡 \| <code>r\//gm],
  ['closed rows', '#### Closed paths', /^\| ⚪ \| <code>r\//gm],
  ['changed policies', '#### Changed policies', /<summary><code>p\//g],
  ['diagnostics', '<details><summary>50 warnings</summary>', /^- head d\//gm],
  ['new workloads', 'New workloads (50)', /<code>added\//g],
  ['removed workloads', 'Removed workloads (50)', /<code>removed\//g],
  ['renamed workloads', 'Renamed workloads (50)', /^- <code>renamed\//gm],
])('%s: all 50 shown, or the rest counted', (_, heading, item) => {
  const text = section(heading);
  const shown = (text.match(item) ?? []).length;
  expect(shown).toBeGreaterThan(0);
  if (shown < N) expect(text, `${shown} of ${N} shown`).toMatch(new RegExp(`and ${N - shown} more`));
});
