/**
 * The platform team's cluster-wide policies for the benchmark trees: 50 Admin tier and 5 Baseline tier
 * ClusterNetworkPolicies (policy.networking.k8s.io/v1alpha2), keyed on the generated namespaces' `team` and
 * `env` labels and pods' `tier` labels, with unique priorities. `denyUntrustedPriority` lets the PR move one
 * of them (the head edit "moved-priority").
 */

export const ADMIN_POLICIES = 50;
export const BASELINE_POLICIES = 5;
export const MOVED_POLICY = 'deny-untrusted-to-billing';

const TEAMS = ['checkout', 'search', 'identity', 'billing', 'catalog', 'growth', 'logistics', 'messaging', 'analytics', 'platform', 'sandbox', 'legacy'];
const UNTRUSTED = ['sandbox', 'legacy'];
const ENVS = ['prod', 'staging', 'dev'];
const TIERS = ['web', 'api', 'worker', 'db', 'cache'];

const cnp = (name: string, tier: 'Admin' | 'Baseline', priority: number, comment: string, body: string): string =>
  `# ${comment}
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: ${name}
spec:
  tier: ${tier}
  priority: ${priority}
${body.replace(/^\n/, '').replace(/\s+$/, '')}
`;

const inNamespaces = (labels: string) => `    namespaces:\n      matchLabels: {${labels}}`;

/** The 50 Admin tier policies; `moved` is the priority of MOVED_POLICY (base: 30). */
function adminPolicies(moved: number): string[] {
  const out: string[] = [];
  let priority = 100;
  const next = () => (priority += 10);
  for (const team of TEAMS) {
    const p = team === 'billing' ? moved : next();
    out.push(
      cnp(`deny-untrusted-to-${team}`, 'Admin', p, `No sandbox or legacy namespace reaches ${team}.`, `
  subject:
${inNamespaces(`team: ${team}`)}
  ingress:
    - name: from-untrusted
      action: Deny
      from:
        - namespaces:
            matchExpressions:
              - {key: team, operator: In, values: [${UNTRUSTED.join(', ')}]}
`),
    );
  }
  for (const team of TEAMS) {
    out.push(
      cnp(`deny-dev-to-prod-${team}`, 'Admin', next(), `Dev namespaces do not reach ${team}'s prod below port 1024.`, `
  subject:
${inNamespaces(`team: ${team}, env: prod`)}
  ingress:
    - name: dev-low-ports
      action: Deny
      from:
        - namespaces:
            matchLabels: {env: dev}
      protocols:
        - tcp: {destinationPort: {range: {start: 1, end: 1024}}}
`),
    );
  }
  for (const team of TEAMS) {
    out.push(
      cnp(`web-https-out-${team}`, 'Admin', next(), `${team}'s web tier leaves HTTPS egress to its namespace owners.`, `
  subject:
    pods:
      namespaceSelector:
        matchLabels: {team: ${team}}
      podSelector:
        matchLabels: {tier: web}
  egress:
    - name: https-to-owners
      action: Pass
      to:
        - networks: [0.0.0.0/0]
      protocols:
        - tcp: {destinationPort: {number: 443}}
`),
    );
  }
  for (const env of ENVS) {
    out.push(
      cnp(`pass-same-env-${env}`, 'Admin', next(), `Traffic within ${env} is for the namespace owners to decide.`, `
  subject:
${inNamespaces(`env: ${env}`)}
  ingress:
    - name: same-env
      action: Pass
      from:
        - namespaces:
            matchLabels: {env: ${env}}
`),
    );
  }
  for (const tier of TIERS) {
    out.push(
      cnp(`deny-web-to-${tier}`, 'Admin', next(), `The web tier never talks to ${tier} directly in another team.`, `
  subject:
    pods:
      podSelector:
        matchLabels: {tier: ${tier}}
  ingress:
    - name: from-web-sctp
      action: Deny
      from:
        - pods:
            podSelector:
              matchLabels: {tier: web}
      protocols:
        - sctp: {destinationPort: {range: {start: 1, end: 65535}}}
`),
    );
  }
  out.push(
    cnp('allow-monitoring-scrape', 'Admin', 10, 'Prometheus may scrape every metrics port.', `
  subject:
    namespaces: {}
  ingress:
    - name: scrape
      action: Accept
      from:
        - namespaces:
            matchLabels: {kubernetes.io/metadata.name: monitoring}
      protocols:
        - destinationNamedPort: metrics
`),
    cnp('allow-dns', 'Admin', 20, 'Every pod may ask the cluster DNS.', `
  subject:
    namespaces: {}
  egress:
    - name: kube-dns
      action: Accept
      to:
        - pods:
            namespaceSelector:
              matchLabels: {kubernetes.io/metadata.name: kube-system}
            podSelector:
              matchLabels: {k8s-app: kube-dns}
      protocols:
        - udp: {destinationPort: {number: 53}}
        - tcp: {destinationPort: {number: 53}}
`),
    cnp('deny-cloud-metadata', 'Admin', 40, 'Nobody reads the cloud metadata endpoint.', `
  subject:
    namespaces: {}
  egress:
    - name: metadata
      action: Deny
      to:
        - networks: [169.254.169.254/32]
`),
    cnp('allow-ingress-controller-to-web', 'Admin', 50, 'The ingress controller reaches every web tier on http.', `
  subject:
    pods:
      podSelector:
        matchLabels: {tier: web}
  ingress:
    - name: ingress-nginx
      action: Accept
      from:
        - namespaces:
            matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
      protocols:
        - destinationNamedPort: http
`),
    cnp('pass-kube-system', 'Admin', 60, 'kube-system keeps its own rules.', `
  subject:
${inNamespaces('kubernetes.io/metadata.name: kube-system')}
  ingress:
    - name: everyone
      action: Pass
      from:
        - namespaces: {}
`),
  );
  for (const [i, team] of TEAMS.slice(0, ADMIN_POLICIES - out.length).entries()) {
    out.push(
      cnp(`deny-legacy-grpc-${team}`, 'Admin', 70 + i, `Legacy clients do not call ${team}'s grpc.`, `
  subject:
${inNamespaces(`team: ${team}`)}
  ingress:
    - name: legacy-grpc
      action: Deny
      from:
        - namespaces:
            matchLabels: {team: legacy}
      protocols:
        - destinationNamedPort: grpc
`),
    );
  }
  return out;
}

