/**
 * Invalid objects are left out whole, with an error at the line of the field at fault; suspicious but valid
 * ones are analysed, with a warning. Either way the rest of the input is analysed.
 */
import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/index.js';
import { ALL_PORTS, DB_FROM_API, docs, errors, file, ids, pod, policy, portsOf, TRIO } from './manifests.js';

const INVALID = 'NetworkPolicy prod/bad is invalid and left out of the analysis';

interface InvalidCase {
  name: string;
  /** The spec of policy prod/bad (its lines start at 7), or a whole document. */
  spec?: string;
  document?: string;
  line: number;
  message: string;
}

const POLICY_CASES: InvalidCase[] = [
  {
    name: 'a labels map with a number',
    spec: '  podSelector: {matchLabels: {app: 5}}',
    line: 7,
    message: `${INVALID}: spec.podSelector.matchLabels.app: label value must be a string, found number 5 (quote it)`,
  },
  {
    name: 'ingress that is not a list',
    spec: '  podSelector: {}\n  ingress:\n    from: []',
    line: 9,
    message: `${INVALID}: spec.ingress: must be a list, found a map`,
  },
  {
    name: 'an unknown selector operator',
    spec: '  podSelector:\n    matchExpressions:\n    - {key: app, operator: Equals, values: [db]}',
    line: 9,
    message: `${INVALID}: spec.podSelector.matchExpressions[0].operator: unknown operator "Equals"; expected one of In, NotIn, Exists, DoesNotExist`,
  },
  {
    name: 'values on Exists',
    spec: '  podSelector:\n    matchExpressions:\n    - key: app\n      operator: Exists\n      values: [db]',
    line: 11,
    message: `${INVALID}: spec.podSelector.matchExpressions[0].values: operator Exists must not have values`,
  },
  {
    name: 'values on DoesNotExist',
    spec: '  podSelector: {}\n  ingress:\n  - from:\n    - podSelector:\n        matchExpressions: [{key: app, operator: DoesNotExist, values: [x]}]',
    line: 11,
    message: `${INVALID}: spec.ingress[0].from[0].podSelector.matchExpressions[0].values: operator DoesNotExist must not have values`,
  },
  {
    name: 'no values on In',
    spec: '  podSelector:\n    matchExpressions:\n    - {key: app, operator: In}',
    line: 9,
    message: `${INVALID}: spec.podSelector.matchExpressions[0]: operator In requires a non-empty values list`,
  },
  {
    name: 'empty values on NotIn',
    spec: '  podSelector:\n    matchExpressions:\n    - {key: app, operator: NotIn, values: []}',
    line: 9,
    message: `${INVALID}: spec.podSelector.matchExpressions[0]: operator NotIn requires a non-empty values list`,
  },
  {
    name: 'an empty peer from: [{}]',
    spec: '  podSelector: {}\n  ingress:\n  - from: [{}]',
    line: 9,
    message: `${INVALID}: spec.ingress[0].from[0]: a peer must specify podSelector, namespaceSelector or ipBlock (an empty peer is rejected)`,
  },
  {
    name: 'ipBlock and podSelector in one peer',
    spec: '  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}',
    line: 10,
    message: `${INVALID}: spec.ingress[0].from[0]: a peer may not combine ipBlock with podSelector or namespaceSelector`,
  },
  {
    name: 'port 0',
    spec: '  podSelector: {}\n  ingress:\n  - ports:\n    - port: 0',
    line: 10,
    message: `${INVALID}: spec.ingress[0].ports[0].port: port 0 is out of range: must be 1-65535 or a port name`,
  },
  {
    name: 'port 70000',
    spec: '  podSelector: {}\n  egress:\n  - ports:\n    - protocol: UDP\n      port: 70000',
    line: 11,
    message: `${INVALID}: spec.egress[0].ports[0].port: port 70000 is out of range: must be 1-65535 or a port name`,
  },
  {
    name: 'endPort with a named port',
    spec: '  podSelector: {}\n  ingress:\n  - ports:\n    - port: http\n      endPort: 90',
    line: 11,
    message: `${INVALID}: spec.ingress[0].ports[0].endPort: endPort may not be specified when port is a named port`,
  },
  {
    name: 'endPort without port',
    spec: '  podSelector: {}\n  ingress:\n  - ports:\n    - endPort: 90',
    line: 10,
    message: `${INVALID}: spec.ingress[0].ports[0].endPort: endPort may not be specified when port is not specified`,
  },
  {
    name: 'endPort < port',
    spec: '  podSelector: {}\n  ingress:\n  - ports:\n    - port: 90\n      endPort: 80',
    line: 11,
    message: `${INVALID}: spec.ingress[0].ports[0].endPort: endPort 80 must be greater than or equal to port 90`,
  },
  {
    name: 'a malformed CIDR (prefix too long)',
    spec: '  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/33',
    line: 11,
    message: `${INVALID}: spec.egress[0].to[0].ipBlock.cidr: "10.0.0.0/33" is not a valid CIDR`,
  },
  {
    name: 'a malformed CIDR (no prefix)',
    spec: '  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.1}',
    line: 10,
    message: `${INVALID}: spec.egress[0].to[0].ipBlock.cidr: "10.0.0.1" is not a valid CIDR`,
  },
  {
    name: 'an except equal to the cidr',
    spec: '  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except:\n        - 10.0.0.0/8',
    line: 13,
    message: `${INVALID}: spec.egress[0].to[0].ipBlock.except[0]: 10.0.0.0/8 must be a strict subset of cidr 10.0.0.0/8`,
  },
  {
    name: 'an except outside the cidr',
    spec: '  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except:\n        - 10.1.0.0/16\n        - 192.168.0.0/16',
    line: 14,
    message: `${INVALID}: spec.egress[0].to[0].ipBlock.except[1]: 192.168.0.0/16 must be a strict subset of cidr 10.0.0.0/8`,
  },
  {
    name: 'an except of the other family',
    spec: '  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8, except: ["fd00::/64"]}',
    line: 10,
    message: `${INVALID}: spec.ingress[0].from[0].ipBlock.except[0]: fd00::/64 must be a strict subset of cidr 10.0.0.0/8`,
  },
  {
    name: 'an unknown policyType',
    spec: '  podSelector: {}\n  policyTypes:\n  - Ingress\n  - Sideways',
    line: 10,
    message: `${INVALID}: spec.policyTypes[1]: unsupported policyType "Sideways"; expected Ingress or Egress`,
  },
  {
    name: 'a missing metadata.name',
    document: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  namespace: prod\nspec: {podSelector: {}}\n',
    line: 4,
    message: 'NetworkPolicy is invalid and left out of the analysis: metadata.name: metadata.name is required',
  },
];

