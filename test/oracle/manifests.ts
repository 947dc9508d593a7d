/**
 * The plain objects the property tests generate and serialise: a subset of the Kubernetes schema
 * (core/v1 Namespace and Pod, apps/v1 Deployment, networking.k8s.io/v1 NetworkPolicy), spelled
 * exactly as in a manifest. The oracle reads these, never the engine's parsed model.
 */

export type Protocol = 'SCTP' | 'TCP' | 'UDP';
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

export type Labels = Record<string, string>;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Labels;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ContainerPortManifest {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
}

export interface ContainerManifest {
  name: string;
  image: string;
  ports?: ContainerPortManifest[];
}

export interface PodSpecManifest {
  containers: ContainerManifest[];
}

export interface NamespaceManifest {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: ObjectMeta;
}

export interface PodManifest {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpecManifest;
  status?: { podIP?: string; podIPs?: { ip: string }[] };
}

export interface DeploymentManifest {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: { metadata: { labels?: Labels }; spec: PodSpecManifest };
  };
}

export interface IPBlock {
  cidr: string;
  except?: string[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyIngressRule {
  from?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicyManifest {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: ObjectMeta;
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: NetworkPolicyIngressRule[];
    egress?: NetworkPolicyEgressRule[];
  };
}

export type WorkloadManifest = PodManifest | DeploymentManifest;
export type Manifest = NamespaceManifest | WorkloadManifest | NetworkPolicyManifest;
