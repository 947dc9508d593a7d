/**
 * Conformance of the cluster-wide tiers, after network-policy-api's conformance suite (its base manifests and
 * each test's expected connectivity, for AdminNetworkPolicy/BaselineAdminNetworkPolicy v1alpha1 and
 * ClusterNetworkPolicy v1alpha2). Fixtures (cluster-fixtures/) are our own, written from those tests; the
 * steps replay the upstream tests' patches (an action or a priority changed, a rule inserted, a policy
 * deleted). Every step runs through matrix(); every pair of consecutive steps through diff(), whose opened and
 * closed paths must be exactly the difference of the two matrices.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { diff, explain, matrix } from '../../src/index.js';
import type { AnalysisInput, Edge, MatrixResult } from '../../src/index.js';
import { HOUSE_PODS, HOUSE_PROBES, HOUSES_FILE, type HouseProbe, housePods } from './houses.js';

type Verdict = boolean | 'uncertain';

interface Check {
  /** A house (both its pods) or one pod, by name. */
  from: string;
  to: string;
  probes: readonly HouseProbe[];
  allowed: Verdict;
}

interface ExternalCheck {
  from: string;
  /** An address outside the pods. */
  ip: string;
  allowed: boolean;
}

interface Step {
  name: string;
  /** The upstream test's patch, applied to the previous step's text. */
  edit?: (text: string) => string;
  checks: readonly Check[];
  external?: readonly ExternalCheck[];
  /** Diagnostics (message fragments) this step must have. */
  diagnostics?: readonly string[];
}

interface ClusterScenario {
  fixture: string;
  covers: string;
  steps: readonly Step[];
  /** Every probe between pods that no check (of this step or an earlier one) names is allowed. */
  restAllowed: boolean;
}

const ALL = HOUSE_PROBES;
const DENIED_80_53_9003: HouseProbe[] = ['TCP/80', 'UDP/53', 'SCTP/9003'];
const OTHERS_80_53_9003: HouseProbe[] = ['TCP/8080', 'UDP/5353', 'SCTP/9005'];
const check = (from: string, to: string, probes: readonly HouseProbe[], allowed: Verdict): Check => ({ from, to, probes, allowed });
const both = (a: string, b: string, probes: readonly HouseProbe[], allowed: Verdict) => [check(a, b, probes, allowed), check(b, a, probes, allowed)];
/** The gress-rules fixtures' port-specific rules: slytherin denied on 80/53/9003, hufflepuff allowed only on three ports each way. */
const PORT_RULES: readonly Check[] = [
  ...both('gryffindor', 'slytherin', DENIED_80_53_9003, false),
  ...both('gryffindor', 'slytherin', OTHERS_80_53_9003, true),
  check('gryffindor', 'hufflepuff', ['TCP/8080', 'UDP/5353', 'SCTP/9003'], true),
  check('gryffindor', 'hufflepuff', ['TCP/80', 'UDP/53', 'SCTP/9005'], false),
  check('hufflepuff', 'gryffindor', ['TCP/80', 'UDP/5353', 'SCTP/9003'], true),
  check('hufflepuff', 'gryffindor', ['TCP/8080', 'UDP/53', 'SCTP/9005'], false),
];

/** Sets the action of the rules named `names`. */
const setAction = (action: string, ...names: string[]) => (text: string) =>
  names.reduce((t, name) => {
    const next = t.replace(new RegExp(`(- name: ${name}\\n    action: )\\w+`), `$1${action}`);
    if (next === t) throw new Error(`no rule ${name}`);
    return next;
  }, text);
const replace = (from: string, to: string) => (text: string) => {
  if (!text.includes(from)) throw new Error(`no ${from}`);
  return text.replace(from, to);
};
const dropDocument = (kind: string) => (text: string) => text.split('\n---\n').filter((d) => !d.includes(`kind: ${kind}\n`)).join('\n---\n');

function gressRules(fixture: string, allow: string): ClusterScenario {
  return {
    fixture,
    covers: 'ordered Allow/Deny/Pass rules per direction, on TCP, UDP and SCTP ports; first match wins; Pass without NetworkPolicy or Baseline = allowed',
    restAllowed: true,
    steps: [
      {
        name: 'as written',
        checks: [
          ...both('gryffindor', 'ravenclaw', ALL, true),
          ...PORT_RULES,
        ],
      },
      { name: `the first ravenclaw rules ${allow} → Deny`, edit: setAction('Deny', 'allow-to-ravenclaw-everything', 'allow-from-ravenclaw-everything'), checks: both('gryffindor', 'ravenclaw', ALL, false) },
      { name: 'the first ravenclaw rules → Pass', edit: setAction('Pass', 'allow-to-ravenclaw-everything', 'allow-from-ravenclaw-everything'), checks: both('gryffindor', 'ravenclaw', ALL, true) },
      { name: 'the slytherin Deny rules → Pass', edit: setAction('Pass', 'deny-to-slytherin-at-ports-80-53-9003', 'deny-from-slytherin-at-ports-80-53-9003'), checks: both('gryffindor', 'slytherin', ALL, true) },
    ],
  };
}

