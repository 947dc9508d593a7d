import type { ReviewResult } from '../review/review.js';
import type { EndpointGroup } from '../review/group-paths.js';
import { formatPorts } from '../values/port-text.js';
import type { DiffResult } from './contract.js';
import { diffJsonWithRenames } from './json.js';

/** The report file: the engine's diff contract, plus the review (risk, exposures, rows) under `review`. */
const groupJson = (g: EndpointGroup) => g.parts.map((p) => (p.kind === 'workload' || p.kind === 'external' ? { kind: p.kind, id: p.ref.id } : p));

export function renderReportJson(result: ReviewResult): DiffResult & { review: unknown } {
  const ids = (refs: readonly { id: string }[]) => refs.map((r) => r.id);
  return {
    ...diffJsonWithRenames(result.comparison),
    review: {
      risk: result.risk,
      incomplete: result.incomplete,
      changed: result.changed,
      counts: result.counts,
      exposures: result.exposures.map((e) => ({
        kind: e.kind,
        risk: e.risk,
        workloads: ids(e.refs),
        ports: formatPorts(e.ports),
        externals: ids(e.externals),
        uncertain: e.uncertain,
        location: e.location,
      })),
      opened: result.opened.map((r) => ({ risk: r.risk, from: groupJson(r.from), to: groupJson(r.to), ports: formatPorts(r.ports), pairs: r.pairs, uncertain: r.uncertain })),
      closed: result.closed.map((r) => ({ risk: r.risk, from: groupJson(r.from), to: groupJson(r.to), ports: formatPorts(r.ports), pairs: r.pairs, uncertain: r.uncertain })),
      unanalysed: result.unanalysed,
      policyChanges: result.policyChanges.map(({ policy, change, file, line }) => ({ policy, change, file, line })),
      invalidated: result.invalidated.map(({ kind, id, file, line, reason, was, opened, closed }) => ({ kind, id, file, line, reason, was, opened, closed })),
    },
  };
}