describe.each(POLICY_CASES)('an invalid NetworkPolicy: $name', ({ spec, document, line, message }) => {
  const bad = document ?? policy('bad', spec!);
  const result = () => matrix({ files: [TRIO, file('policies.yaml', docs(bad, DB_FROM_API))] });

  it('gets one error at the line of the field at fault', () => {
    const found = errors(result().diagnostics);
    expect(found.map((d) => [d.file, d.line, d.severity])).toEqual([['policies.yaml', line, 'error']]);
    expect(found[0]!.message.startsWith(message)).toBe(true);
  });

  it('is left out whole, while the valid policy next to it applies', () => {
    const r = result();
    // prod/bad selects every pod (or prod/web) in prod: had any of it applied, web's ingress would be isolated.
    expect(portsOf(r, 'prod/Pod/db', 'prod/Pod/web')).toEqual(ALL_PORTS);
    expect(portsOf(r, 'prod/Pod/web', 'prod/Pod/api')).toEqual(ALL_PORTS);
    expect(portsOf(r, 'prod/Pod/api', 'prod/Pod/db')).toEqual(['TCP/5432']);
    expect(portsOf(r, 'prod/Pod/web', 'prod/Pod/db')).toBeUndefined();
  });
});

const WORKLOAD_CASES: { name: string; document: string; line: number; message: string }[] = [
  {
    name: 'labels map with a number',
    document: pod('bad', { labels: { app: 'bad' } }).replace('{"app":"bad"}', '{app: 12}'),
    line: 6,
    message: 'Pod prod/bad is invalid and left out of the analysis: metadata.labels.app: label value must be a string, found number 12 (quote it)',
  },
  {
    name: 'containers that are not a list',
    document:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad, namespace: prod}\nspec:\n  selector: {matchLabels: {app: bad}}\n  template:\n    metadata: {labels: {app: bad}}\n    spec:\n      containers: {name: c}\n',
    line: 9,
    message: 'Deployment prod/bad is invalid and left out of the analysis: spec.template.spec.containers: must be a list of containers, found a map',
  },
  {
    name: 'containerPort 0',
    document: pod('bad', { ports: [{ containerPort: 0 }] }),
    line: 8,
    message: 'Pod prod/bad is invalid and left out of the analysis: spec.containers[0].ports[0].containerPort: containerPort 0 must be a number 1-65535',
  },
  {
    name: 'a missing metadata.name',
    document: 'apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: prod\nspec: {containers: []}\n',
    line: 4,
    message: 'Pod is invalid and left out of the analysis: metadata.name: metadata.name is required',
  },
];

