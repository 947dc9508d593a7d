/**
 * The cluster-wide policy objects the tier property tests generate, spelled as in a manifest:
 * policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy, v1alpha2
 * ClusterNetworkPolicy (kubernetes-sigs/network-policy-api). The tier oracle reads these.
 */
import type { LabelSelector, ObjectMeta, Protocol } from './manifests.js';

export interface NamespacedPodManifest {
  namespaceSelector?: LabelSelector;
  podSelector: LabelSelector;
}

export interface ClusterSubjectManifest {
  namespaces?: LabelSelector;
  pods?: NamespacedPodManifest;
}

/** One of its fields; `cidrGroups` stands for a field of a newer API the reader does not know. */
export interface ClusterPeerManifest {
  namespaces?: LabelSelector;
  pods?: NamespacedPodManifest;
  networks?: string[];
  nodes?: LabelSelector;
  domainNames?: string[];
  cidrGroups?: LabelSelector;
}

/** v1alpha1 `ports` entry. */
export interface AdminPortManifest {
  portNumber?: { protocol?: Protocol; port: number };
  portRange?: { protocol?: Protocol; start: number; end: number };
  namedPort?: string;
}

/** v1alpha2 `protocols` entry. */
export interface ClusterProtocolManifest {
  tcp?: { destinationPort: { number?: number; range?: { start: number; end: number } } };
  udp?: { destinationPort: { number?: number; range?: { start: number; end: number } } };
  sctp?: { destinationPort: { number?: number; range?: { start: number; end: number } } };
  destinationNamedPort?: string;
}

export interface ClusterRuleManifest {
  name?: string;
  action: 'Allow' | 'Accept' | 'Deny' | 'Pass';
  from?: ClusterPeerManifest[];
  to?: ClusterPeerManifest[];
  ports?: AdminPortManifest[];
  protocols?: ClusterProtocolManifest[];
}

export interface AdminNetworkPolicyManifest {
  apiVersion: 'policy.networking.k8s.io/v1alpha1';
  kind: 'AdminNetworkPolicy';
  metadata: ObjectMeta;
  spec: { priority: number; subject: ClusterSubjectManifest; ingress?: ClusterRuleManifest[]; egress?: ClusterRuleManifest[] };
}

export interface BaselineAdminNetworkPolicyManifest {
  apiVersion: 'policy.networking.k8s.io/v1alpha1';
  kind: 'BaselineAdminNetworkPolicy';
  metadata: ObjectMeta;
  spec: { subject: ClusterSubjectManifest; ingress?: ClusterRuleManifest[]; egress?: ClusterRuleManifest[] };
}

export interface ClusterNetworkPolicyManifest {
  apiVersion: 'policy.networking.k8s.io/v1alpha2';
  kind: 'ClusterNetworkPolicy';
  metadata: ObjectMeta;
  spec: { tier: 'Admin' | 'Baseline'; priority: number; subject: ClusterSubjectManifest; ingress?: ClusterRuleManifest[]; egress?: ClusterRuleManifest[] };
}

export type ClusterPolicyManifest = AdminNetworkPolicyManifest | BaselineAdminNetworkPolicyManifest | ClusterNetworkPolicyManifest;
