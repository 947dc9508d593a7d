/**
 * Manifest builders and result helpers shared by test/k8s, test/engine and test/cli.
 * Every builder produces documents with a fixed, documented line layout so tests can assert exact lines.
 */
import { loadCluster } from '../../src/k8s/load-cluster.js';
import type { Cluster, Diagnostic, SourceFile } from '../../src/k8s/types.js';
import type { Edge, MatrixResult } from '../../src/index.js';

export const ALL_PORTS = ['SCTP/1-65535', 'TCP/1-65535', 'UDP/1-65535'];

export interface PodOptions {
  ns?: string;
  labels?: Record<string, string>;
  /** Container ports as objects, written as a JSON flow sequence. */
  ports?: Record<string, unknown>[];
  /** Pod IPs written to status.podIPs. */
  podIPs?: string[];
}

/**
 * A Pod. Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 labels, 7 spec, 8 containers,
 * then (with podIPs) 9 status, 10 podIPs.
 */
export function pod(name: string, options: PodOptions = {}): string {
  const { ns = 'prod', labels = { app: name }, ports = [], podIPs } = options;
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    `  labels: ${JSON.stringify(labels)}`,
    'spec:',
    `  containers: [{"name": "c", "ports": ${JSON.stringify(ports)}}]`,
  ];
  if (podIPs) lines.push('status:', `  podIPs: ${JSON.stringify(podIPs.map((ip) => ({ ip })))}`);
  return `${lines.join('\n')}\n`;
}

/** A NetworkPolicy. Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 namespace, 6 spec, 7… the spec's lines. */
export function policy(name: string, spec: string, ns = 'prod'): string {
  const body = spec.replace(/^\n/, '').replace(/\s+$/, '');
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${body}\n`;
}

/** A Namespace. Lines: 1 apiVersion, 2 kind, 3 metadata, 4 name, 5 labels. */
export function namespace(name: string, labels: Record<string, string> = {}): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n`;
}

/** Joins documents into one multi-document YAML text. */
export const docs = (...texts: string[]): string => texts.join('---\n');

export const file = (path: string, text: string): SourceFile => ({ path, text });

/** The standard trio of workloads in `prod`: api, db and web (label app=<name>). */
export const TRIO = file('pods.yaml', docs(pod('api'), pod('db'), pod('web')));

/** Allows only prod/api to reach prod/db, on TCP/5432. Rule 0 is on line 9. */
export const DB_FROM_API = policy(
  'db-from-api',
  `
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: api}}
    ports:
    - port: 5432
`,
);

export function load(files: SourceFile[], context: SourceFile[] = [], defaultNamespace = 'default'): Cluster {
  return loadCluster(files, context, { defaultNamespace });
}

/** The ports of the edge from → to, or undefined when there is none. */
export function portsOf(result: { edges: Edge[] }, from: string, to: string): string[] | undefined {
  return result.edges.find((e) => e.from === from && e.to === to)?.ports;
}

export const ids = (result: Pick<MatrixResult, 'workloads'>): string[] => result.workloads.map((w) => w.id);

export const errors = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.severity === 'error');