function baselinePolicies(): string[] {
  return [
    cnp('baseline-untrusted-isolated', 'Baseline', 10, 'Untrusted namespaces take no traffic unless their owners say so.', `
  subject:
    namespaces:
      matchExpressions:
        - {key: team, operator: In, values: [${UNTRUSTED.join(', ')}]}
  ingress:
    - name: nobody
      action: Deny
      from:
        - namespaces: {}
`),
    cnp('baseline-dev-no-internet', 'Baseline', 20, 'Dev reaches the cluster, not the internet, unless its owners say so.', `
  subject:
${inNamespaces('env: dev')}
  egress:
    - name: cluster
      action: Pass
      to:
        - namespaces: {}
    - name: internet
      action: Deny
      to:
        - networks: [0.0.0.0/0]
`),
    cnp('baseline-db-from-api', 'Baseline', 30, 'Databases take postgres from api tiers only, unless their owners say so.', `
  subject:
    pods:
      podSelector:
        matchLabels: {tier: db}
  ingress:
    - name: api
      action: Accept
      from:
        - pods:
            podSelector:
              matchLabels: {tier: api}
      protocols:
        - destinationNamedPort: postgres
    - name: rest
      action: Deny
      from:
        - namespaces: {}
`),
    cnp('baseline-cache-from-api', 'Baseline', 40, 'Caches take redis from api and worker tiers only, unless their owners say so.', `
  subject:
    pods:
      podSelector:
        matchLabels: {tier: cache}
  ingress:
    - name: callers
      action: Accept
      from:
        - pods:
            podSelector:
              matchExpressions:
                - {key: tier, operator: In, values: [api, worker]}
    - name: rest
      action: Deny
      from:
        - namespaces: {}
`),
    cnp('baseline-staging-from-staging', 'Baseline', 50, 'Staging takes traffic from staging, unless its owners say otherwise.', `
  subject:
${inNamespaces('env: staging')}
  ingress:
    - name: others
      action: Deny
      from:
        - namespaces:
            matchExpressions:
              - {key: env, operator: NotIn, values: [staging]}
`),
  ];
}

/** The cluster policy files of one tree. */
export function clusterPolicyFiles(movedPriority: number): { path: string; text: string }[] {
  return [
    { path: 'cluster-policies/admin.yaml', text: adminPolicies(movedPriority).join('---\n') },
    { path: 'cluster-policies/baseline.yaml', text: baselinePolicies().join('---\n') },
  ];
}
