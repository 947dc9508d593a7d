import type { Comparison } from '../engine/compare.js';
import type { Model } from '../engine/model.js';
import type { ClusterRuleCause, MatrixView, Path, RuleCause, SideVerdict, TrafficExplanation, Verdict } from '../engine/types.js';
import type { Diagnostic } from '../k8s/types.js';
import type { EndpointRef, WorkloadRef } from '../values/endpoint.js';
import type { PortSet } from '../values/port-set.js';
import { formatPorts } from '../values/port-text.js';
import type {
  DiffResult,
  Edge,
  ExplainResult,
  Explanation as ExplanationJson,
  ExposureChange,
  MatrixResult,
  RuleRef,
  ClusterRuleRef,
  SideExplanation,
  WorkloadInfo,
} from './contract.js';

/** Renders the typed results into the CLI's JSON contract. Port sets are formatted once per distinct set. */
class JsonRenderer {
  private readonly ports = new Map<PortSet, string[]>();
  private readonly verdicts = new WeakMap<Verdict, Omit<ExplanationJson, 'from' | 'to'>>();

  portText(set: PortSet): string[] {
    let text = this.ports.get(set);
    if (!text) this.ports.set(set, (text = formatPorts(set)));
    return text;
  }

  edge(p: Path): Edge {
    const ports = this.portText(p.ports);
    return p.uncertain ? { from: p.from.id, to: p.to.id, ports, uncertain: true } : { from: p.from.id, to: p.to.id, ports };
  }

  private rule(r: RuleCause): RuleRef {
    const { ports, uncertain, ...ref } = r;
    const out: RuleRef = { ...ref, ports: this.portText(ports) };
    if (uncertain) out.uncertain = true;
    return out;
  }

  private clusterRule(r: ClusterRuleCause): ClusterRuleRef {
    const { ports, uncertain, ...ref } = r;
    const out: ClusterRuleRef = { ...ref, ports: this.portText(ports) };
    if (uncertain) out.uncertain = true;
    return out;
  }

  private side(s: SideVerdict): SideExplanation {
    const out: SideExplanation = { isolated: s.isolated, selectedBy: s.selectedBy, allowedBy: s.allowedBy.map((r) => this.rule(r)), ports: this.portText(s.ports) };
    if (s.clusterRules) out.clusterRules = s.clusterRules.map((r) => this.clusterRule(r));
    if (s.notEvaluated) out.notEvaluated = s.notEvaluated.map((r) => this.clusterRule(r));
    return out;
  }

  /** A verdict without its endpoints, rendered once per distinct verdict. */
  verdict(v: Verdict): Omit<ExplanationJson, 'from' | 'to'> {
    let body = this.verdicts.get(v);
    if (!body) {
      body = { ports: this.portText(v.ports), allowedPorts: this.portText(v.allowedPorts), allowed: v.allowed, egress: this.side(v.egress), ingress: this.side(v.ingress) };
      if (v.uncertain) body.uncertain = true;
      this.verdicts.set(v, body);
    }
    return body;
  }

  explanation(v: Verdict, from: EndpointRef, to: EndpointRef): ExplanationJson {
    const { ports, allowedPorts, allowed, uncertain, egress, ingress } = this.verdict(v);
    return uncertain ? { from: from.id, to: to.id, ports, allowedPorts, allowed, egress, ingress, uncertain } : { from: from.id, to: to.id, ports, allowedPorts, allowed, egress, ingress };
  }
}

function workloadInfo(w: WorkloadRef): WorkloadInfo {
  const info: WorkloadInfo = { id: w.id, namespace: w.namespace, kind: w.kind, name: w.name };
  if (w.context) info.context = true;
  return info;
}

export function matrixJson(view: MatrixView, model: Pick<Model, 'diagnostics' | 'skipped'>): MatrixResult {
  const r = new JsonRenderer();
  return {
    workloads: view.workloads.map(workloadInfo),
    externals: view.externals.map((e) => ({ id: e.id })),
    edges: view.paths.map((p) => r.edge(p)),
    diagnostics: [...model.diagnostics],
    skipped: model.skipped,
  };
}

const LEGACY_EXPOSURE: ReadonlySet<string> = new Set(['lost-ingress-isolation', 'lost-egress-isolation', 'reachable-from-every-namespace']);

export function diffJson(c: Comparison): DiffResult {
  const r = new JsonRenderer();
  return {
    opened: c.opened.map((p) => ({ ...r.edge(p), because: r.explanation(p.because, p.from, p.to), before: r.explanation(p.before, p.from, p.to) })),
    closed: c.closed.map((p) => ({ ...r.edge(p), because: r.explanation(p.because, p.from, p.to), now: r.explanation(p.now, p.from, p.to) })),
    ...diffRest(c, r),
  };
}

/**
 * The diff's JSON with shared explanations (opt-in, `--explanations shared`): every distinct
 * explanation once in `explanations` (without from/to: the edge says those), and edges refer to them
 * by index in `becauseRef` and `beforeRef` (opened) or `nowRef` (closed) instead of carrying copies.
 */
export function diffJsonShared(c: Comparison): SharedDiffResult {
  const r = new JsonRenderer();
  const explanations: Omit<ExplanationJson, 'from' | 'to'>[] = [];
  const index = new Map<Verdict, number>();
  const ref = (v: Verdict) => {
    let i = index.get(v);
    if (i === undefined) {
      index.set(v, (i = explanations.length));
      explanations.push(r.verdict(v));
    }
    return i;
  };
  return {
    opened: c.opened.map((p) => ({ ...r.edge(p), becauseRef: ref(p.because), beforeRef: ref(p.before) })),
    closed: c.closed.map((p) => ({ ...r.edge(p), becauseRef: ref(p.because), nowRef: ref(p.now) })),
    ...diffRest(c, r),
    explanations,
  };
}

export type SharedDiffResult = Omit<DiffResult, 'opened' | 'closed'> & {
  opened: (Edge & { becauseRef: number; beforeRef: number })[];
  closed: (Edge & { becauseRef: number; nowRef: number })[];
  explanations: Omit<ExplanationJson, 'from' | 'to'>[];
};

function diffRest(c: Comparison, r: JsonRenderer): Omit<DiffResult, 'opened' | 'closed'> {
  return {
    addedWorkloads: c.addedWorkloads.map((w) => w.id),
    removedWorkloads: c.removedWorkloads.map((w) => w.id),
    addedPaths: c.addedPaths.map((p) => r.edge(p)),
    removedPaths: c.removedPaths.map((p) => r.edge(p)),
    diagnostics: c.diagnostics,
    exposure: c.exposures
      .filter((x) => LEGACY_EXPOSURE.has(x.kind))
      .map((x): ExposureChange => {
        const change = x.kind as ExposureChange['change'];
        return x.uncertain ? { workload: x.workload.id, change, uncertain: true } : { workload: x.workload.id, change };
      })
      .sort((x, y) => (x.workload !== y.workload ? (x.workload < y.workload ? -1 : 1) : x.change < y.change ? -1 : 1)),
    skipped: c.skipped,
  };
}

/** The diff's JSON with the renamed pairs (when the comparison detected renames). */
export function diffJsonWithRenames(c: Comparison): DiffResult {
  return { ...diffJson(c), renamed: c.renamed.map((x) => ({ from: x.from.id, to: x.to.id })) };
}

export function explainJson(e: TrafficExplanation, diagnostics: readonly Diagnostic[]): ExplainResult {
  return { ...new JsonRenderer().explanation(e, e.from, e.to), diagnostics: [...diagnostics] };
}