describe.each(WORKLOAD_CASES)('an invalid workload: $name', ({ document, line, message }) => {
  it('gets one error at its line and is left out, while the workloads next to it are analysed', () => {
    const result = matrix({ files: [file('pods.yaml', docs(pod('api'), pod('db'), pod('web'))), file('bad.yaml', document), file('np.yaml', DB_FROM_API)] });
    const found = errors(result.diagnostics);
    expect(found.map((d) => [d.file, d.line])).toEqual([['bad.yaml', line]]);
    expect(found[0]!.message.startsWith(message)).toBe(true);
    expect(ids(result)).toEqual(['prod/Pod/api', 'prod/Pod/db', 'prod/Pod/web']);
    expect(portsOf(result, 'prod/Pod/api', 'prod/Pod/db')).toEqual(['TCP/5432']);
  });
});

describe('messages about a missing metadata.name', () => {
  it('say what was found in plain words (not "undefined undefined")', () => {
    const result = matrix({ files: [file('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: prod\nspec: {containers: []}\n')] });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]!.message).not.toContain('undefined');
  });
});

describe('warnings: suspicious but valid, so analysed', () => {
  it('warns about a policy that selects no workload, at the policy line', () => {
    const ghost = policy('ghost', '  podSelector: {matchLabels: {app: ghost}}\n  ingress: []\n');
    const result = matrix({ files: [TRIO, file('np.yaml', docs(DB_FROM_API, ghost))] });
    expect(result.diagnostics).toEqual([
      { file: 'np.yaml', line: 14, severity: 'warning', message: 'NetworkPolicy prod/ghost selects no workload in namespace prod' },
    ]);
    expect(portsOf(result, 'prod/Pod/api', 'prod/Pod/db')).toEqual(['TCP/5432']);
  });

  it('warns about a peer selector that matches nothing, at the rule line, and still isolates', () => {
    const nobody = policy(
      'web-from-nobody',
      '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: api}}\n    - podSelector: {matchLabels: {app: nobody}}\n',
    );
    const result = matrix({ files: [TRIO, file('np.yaml', nobody)] });
    expect(result.diagnostics).toEqual([
      { file: 'np.yaml', line: 9, severity: 'warning', message: 'NetworkPolicy prod/web-from-nobody: ingress rule 1, peer 2 matches no workload' },
    ]);
    expect(portsOf(result, 'prod/Pod/api', 'prod/Pod/web')).toEqual(ALL_PORTS);
    expect(portsOf(result, 'prod/Pod/db', 'prod/Pod/web')).toBeUndefined();
  });

  it('warns, naming --pod-cidr, about an ipBlock that partly overlaps the pod CIDRs', () => {
    const partial = policy('web-from-net', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.1.0.0/16}\n');
    const result = matrix({ files: [TRIO, file('np.yaml', partial)] });
    expect(result.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([['np.yaml', 9, 'warning']]);
    expect(result.diagnostics[0]!.message).toContain('NetworkPolicy prod/web-from-net: ingress rule 1 has ipBlocks that cover only part of the pod CIDRs');
    expect(result.diagnostics[0]!.message).toContain('--pod-cidr');
    expect(result.edges.filter((e) => e.to === 'prod/Pod/web')).toEqual([
      { from: 'ip:10.1.0.0/16', to: 'prod/Pod/web', ports: ALL_PORTS },
      { from: 'prod/Pod/api', to: 'prod/Pod/web', ports: ALL_PORTS, uncertain: true },
      { from: 'prod/Pod/db', to: 'prod/Pod/web', ports: ALL_PORTS, uncertain: true },
      { from: 'prod/Pod/web', to: 'prod/Pod/web', ports: ALL_PORTS, uncertain: true },
    ]);
  });

  it.each([
    ['an unknown field', '  podSelector: {matchLabels: {app: web}}\n  ingress: []\n  ingres: []\n', 9, 'NetworkPolicy prod/w: spec.ingres: unknown field "ingres" is ignored (kubectl --validate=strict rejects it)'],
    ['a missing podSelector', '  ingress: []\n', 7, 'NetworkPolicy prod/w: spec: spec.podSelector is missing: the API server reads it as {} and the policy selects every pod in the namespace'],
  ])('warns about %s and applies the policy', (_, spec, line, message) => {
    const result = matrix({ files: [TRIO, file('np.yaml', policy('w', spec))] });
    expect(result.diagnostics).toEqual([{ file: 'np.yaml', line, severity: 'warning', message }]);
    expect(portsOf(result, 'prod/Pod/db', 'prod/Pod/web')).toBeUndefined();
  });
});
