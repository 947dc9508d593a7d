/**
 * The plain objects the property tests generate and serialise: a subset of the Kubernetes schema
 * (core/v1 Namespace, Pod and ReplicationController; apps/v1 Deployment, ReplicaSet, StatefulSet and
 * DaemonSet; batch/v1 Job and CronJob; networking.k8s.io/v1 NetworkPolicy), spelled exactly as in a
 * manifest. The oracle reads these, never the engine's parsed model.
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
  /** Jobs (and CronJobs' jobs) need Never or OnFailure. */
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  hostNetwork?: boolean;
}

export interface PodTemplateManifest {
  metadata?: { labels?: Labels };
  spec: PodSpecManifest;
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

/** apps/v1 controllers other than Deployment: a required selector that must select the template. */
export interface AppsControllerManifest {
  apiVersion: 'apps/v1';
  kind: 'ReplicaSet' | 'StatefulSet' | 'DaemonSet';
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    serviceName?: string;
    selector: LabelSelector;
    template: PodTemplateManifest;
  };
}

/**
 * batch/v1 Job. Unless `manualSelector` is true, the API server generates the selector and adds
 * `job-name: <name>` and `batch.kubernetes.io/job-name: <name>` (and controller-uid labels, whose
 * value is a UID nobody can know in advance) to the pod template's labels.
 */
export interface JobManifest {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: ObjectMeta;
  spec: {
    manualSelector?: boolean;
    selector?: LabelSelector;
    template: PodTemplateManifest;
  };
}

export interface CronJobManifest {
  apiVersion: 'batch/v1';
  kind: 'CronJob';
  metadata: ObjectMeta;
  spec: {
    schedule: string;
    jobTemplate: { metadata?: { labels?: Labels }; spec: { template: PodTemplateManifest } };
  };
}

/** core/v1 ReplicationController: `selector` is a plain map, defaulted from the template's labels. */
export interface ReplicationControllerManifest {
  apiVersion: 'v1';
  kind: 'ReplicationController';
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    selector?: Labels;
    template: PodTemplateManifest;
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

export type WorkloadManifest =
  | PodManifest
  | DeploymentManifest
  | AppsControllerManifest
  | JobManifest
  | CronJobManifest
  | ReplicationControllerManifest;
export type WorkloadKind = WorkloadManifest['kind'];
export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController'];
export type Manifest = NamespaceManifest | WorkloadManifest | NetworkPolicyManifest;
