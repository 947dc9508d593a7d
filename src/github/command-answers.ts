/**
 * The second module of the GitHub plumbing that calls the core (through `src/index.ts`): the replies
 * to `/netpol` commands, queries answered from the analysis of a pull request's trees.
 */
import {
  type AnalysisInput,
  type EndpointRef,
  type Model,
  type ReviewContext,
  type Settings,
  analyse,
  analysePair,
  analysisOptions,
  escapeMarkdown,
  intersectPorts,
  parsePort,
  plainText,
  portRange,
  renderExplainAnswer,
  renderHelp,
  renderNamespaceMatrixAnswer,
  renderReachAnswer,
  renderResolutionProblem,
  workloadsByNamespace,
} from '../index.js';
import type { TreeInput } from './review-pull-request.js';
import type { QueryCommand } from './slash-command.js';

export { renderHelp };

/** The one-line answer on an issue. */
export const NOT_A_PULL_REQUEST = 'netpol-review commands work on pull requests only: this is an issue, so there is nothing to review.';

/** The polite refusal for someone below write permission. */
export function renderRefusal(permission: string): string {
  return `Sorry, \`/netpol\` commands can be run by people with write permission on this repository, and yours is ${escapeMarkdown(permission)}. Nothing was run; someone with write access can run it for you.`;
}

/** What went wrong, for the reply to a command that failed. */
export function renderFailure(message: string): string {
  return `netpol-review could not answer this command: ${escapeMarkdown(plainText(message, 1_000))}.`;
}

const input = (side: TreeInput): AnalysisInput => ({ files: side.files, context: side.context, diagnostics: side.diagnostics });

/** The endpoint an id names in a model, or the answer saying why it names none. */
function endpointOf(model: Model, id: string): { endpoint: EndpointRef } | { problem: string } {
  const found = model.resolve(id);
  return found.kind === 'found' ? { endpoint: found.endpoint } : { problem: renderResolutionProblem(found) };
}

/** Whether a query needs the base tree too (`explain` compares head with base). */
export const needsBase = (command: QueryCommand): boolean => command.name === 'explain';

/**
 * The answer to a query command, as a reply comment within GitHub's size; everything taken from the
 * command is escaped. `base` is read only when `needsBase` says so.
 */
export function answerQuery(command: QueryCommand, trees: { base?: TreeInput; head: TreeInput }, settings: Settings, context: ReviewContext): string {
  const options = analysisOptions(settings);
  switch (command.name) {
    case 'explain': {
      const port = parsePort(command.port);
      if (!port) return renderHelp({ kind: 'usage', command: `explain ${command.from} ${command.to} ${command.port}`, usage: 'explain <from> <to> <port>[/<protocol>]' });
      const models = trees.base ? analysePair(input(trees.base), input(trees.head), options) : { head: analyse(input(trees.head), options) };
      const from = endpointOf(models.head, command.from);
      if ('problem' in from) return from.problem;
      const to = endpointOf(models.head, command.to);
      if ('problem' in to) return to.problem;
      const traffic = portRange(port.protocol, port.port, port.port);
      const head = models.head.explain(from.endpoint, to.endpoint, traffic);
      const base = 'base' in models ? baseExplanation(models.base, command.from, command.to, traffic) : undefined;
      return renderExplainAnswer(head, base, context);
    }
    case 'who-can-reach':
    case 'where-can': {
      const port = command.name === 'who-can-reach' && command.port !== undefined ? parsePort(command.port) : undefined;
      if (command.name === 'who-can-reach' && command.port !== undefined && !port) {
        return renderHelp({ kind: 'usage', command: `who-can-reach ${command.workload} ${command.port}`, usage: 'who-can-reach <workload> [port]' });
      }
      const model = analyse(input(trees.head), options);
      const found = endpointOf(model, command.workload);
      if ('problem' in found) return found.problem;
      const direction = command.name === 'who-can-reach' ? 'ingress' : 'egress';
      let paths = direction === 'ingress' ? model.reachers(found.endpoint) : model.reachable(found.endpoint);
      if (port) {
        const only = portRange(port.protocol, port.port, port.port);
        paths = paths.map((p) => ({ ...p, ports: intersectPorts(p.ports, only) })).filter((p) => p.ports.length > 0);
      }
      return renderReachAnswer(found.endpoint, direction, paths, workloadsByNamespace(model.workloads));
    }
    case 'matrix': {
      const model = analyse(input(trees.head), options);
      return renderNamespaceMatrixAnswer(command.namespace, model.matrix({ namespace: command.namespace }));
    }
  }
}

/** The same traffic at base, when both ids name endpoints there too. */
function baseExplanation(base: Model, fromId: string, toId: string, traffic: ReturnType<typeof portRange>) {
  const from = base.resolve(fromId);
  const to = base.resolve(toId);
  return from.kind === 'found' && to.kind === 'found' ? base.explain(from.endpoint, to.endpoint, traffic) : undefined;
}