function integration(fixture: string): ClusterScenario {
  return {
    fixture,
    covers: 'Admin Deny over a NetworkPolicy Allow; Pass hands it to the NetworkPolicy; without the NetworkPolicy the Baseline Deny decides',
    restAllowed: false,
    steps: [
      {
        name: 'Admin Deny both ways',
        checks: [
          ...both('gryffindor', 'slytherin', ALL, false),
          ...both('gryffindor', 'ravenclaw', ALL, false), // the NetworkPolicy isolates gryffindor both ways
          ...both('slytherin', 'ravenclaw', ALL, true),
        ],
      },
      { name: 'ingress rule → Pass', edit: setAction('Pass', 'deny-all-ingress-from-slytherin'), checks: [check('slytherin', 'gryffindor', ALL, true), check('gryffindor', 'slytherin', ALL, false)] },
      { name: 'egress rule → Pass', edit: setAction('Pass', 'deny-all-egress-to-slytherin'), checks: both('gryffindor', 'slytherin', ALL, true) },
      {
        name: 'NetworkPolicy deleted: the Baseline decides',
        edit: dropDocument('NetworkPolicy'),
        checks: [...both('gryffindor', 'slytherin', ALL, false), ...both('gryffindor', 'ravenclaw', ALL, true)],
      },
    ],
  };
}

function priority(fixture: string): ClusterScenario {
  return {
    fixture,
    covers: 'lower priority first: Deny at 50 beats Pass at 60; the Pass moved to 40 hands the traffic to the Baseline Allow',
    restAllowed: true,
    steps: [
      { name: 'Deny at 50 first', checks: both('gryffindor', 'slytherin', ALL, false) },
      { name: 'Pass moved from 60 to 40', edit: replace('priority: 60', 'priority: 40'), checks: both('gryffindor', 'slytherin', ALL, true) },
    ],
  };
}

function baselineGress(fixture: string): ClusterScenario {
  return {
    fixture,
    covers: 'Baseline rules in written order where no NetworkPolicy selects the pod; a NetworkPolicy that selects it takes over',
    restAllowed: true,
    steps: [
      {
        name: 'as written',
        checks: [
          check('gryffindor', 'ravenclaw', ALL, true),
          check('ravenclaw', 'gryffindor', ALL, false),
          ...PORT_RULES,
        ],
      },
      {
        name: 'a NetworkPolicy allowing everything selects gryffindor',
        edit: (t) =>
          `${t}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-all\n  namespace: network-policy-conformance-gryffindor\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress: [{}]\n  egress: [{}]\n`,
        checks: [...both('gryffindor', 'ravenclaw', ALL, true), ...both('gryffindor', 'hufflepuff', ALL, true), ...both('gryffindor', 'slytherin', ALL, true)],
      },
    ],
  };
}

function portRanges(fixture: string): ClusterScenario {
  return {
    fixture,
    covers: 'inclusive port ranges per protocol and a named port resolved on the destination with its own protocol',
    restAllowed: true,
    steps: [
      {
        name: 'as written',
        checks: [check('slytherin', 'gryffindor', ['TCP/8080', 'SCTP/9003', 'UDP/53'], false), check('slytherin', 'gryffindor', ['TCP/80', 'UDP/5353', 'SCTP/9005'], true)],
      },
    ],
  };
}

