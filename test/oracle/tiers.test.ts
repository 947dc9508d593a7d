/** Hand-worked examples for the tier oracle itself, each from the network-policy-api reference. */
import { describe, expect, it } from 'vitest';
import type { ClusterPolicyManifest, ClusterRuleManifest } from './cluster-manifests.js';
import type { Manifest, NetworkPolicyManifest } from './manifests.js';
import { TierOracle } from './tiers.js';

const ns: Manifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } };
const pod = (name: string, ip?: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'a', labels: { app: name } },
  spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 80 }] }] },
  ...(ip ? { status: { podIPs: [{ ip }] } } : {}),
});
const anp = (name: string, priority: number, ingress: ClusterRuleManifest[]): ClusterPolicyManifest => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  metadata: { name },
  spec: { priority, subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } } }, ingress },
});
const banp = (ingress: ClusterRuleManifest[]): ClusterPolicyManifest => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'BaselineAdminNetworkPolicy',
  metadata: { name: 'default' },
  spec: { subject: { namespaces: {} }, ingress },
});
const fromAll = (action: ClusterRuleManifest['action']): ClusterRuleManifest => ({ action, from: [{ namespaces: {} }] });
const npAllowWeb: NetworkPolicyManifest = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'db', namespace: 'a' },
  spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] },
};

function verdict(manifests: (Manifest | ClusterPolicyManifest)[], from: string, to: string, port = 80) {
  const o = new TierOracle([ns, pod('web'), pod('db'), pod('job'), ...manifests]);
  const ep = (n: string) => o.pods.find((p) => p.id === `a/Pod/${n}`)!;
  return o.verdict(ep(from), ep(to), port, 'TCP');
}

describe('tier oracle', () => {
  it('no cluster policy: the NetworkPolicy oracle', () => {
    expect(verdict([npAllowWeb], 'web', 'db')).toBe('yes');
    expect(verdict([npAllowWeb], 'job', 'db')).toBe('no');
  });
  it('Admin Deny beats a NetworkPolicy Allow; Pass hands it back', () => {
    expect(verdict([npAllowWeb, anp('x', 1, [fromAll('Deny')])], 'web', 'db')).toBe('no');
    expect(verdict([npAllowWeb, anp('x', 1, [fromAll('Pass'), fromAll('Deny')])], 'web', 'db')).toBe('yes');
    expect(verdict([npAllowWeb, anp('x', 1, [fromAll('Allow')])], 'job', 'db')).toBe('yes');
  });
  it('lower priority first; equal priorities that disagree: maybe', () => {
    expect(verdict([anp('x', 1, [fromAll('Deny')]), anp('y', 2, [fromAll('Allow')])], 'web', 'db')).toBe('no');
    expect(verdict([anp('x', 3, [fromAll('Deny')]), anp('y', 2, [fromAll('Allow')])], 'web', 'db')).toBe('yes');
    expect(verdict([anp('x', 2, [fromAll('Deny')]), anp('y', 2, [fromAll('Allow')])], 'web', 'db')).toBe('maybe');
  });
  it('Baseline only where no NetworkPolicy selects the pod', () => {
    expect(verdict([banp([fromAll('Deny')])], 'job', 'db')).toBe('no');
    expect(verdict([banp([fromAll('Deny')]), npAllowWeb], 'web', 'db')).toBe('yes');
    expect(verdict([banp([fromAll('Deny')]), anp('x', 1, [fromAll('Pass')])], 'web', 'db')).toBe('no');
  });
  it('named ports on the destination; networks judged against the pod CIDRs', () => {
    const named = anp('x', 1, [{ action: 'Deny', from: [{ namespaces: {} }], ports: [{ namedPort: 'http' }] }]);
    expect(verdict([named], 'web', 'db', 80)).toBe('no');
    expect(verdict([named], 'web', 'db', 81)).toBe('yes');
    const o = new TierOracle([ns, pod('web'), pod('db', '10.0.0.9')]);
    expect(o.verdict(o.pods[0]!, o.pods[1]!, 80, 'TCP')).toBe('yes');
    const egress = (networks: string[]): ClusterPolicyManifest => ({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'n' },
      spec: { tier: 'Admin', priority: 0, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ networks }] }] },
    });
    const judge = (networks: string[], to: string) => {
      const t = new TierOracle([ns, pod('web'), pod('db', '10.0.0.9'), egress(networks)]);
      return t.verdict(t.pods.find((p) => p.id === 'a/Pod/web')!, t.pods.find((p) => p.id === `a/Pod/${to}`)!, 80, 'TCP');
    };
    expect(judge(['10.0.0.0/8'], 'db')).toBe('no');
    expect(judge(['10.1.0.0/16'], 'db')).toBe('yes');
    expect(judge(['10.1.0.0/16'], 'web')).toBe('maybe');
    expect(judge(['0.0.0.0/0'], 'web')).toBe('no');
    expect(judge(['8.8.8.0/24'], 'web')).toBe('yes');
  });
});
