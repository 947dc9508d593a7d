import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/index.js';

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: prod}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: x}]}
`;

const ONE_REPLICA = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-0-only, namespace: prod}
spec:
  podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: db-0}}
  ingress: []
`;

describe('selectors on labels controllers set per replica', () => {
  it('warn at the policy that the analysis cannot tell replicas apart', () => {
    const result = matrix({ files: [{ path: 'db.yaml', text: STATEFULSET }, { path: 'np.yaml', text: ONE_REPLICA }] });
    expect(result.diagnostics.filter((d) => d.message.includes('replica (or revision)'))).toEqual([
      {
        file: 'np.yaml',
        line: 1,
        severity: 'warning',
        message:
          'NetworkPolicy prod/db-0-only selects pods by statefulset.kubernetes.io/pod-name, labels the controllers give each replica (or revision) at run time: the analysis sees a workload\'s pod template and cannot tell its replicas apart, so these selectors match no workload here',
      },
    ]);
  });
});
