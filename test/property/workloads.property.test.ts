/**
 * Every workload kind, DNS-subdomain names and the defaultNamespace option: matrix() == the oracle
 * on clusters from rich-arbitraries.ts (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs
 * with and without manualSelector, CronJobs, ReplicationControllers and Pods; objects without
 * metadata.namespace in a random default namespace), and those valid objects raise no error.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { matrix } from '../../src/index.js';
import { checkMatrix } from './check.js';
import { fcParams } from './config.js';
import { failure } from './report.js';
import { buildRichCluster, richClusterSpecArb } from './rich-arbitraries.js';
import { inputOf, optionsOf } from './serialize.js';

describe('workload kinds and defaultNamespace', () => {
  it('matrix agrees with the oracle, with no error diagnostics and workloads named namespace/Kind/name', () => {
    fc.assert(
      fc.property(richClusterSpecArb, (spec) => {
        const c = buildRichCluster(spec);
        const result = matrix(inputOf(c), optionsOf(c));
        const problems = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `error diagnostic ${d.file}:${d.line}: ${d.message}`);
        const expected = c.manifests
          .filter((m) => m.kind !== 'Namespace' && m.kind !== 'NetworkPolicy')
          .map((m) => ({ kind: m.kind, name: m.metadata.name, namespace: m.metadata.namespace ?? c.defaultNamespace ?? 'default' }));
        for (const w of expected) {
          const got = result.workloads.find((x) => x.id === `${w.namespace}/${w.kind}/${w.name}`);
          if (!got) problems.push(`workload ${w.namespace}/${w.kind}/${w.name} missing`);
          else if (got.kind !== w.kind || got.name !== w.name || got.namespace !== w.namespace || got.context !== undefined) {
            problems.push(`workload ${got.id}: ${JSON.stringify(got)}`);
          }
        }
        problems.push(...checkMatrix(c, result));
        if (problems.length > 0) throw new Error(failure('engine matrix disagrees with the oracle (workload kinds, defaultNamespace)', problems, [{ label: 'manifests', c }]));
      }),
      fcParams(600),
    );
  }, 120_000);
});
