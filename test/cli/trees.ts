/** Manifest trees on disk for the CLI tests, in a fresh temporary directory. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DB_FROM_API, docs, pod, policy } from '../k8s/manifests.js';

/** prod/web admits only 10.1.0.0/16 (an ipBlock partly overlapping the default pod CIDRs). */
export const WEB_FROM_BLOCK = policy('web-from-block', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.1.0.0/16}\n');

/** An invalid policy whose error is on line 7 (`app: 5` is a number). */
export const BROKEN = policy('broken', '  podSelector: {matchLabels: {app: 5}}\n');

export const LONER = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: loner\n  labels: {app: loner}\nspec: {containers: []}\n';

/** Relative path → text, per tree. */
const TREES: Record<string, Record<string, string>> = {
  repo: {
    'pods.yaml': docs(pod('api'), pod('db'), pod('web')),
    'np/db.yaml': DB_FROM_API,
    'np/sub/broken.yml': BROKEN,
    'nons/loner.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'loner', labels: { app: 'loner' } }, spec: { containers: [] } }),
    '.hidden/ignored.yaml': pod('hidden'),
    'notes.txt': pod('not-a-manifest'),
  },
  base: { 'pods.yaml': docs(pod('api'), pod('db'), pod('web')), 'np/db.yaml': DB_FROM_API, 'broken.yaml': BROKEN },
  head: {
    'pods.yaml': docs(pod('api'), pod('db'), pod('web'), pod('cache')),
    'np/db.yaml': DB_FROM_API.replace('port: 5432', 'port: 6379'),
  },
  blocks: { 'pods.yaml': docs(pod('api'), pod('db'), pod('web')), 'np.yaml': WEB_FROM_BLOCK },
  ctx: { 'cluster.yaml': pod('monitor', { ns: 'ops' }) },
  empty: {},
};

export interface Trees {
  root: string;
  /** Absolute path of a tree (or of a file in it). */
  path(tree: keyof typeof TREES, file?: string): string;
  remove(): Promise<void>;
}

export async function makeTrees(): Promise<Trees> {
  const root = await mkdtemp(join(tmpdir(), 'netpol-review-cli-'));
  for (const [tree, files] of Object.entries(TREES)) {
    await mkdir(join(root, tree), { recursive: true });
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, tree, path)), { recursive: true });
      await writeFile(join(root, tree, path), text);
    }
  }
  return {
    root,
    path: (tree, file) => (file ? join(root, tree, file) : join(root, tree)),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