function egressNetworks(fixture: string, allow: string): ClusterScenario {
  return {
    fixture,
    covers: 'networks peers: 0.0.0.0/0 and ::/0 cover pods and the internet; /32 networks match the pods with those IPs',
    restAllowed: true,
    steps: [
      {
        name: 'slytherin only',
        checks: [check('gryffindor', 'slytherin', ALL, true), check('gryffindor', 'ravenclaw', ALL, false), check('gryffindor', 'hufflepuff', ALL, false), check('gryffindor', 'gryffindor', ALL, false)],
        external: [
          { from: 'gryffindor', ip: '8.8.8.8', allowed: false },
          { from: 'ravenclaw', ip: '8.8.8.8', allowed: true },
        ],
      },
      {
        name: 'an Allow for two pod IPs inserted first',
        edit: replace('  egress:\n', `  egress:\n  - name: allow-egress-to-specific-podIPs\n    action: ${allow}\n    to:\n    - networks: [10.244.4.10/32, 10.244.3.10/32]\n`),
        checks: [
          check('gryffindor', 'luna-lovegood-0', ALL, true),
          check('gryffindor', 'cedric-diggory-0', ALL, true),
          check('gryffindor', 'luna-lovegood-1', ALL, false),
          check('gryffindor', 'cedric-diggory-1', ALL, false),
          check('gryffindor', 'slytherin', ALL, true),
          check('gryffindor', 'gryffindor', ALL, false),
        ],
        external: [{ from: 'gryffindor', ip: '8.8.8.8', allowed: false }],
      },
    ],
  };
}

function samePriority(fixture: string): ClusterScenario {
  return {
    fixture,
    covers: 'one priority, disjoint subjects: both apply, no tie; overlapping subjects that disagree: uncertain, with a diagnostic',
    restAllowed: true,
    steps: [
      {
        name: 'disjoint subjects',
        checks: [
          check('slytherin', 'gryffindor', ALL, false),
          check('slytherin', 'ravenclaw', ALL, true),
          check('gryffindor', 'ravenclaw', ALL, false),
          check('hufflepuff', 'ravenclaw', ALL, false),
          check('ravenclaw', 'ravenclaw', ALL, false),
        ],
      },
      {
        name: 'the Allow policy selects gryffindor too',
        edit: replace('namespaces: {matchLabels: {conformance-house: ravenclaw}}', 'namespaces: {matchExpressions: [{key: conformance-house, operator: In, values: [ravenclaw, gryffindor]}]}'),
        checks: [
          check('slytherin', 'gryffindor', ALL, 'uncertain'),
          check('hufflepuff', 'gryffindor', ALL, false),
          check('ravenclaw', 'gryffindor', ALL, false),
          check('gryffindor', 'gryffindor', ALL, false),
          check('slytherin', 'ravenclaw', ALL, true),
          check('gryffindor', 'ravenclaw', ALL, false),
          check('hufflepuff', 'ravenclaw', ALL, false),
          check('ravenclaw', 'ravenclaw', ALL, false),
        ],
        diagnostics: ['both have priority 30 in the Admin tier'],
      },
    ],
  };
}

const SCENARIOS: readonly ClusterScenario[] = [
  gressRules('anp-gress-rules', 'Allow'),
  gressRules('cnp-gress-rules', 'Accept'),
  integration('anp-integration'),
  integration('cnp-integration'),
  priority('anp-priority'),
  priority('cnp-priority'),
  baselineGress('banp-gress-rules'),
  baselineGress('cnp-baseline-gress-rules'),
  portRanges('anp-port-ranges'),
  portRanges('cnp-port-ranges'),
  egressNetworks('anp-egress-networks', 'Allow'),
  egressNetworks('cnp-egress-networks', 'Accept'),
  samePriority('anp-same-priority'),
  samePriority('cnp-same-priority'),
  {
    fixture: 'cnp-omitted-namespace-selector',
    covers: 'v1alpha2 pods selections without namespaceSelector select matching pods of every namespace',
    restAllowed: true,
    steps: [{ name: 'as written', checks: [check('ravenclaw', 'hufflepuff', ['TCP/80', 'UDP/53'], false), check('ravenclaw', 'hufflepuff', ['TCP/8080', 'UDP/5353', 'SCTP/9003', 'SCTP/9005'], true)] }],
  },
];

const fixtureText = (name: string) => readFileSync(new URL(`cluster-fixtures/${name}.yaml`, import.meta.url), 'utf8');
const input = (text: string | undefined): AnalysisInput => ({ files: text === undefined ? [HOUSES_FILE] : [HOUSES_FILE, { path: 'policies.yaml', text }] });

/** Whether a port list (`TCP/80-81`, …) holds a probe. */
function holds(ports: readonly string[], probe: string): boolean {
  const [protocol, port] = probe.split('/');
  return ports.some((p) => {
    const m = /^(\w+)\/(\d+)(?:-(\d+))?$/.exec(p)!;
    return m[1] === protocol && Number(m[2]) <= Number(port) && Number(port) <= Number(m[3] ?? m[2]);
  });
}

const edgeOf = (edges: readonly Edge[], from: string, to: string) => edges.find((e) => e.from === from && e.to === to);

