/** isManifestPath (the CLI's rule for directories) and selectPaths (the settings' paths, exclude and context globs). */
import { describe, expect, test } from 'vitest';
import { isManifestPath, selectPaths } from '../../src/settings/paths.js';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.js';

describe('isManifestPath', () => {
  test.each([
    ['a.yaml', true],
    ['a.yml', true],
    ['a.json', true],
    ['deploy/shop/api.YAML', true],
    ['deploy/shop/api.Yml', true],
    ['.hidden.yaml', true],
    ['deploy/.hidden.yaml', true],
    ['.github/workflows/ci.yaml', false],
    ['deploy/.git/config.yaml', false],
    ['a/.b/c/d.json', false],
    ['README.md', false],
    ['deploy/api.yaml.bak', false],
    ['deploy/yaml', false],
    ['chart/templates/x.tpl', false],
  ])('%s → %s', (path, expected) => {
    expect(isManifestPath(path)).toBe(expected);
  });
});

describe('selectPaths', () => {
  test('the defaults: every manifest outside dot-directories, no context', () => {
    const role = selectPaths(DEFAULT_SETTINGS);
    expect(['a.yaml', 'deploy/shop/api.yml', 'x/y/z.json', '.github/netpol-review.yml', 'deploy/.cache/a.yaml', 'README.md', 'a.yaml.orig'].map(role)).toEqual([
      'manifest',
      'manifest',
      'manifest',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test('paths, exclude and context', () => {
    const role = selectPaths({ paths: ['k8s/**'], exclude: ['k8s/tests/**', '**/kustomization.yaml'], context: ['cluster/**/*.yaml'] });
    expect(
      Object.fromEntries(
        ['k8s/shop/api.yaml', 'k8s/tests/fixture.yaml', 'k8s/shop/kustomization.yaml', 'apps/web.yaml', 'cluster/system/dns.yaml', 'cluster/system/dns.json', 'k8s/notes.txt'].map((p) => [p, role(p)]),
      ),
    ).toEqual({
      'k8s/shop/api.yaml': 'manifest',
      'k8s/tests/fixture.yaml': undefined,
      'k8s/shop/kustomization.yaml': undefined,
      'apps/web.yaml': undefined,
      'cluster/system/dns.yaml': 'context',
      'cluster/system/dns.json': undefined,
      // A glob that matches a file which is no manifest still does not make it one.
      'k8s/notes.txt': undefined,
    });
  });

  test('context wins over paths and exclude (a context file is never a manifest of the PR)', () => {
    const role = selectPaths({ paths: ['**/*.yaml'], exclude: ['shared/**'], context: ['shared/**'] });
    expect([role('shared/dns.yaml'), role('apps/a.yaml')]).toEqual(['context', 'manifest']);
  });

  test('no paths: nothing is a manifest; context still is', () => {
    const role = selectPaths({ paths: [], exclude: [], context: ['ctx/*.yaml'] });
    expect([role('a.yaml'), role('ctx/a.yaml')]).toEqual([undefined, 'context']);
  });

  test('dot-directories only when a glob names them', () => {
    expect(selectPaths({ paths: ['**/*.yaml'], exclude: [], context: [] })('.config/a.yaml')).toBeUndefined();
    expect(selectPaths({ paths: ['.config/*.yaml'], exclude: [], context: [] })('.config/a.yaml')).toBe('manifest');
  });

  test('brace lists, as in the default', () => {
    const role = selectPaths({ paths: ['deploy/*.{yaml,json}'], exclude: [], context: [] });
    expect(['deploy/a.yaml', 'deploy/a.json', 'deploy/a.yml', 'deploy/sub/a.yaml'].map(role)).toEqual(['manifest', 'manifest', undefined, undefined]);
  });
});
