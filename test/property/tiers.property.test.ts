/**
 * The cluster tiers against the naive tier oracle (test/oracle/tiers.ts) on random clusters: matrix() (every
 * pair of pods, every pod against every external atom: the ports that may be allowed, and `uncertain` exactly
 * where the oracle's outcomes differ) and diff() after one edit of a cluster policy (opened and closed ports
 * exactly the difference of the oracle's answers: a change of priority or action must mark its classes dirty), and
 * explain() on one port (allowed and uncertain as the oracle says).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { diff, explain, matrix } from '../../src/index.js';
import type { Edge } from '../../src/index.js';
import { formatIp, parseAtomId, someAddress } from '../oracle/ip.js';
import { ipEndpoint, type Endpoint } from '../oracle/oracle.js';
import { formatPorts, parsePorts, portsEqual, portsMinus } from '../oracle/ports.js';
import { TierOracle } from '../oracle/tiers.js';
import { fcParams, seed } from './config.js';
import { describeTierCase, tierCaseArb, tierEditArb, tierInput, tierOptions, type TierCase } from './tier-arbitraries.js';

const show = (ports: Parameters<typeof formatPorts>[0]) => JSON.stringify(formatPorts(ports));
const edgeOf = (edges: readonly Edge[], from: string, to: string) => edges.find((e) => e.from === from && e.to === to);
const oracleOf = (c: TierCase) => new TierOracle(c.manifests, c.podCidrs ? { podCidrs: c.podCidrs } : {});

function matrixProblems(c: TierCase): string[] {
  const result = matrix(tierInput(c), tierOptions(c));
  const oracle = oracleOf(c);
  const problems = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `error diagnostic: ${d.message}`);
  const atoms: Endpoint[] = result.externals.map((x) => ipEndpoint(formatIp(someAddress(parseAtomId(x.id)!.set)!), x.id));
  const endpoints: Endpoint[] = [...oracle.pods, ...atoms];
  const bp = oracle.portBreakpoints();
  for (const from of endpoints) {
    for (const to of endpoints) {
      if (from.kind === 'ip' && to.kind === 'ip') continue;
      const expected = oracle.ports(from, to, bp);
      const edge = edgeOf(result.edges, from.id, to.id);
      const got = parsePorts(edge?.ports ?? []);
      if (!portsEqual(expected.maybe, got)) problems.push(`${from.id} -> ${to.id}: oracle may allow ${show(expected.maybe)}, engine ${show(got)}`);
      else if (edge && (edge.uncertain === true) !== !portsEqual(expected.maybe, expected.sure)) {
        problems.push(`${from.id} -> ${to.id}: uncertain ${edge.uncertain === true}, but the oracle is sure of ${show(expected.sure)} out of ${show(expected.maybe)}`);
      }
    }
  }
  return problems.slice(0, 10);
}

function diffProblems(base: TierCase, head: TierCase): string[] {
  const result = diff(tierInput(base), tierInput(head), tierOptions(base));
  const before = oracleOf(base);
  const after = oracleOf(head);
  const problems: string[] = [];
  for (const from of after.pods) {
    for (const to of after.pods) {
      const b = before.ports(before.pods.find((p) => p.id === from.id)!, before.pods.find((p) => p.id === to.id)!).maybe;
      const a = after.ports(from, to).maybe;
      const opened = parsePorts(edgeOf(result.opened, from.id, to.id)?.ports ?? []);
      const closed = parsePorts(edgeOf(result.closed, from.id, to.id)?.ports ?? []);
      if (!portsEqual(opened, portsMinus(a, b))) problems.push(`${from.id} -> ${to.id}: opened ${show(opened)}, oracle ${show(portsMinus(a, b))}`);
      if (!portsEqual(closed, portsMinus(b, a))) problems.push(`${from.id} -> ${to.id}: closed ${show(closed)}, oracle ${show(portsMinus(b, a))}`);
    }
  }
  return problems.slice(0, 10);
}

/** explain() of one pod pair on one port: allowed and uncertain as the oracle says; a Deny or Allow it names really matches. */
function explainProblems(c: TierCase, pick: { from: number; to: number; port: number; protocol: 'TCP' | 'UDP' | 'SCTP' }): string[] {
  const oracle = oracleOf(c);
  const from = oracle.pods[pick.from % oracle.pods.length]!;
  const to = oracle.pods[pick.to % oracle.pods.length]!;
  const outcome = explain(tierInput(c), from.id, to.id, { protocol: pick.protocol, port: pick.port }, tierOptions(c));
  if (outcome.kind !== 'explained') return [`explain did not find ${outcome.id}`];
  const r = outcome.result;
  const verdict = oracle.verdict(from, to, pick.port, pick.protocol);
  const problems: string[] = [];
  if (r.allowed !== (verdict !== 'no')) problems.push(`${from.id} -> ${to.id} ${pick.protocol}/${pick.port}: explain allowed ${r.allowed}, oracle ${verdict}`);
  if (r.allowed && (r.uncertain === true) !== (verdict === 'maybe')) problems.push(`${from.id} -> ${to.id} ${pick.protocol}/${pick.port}: explain uncertain ${r.uncertain === true}, oracle ${verdict}`);
  const asked = `${pick.protocol}/${pick.port}`;
  for (const side of [r.egress, r.ingress]) {
    for (const rule of side.clusterRules ?? []) if (!rule.ports.includes(asked)) problems.push(`${rule.policy} rule ${rule.rule} listed with ports ${JSON.stringify(rule.ports)}, asked ${asked}`);
  }
  return problems;
}

describe(`cluster tiers against the tier oracle (FC_SEED=${seed()})`, () => {
  it('explain: verdict, uncertainty and the listed cluster rules', () => {
    const pickArb = fc.record({ from: fc.nat(), to: fc.nat(), port: fc.constantFrom(53, 80, 5432, 8080, 443), protocol: fc.constantFrom<'TCP' | 'UDP' | 'SCTP'>('TCP', 'UDP', 'SCTP') });
    fc.assert(
      fc.property(tierCaseArb, pickArb, (c, pick) => {
        const problems = explainProblems(c, pick);
        if (problems.length > 0) throw new Error(`FC_SEED=${seed()}\n${problems.join('\n')}\n--- case ---\n${describeTierCase(c)}`);
      }),
      fcParams(300),
    );
  }, 120_000);

  it('matrix: may-allow ports and uncertain marks', () => {
    fc.assert(
      fc.property(tierCaseArb, (c) => {
        const problems = matrixProblems(c);
        if (problems.length > 0) throw new Error(`FC_SEED=${seed()}\n${problems.join('\n')}\n--- case ---\n${describeTierCase(c)}`);
      }),
      fcParams(300),
    );
  }, 120_000);

  it('diff after one edit of a cluster policy: opened and closed ports', () => {
    fc.assert(
      fc.property(
        tierCaseArb.chain((base) => tierEditArb(base).map((head) => ({ base, head }))),
        ({ base, head }) => {
          const problems = diffProblems(base, head);
          if (problems.length > 0) throw new Error(`FC_SEED=${seed()}\n${problems.join('\n')}\n--- base ---\n${describeTierCase(base)}\n--- head ---\n${describeTierCase(head)}`);
        },
      ),
      fcParams(200),
    );
  }, 120_000);
});
