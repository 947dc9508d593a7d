/** Manifests full of what the loader reports (test/cli/parse-threads, test/k8s/read-ahead). */
import { DB_FROM_API, docs, namespace, pod, policy } from './manifests.js';

/** Garbage of every kind the loader reports, in base and head; some files byte-identical at other paths. */
export const GARBAGE: Record<string, string> = {
  'bad-yaml.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n',
  'one-broken.yaml': docs(pod('api'), 'kind: Pod\n  bad: indentation\n: x\n', pod('db'), policy('broken', '  podSelector: {matchLabels: {app: 5}}\n')),
  'template.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n',
  'helm.yaml': `---\n# Source: chart/templates/web.yaml\n${pod('web')}---\n# Source: chart/templates/np.yaml\n${DB_FROM_API}`,
  'list.yaml': 'apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: listed, namespace: prod, labels: {app: listed}}\n  spec: {containers: []}\n- metadata: {name: 7}\n',
  'twice.yaml': pod('api'),
  'aliases.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: &m\n  name: aliased\n  namespace: prod\n  labels: {app: aliased}\nspec: {containers: [{name: c, ports: [{containerPort: .inf}]}]}\n---\nx: *m\n',
  'continued.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "ops\n  team"\n',
  'ns.yaml': docs(namespace('prod', { env: 'prod' }), namespace('Bad_Name')),
  'old.yaml': 'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: old, namespace: prod}\nspec: {podSelector: {}}\n',
  'calico.yaml': 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: c, namespace: prod}\n',
  'empty.yaml': '',
  'ports.yaml': policy('ports', '  podSelector: {}\n  ingress:\n  - ports: [{port: 99999}, {port: 80, endPort: 10}, {port: "no_such_name_really"}]\n'),
};

