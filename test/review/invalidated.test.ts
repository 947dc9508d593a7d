/**
 * A PR that turns a valid object invalid: the API server refuses the new version, so the review analyses
 * the head without it, and says so with the paths that opens and closes (never silently permissive or
 * silently denying).
 */
import { describe, expect, it } from 'vitest';
import { renderAnnotations } from '../../src/index.js';
import { type K8sObject, config, deployment, file, lineOf, namespace, networkPolicy, peers, policies, reviewTrees, shopApp, tree } from './manifests.js';

const cnp = (name: string, spec: K8sObject): K8sObject => ({ apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec });
const withPolicies = (...objects: K8sObject[]) => shopApp().map((f) => (f.path === 'data/policies.yaml' ? file(f.path, ...objects) : f));
const dbFromApi = (protocol: string) =>
  networkPolicy('data', 'db-from-api', {
    podSelector: { matchLabels: { tier: 'db' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ ...peers.namespace('shop'), podSelector: { matchLabels: { tier: 'api' } } }], ports: [{ protocol, port: 5432 }] }],
  });

describe('objects the change makes invalid', () => {
  it('an allow rule whose policy becomes invalid closes what it allowed, and the review counts it', () => {
    const head = withPolicies(policies.denyIngress('data'), dbFromApi('TPC'));
    const result = reviewTrees(tree(...shopApp()), tree(...head), config());
    const f = head.find((x) => x.path === 'data/policies.yaml')!;
    expect(result.invalidated).toEqual([
      {
        kind: 'NetworkPolicy',
        id: 'data/db-from-api',
        file: 'data/policies.yaml',
        line: lineOf(f, 'protocol: TPC'),
        problem: 'NetworkPolicy data/db-from-api is invalid and left out of the analysis: spec.ingress[0].ports[0].protocol: unsupported protocol "TPC"; expected TCP, UDP or SCTP',
        reason: 'spec.ingress[0].ports[0].protocol: unsupported protocol "TPC"; expected TCP, UDP or SCTP',
        was: { file: 'data/policies.yaml', line: 11 },
        opened: 0,
        closed: 1,
      },
    ]);
    expect(result.closed.map((r) => [r.from.parts.map((p) => ('ref' in p ? p.ref.id : p.kind)), r.to.parts.map((p) => ('ref' in p ? p.ref.id : p.kind))])).toEqual([[['shop/Deployment/api'], ['data/Deployment/db']]]);
    expect(result.incomplete).toBe(true);
    expect(result.policyChanges.map((p) => [p.policy, p.change])).toEqual([['data/db-from-api', 'removed']]);
  });

  it('the annotation at the invalid line says the object was valid at the base and what leaving it out does', () => {
    const head = withPolicies(policies.denyIngress('data'), dbFromApi('TPC'));
    const result = reviewTrees(tree(...shopApp()), tree(...head), config());
    const annotation = renderAnnotations(result).find((a) => a.title.includes('invalid'))!;
    expect(annotation.title).toBe('netpol-review: invalid manifest (left out of the analysis, made invalid by this PR)');
    expect(annotation.message).toMatch(/SCTP Valid at the base: analysed as deleted, leaving it out opens 0 and closes 1 path\.$/);
  });

  it('a new invalid object is not "made invalid": only objects the base has valid are', () => {
    const head = [...shopApp(), file('data/extra.yaml', networkPolicy('data', 'brand-new', { podSelector: {}, policyTypes: ['Ingres'] }))];
    const result = reviewTrees(tree(...shopApp()), tree(...head), config());
    expect(result.newInvalid.map((d) => d.file)).toEqual(['data/extra.yaml']);
    expect(result.invalidated).toEqual([]);
  });

  it('an object still valid in another copy at the head is not made invalid', () => {
    const head = [...withPolicies(policies.denyIngress('data'), dbFromApi('TCP')), file('zz/copy.yaml', dbFromApi('TPC'))];
    const result = reviewTrees(tree(...shopApp()), tree(...head), config());
    expect(result.newInvalid).toHaveLength(1);
    expect(result.invalidated).toEqual([]);
  });

  it('a cluster policy Deny made invalid opens what it denied', () => {
    const deny = (action: string) => cnp('no-shop-to-data', { tier: 'Admin', priority: 10, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }, ingress: [{ name: 'from-shop', action, from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }] }] });
    const base = [...shopApp(), file('cluster/deny.yaml', deny('Deny'))];
    const head = [...shopApp(), file('cluster/deny.yaml', deny('Denny'))];
    const result = reviewTrees(tree(...base), tree(...head), config());
    expect(result.invalidated.map((o) => [o.kind, o.id, o.opened, o.closed])).toEqual([['ClusterNetworkPolicy', 'ClusterNetworkPolicy/no-shop-to-data', 1, 0]]);
    expect(result.opened).toHaveLength(1);
    expect(result.invalidated[0]!.reason).toContain('Denny');
  });

  it('a workload made invalid: its lost paths count as closed', () => {
    const broken = { ...deployment('data', 'db', { tier: 'db' }, [{ name: 'postgres', containerPort: 5432 }]) };
    (broken['spec'] as Record<string, unknown>)['template'] = { metadata: { labels: { app: 'db', tier: 'db' } }, spec: { containers: 'not a list' } };
    const head = shopApp().map((f) => (f.path === 'data/workloads.yaml' ? file(f.path, namespace('data'), broken) : f));
    const result = reviewTrees(tree(...shopApp()), tree(...head), config());
    // Lost with it: shop/api → db on 5432, and db → the internet (no egress policy).
    expect(result.invalidated.map((o) => [o.kind, o.id, o.opened, o.closed])).toEqual([['Deployment', 'data/Deployment/db', 0, 2]]);
    expect(result.removedWorkloads).toEqual(['data/Deployment/db']);
  });
});
