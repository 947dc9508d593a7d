/**
 * The model's queries agree with its matrix on random clusters: every endpoint's reachers() is its
 * column of matrix(), its reachable() its row, allowed() each cell; a namespace's matrix is the
 * matrix's paths from or to that namespace.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EndpointRef, type Path, analyse, formatPorts } from '../../src/index.js';
import { buildCluster, clusterSpecArb } from './arbitraries.js';
import { fcParams } from './config.js';
import { inputOf, optionsOf } from './serialize.js';

const text = (p: Path) => `${p.from.id} -> ${p.to.id}: ${formatPorts(p.ports).join(',')}${p.uncertain ? ' ?' : ''}`;

describe('model queries', () => {
  it('rows, columns, cells and namespace matrices equal the full matrix', () => {
    fc.assert(
      fc.property(clusterSpecArb, (spec) => {
        const c = buildCluster(spec);
        const model = analyse(inputOf(c), optionsOf(c));
        const all = model.matrix();
        const endpoints: EndpointRef[] = [...all.workloads, ...all.externals];
        for (const e of endpoints) {
          expect(model.reachers(e).map(text)).toEqual(all.paths.filter((p) => p.to.id === e.id).map(text));
          expect(model.reachable(e).map(text)).toEqual(all.paths.filter((p) => p.from.id === e.id).map(text));
        }
        const cell = new Map(all.paths.map((p) => [`${p.from.id}|${p.to.id}`, p]));
        for (const from of all.workloads) {
          for (const to of endpoints) {
            const allowed = model.allowed(from, to);
            const expected = cell.get(`${from.id}|${to.id}`);
            expect(formatPorts(allowed.ports)).toEqual(expected ? formatPorts(expected.ports) : []);
            expect(allowed.uncertain).toBe(expected?.uncertain ?? false);
          }
        }
        for (const ns of new Set(all.workloads.map((w) => w.namespace))) {
          const inNs = (e: EndpointRef) => e.type === 'workload' && e.namespace === ns;
          expect(model.matrix({ namespace: ns }).paths.map(text)).toEqual(all.paths.filter((p) => inNs(p.from) || inNs(p.to)).map(text));
        }
      }),
      fcParams(300),
    );
  }, 120_000);
});