/** `from|to|probe` → verdict, for every pair of pods and probe. */
function verdicts(m: MatrixResult): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const from of HOUSE_PODS) {
    for (const to of HOUSE_PODS) {
      const e = edgeOf(m.edges, from.id, to.id);
      for (const probe of HOUSE_PROBES) out.set(`${from.id}|${to.id}|${probe}`, e && holds(e.ports, probe) ? (e.uncertain ? 'uncertain' : true) : false);
    }
  }
  return out;
}

/** The expectations of steps 0..i, later checks overriding earlier ones (a step names only what it changes). */
function expectedVerdicts(scenario: ClusterScenario, i: number): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const c of scenario.steps.slice(0, i + 1).flatMap((s) => s.checks)) {
    for (const from of housePods(c.from)) for (const to of housePods(c.to)) for (const probe of c.probes) out.set(`${from.id}|${to.id}|${probe}`, c.allowed);
  }
  if (scenario.restAllowed) {
    for (const from of HOUSE_PODS) for (const to of HOUSE_PODS) for (const probe of HOUSE_PROBES) if (!out.has(`${from.id}|${to.id}|${probe}`)) out.set(`${from.id}|${to.id}|${probe}`, true);
  }
  return out;
}

function texts(scenario: ClusterScenario): string[] {
  const out: string[] = [];
  let text = fixtureText(scenario.fixture);
  for (const step of scenario.steps) {
    text = step.edit ? step.edit(text) : text;
    out.push(text);
  }
  return out;
}

test('one scenario per fixture, both API versions covered', () => {
  const fixtures = readdirSync(new URL('cluster-fixtures/', import.meta.url)).map((f) => f.replace(/\.yaml$/, '')).sort();
  expect(SCENARIOS.map((s) => s.fixture).sort()).toEqual(fixtures);
  const versions = new Set(fixtures.map((f) => fixtureText(f).match(/policy\.networking\.k8s\.io\/(v1alpha\d)/)![1]));
  expect([...versions].sort()).toEqual(['v1alpha1', 'v1alpha2']);
});

describe.each(SCENARIOS.map((s) => [s.fixture, s] as const))('%s', (_, scenario) => {
  const stepTexts = texts(scenario);
  const matrices = stepTexts.map((t) => matrix(input(t)));

  test.each(scenario.steps.map((s, i) => [s.name, i] as const))('matrix: %s', (_, i) => {
    const step = scenario.steps[i]!;
    const m = matrices[i]!;
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const actual = verdicts(m);
    const mismatches = [...expectedVerdicts(scenario, i)].filter(([k, v]) => actual.get(k) !== v).map(([k, v]) => `${k}: expected ${v}, got ${actual.get(k)}`);
    expect(mismatches).toEqual([]);
    for (const x of step.external ?? []) {
      for (const pod of housePods(x.from)) {
        const outcome = explain(input(stepTexts[i]), pod.id, `ip:${x.ip}`, { protocol: 'TCP', port: 443 });
        expect(outcome.kind === 'explained' && outcome.result.allowed, `${pod.id} -> ${x.ip}`).toBe(x.allowed);
      }
    }
    for (const fragment of step.diagnostics ?? []) expect(m.diagnostics.some((d) => d.message.includes(fragment)), fragment).toBe(true);
    if (!step.diagnostics) expect(m.diagnostics.filter((d) => d.message.includes('both have priority'))).toEqual([]);
  });

  test.each(scenario.steps.map((s, i) => [s.name, i] as const))('diff from the previous step: %s', (_, i) => {
    const before = i === 0 ? matrix(input(undefined)) : matrices[i - 1]!;
    const after = matrices[i]!;
    const result = diff(input(i === 0 ? undefined : stepTexts[i - 1]), input(stepTexts[i]));
    const b = verdicts(before);
    const a = verdicts(after);
    const mismatches: string[] = [];
    for (const [key, now] of a) {
      const [from, to, probe] = key.split('|') as [string, string, string];
      const was = b.get(key)!;
      const opened = edgeOf(result.opened, from, to);
      const closed = edgeOf(result.closed, from, to);
      const isOpened = opened !== undefined && holds(opened.ports, probe);
      const isClosed = closed !== undefined && holds(closed.ports, probe);
      if (isOpened !== (now !== false && was === false)) mismatches.push(`${key}: opened ${isOpened}, matrices ${was} → ${now}`);
      if (isClosed !== (now === false && was !== false)) mismatches.push(`${key}: closed ${isClosed}, matrices ${was} → ${now}`);
    }
    expect(mismatches).toEqual([]);
  });
});
