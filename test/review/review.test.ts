/** review(): causes, links, DNS probing, renames, policy changes, and the counts the comment shows. */
import { describe, expect, test } from 'vitest';
import { renderComment } from '../../src/report/markdown.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/settings/settings.js';
import { BASE_SHA, HEAD_SHA, LINKED, movedRule } from '../report/scenarios.js';
import { deployment, file, namespace, networkPolicy, objectLine, peers, pod, policies, reviewScenario, ruleLine, shopApp, webToDb } from './manifests.js';
import { one, portText, ports, termsText, wref } from './refs.js';

const dnsEgress = (ns: string) =>
  networkPolicy(ns, 'allow-dns', {
    podSelector: {},
    policyTypes: ['Egress'],
    egress: [{ to: [{ ...peers.namespace('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
  });
/** A label selector of `In` requirements, each [key, ...values], in the order written. */
const selector = (...requirements: [string, ...string[]][]) => ({ requirements: requirements.map(([key, ...values]) => ({ key, operator: 'In' as const, values })) });
const coredns = file('kube-system/coredns.yaml', namespace('kube-system'), deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }]));

describe('links to the rules behind a cause', () => {
  const { base, head } = movedRule();
  const headFile = head.find((f) => f.path === 'data/cache.yaml')!;
  const baseFile = base.find((f) => f.path === 'data/policies.yaml')!;

  test('opened: the head rule at the head commit; closed: the base rule at the base commit', () => {
    const { result, markdown } = reviewScenario({ base, head, context: LINKED });
    const openedRule = result.opened[0]!.cause.items[0]!;
    const closedRule = result.closed[0]!.cause.items[0]!;
    expect(openedRule).toMatchObject({ kind: 'rule', side: 'head', changed: true, rule: { policy: 'data/db-cache-from-web', file: 'data/cache.yaml', line: ruleLine(headFile, 'db-cache-from-web', 'ingress', 0) } });
    expect(closedRule).toMatchObject({ kind: 'rule', side: 'base', changed: true, rule: { policy: 'data/db-from-web', file: 'data/policies.yaml', line: ruleLine(baseFile, 'db-from-web', 'ingress', 0) } });
    const headLine = ruleLine(headFile, 'db-cache-from-web', 'ingress', 0);
    const baseLine = ruleLine(baseFile, 'db-from-web', 'ingress', 0);
    expect(markdown).toContain(`([data/cache.yaml:${headLine}](https://github.com/o/r/blob/${HEAD_SHA}/data/cache.yaml#L${headLine}))`);
    expect(markdown).toContain(`([data/policies.yaml:${baseLine}](https://github.com/o/r/blob/${BASE_SHA}/data/policies.yaml#L${baseLine}))`);
  });

  test('without a repository: plain file:line', () => {
    const { markdown } = reviewScenario({ base, head });
    expect(markdown).not.toContain('https://');
    expect(markdown).toContain(`(data/cache.yaml:${ruleLine(headFile, 'db-cache-from-web', 'ingress', 0)})`);
  });

  test('a path in a subdirectory with spaces is percent-encoded in the link only', () => {
    const moved = head.map((f) => (f.path === 'data/cache.yaml' ? { ...f, path: 'deploy/my data/cache #1.yaml' } : f));
    const { markdown } = reviewScenario({ base, head: moved, context: LINKED });
    expect(markdown).toContain(`/blob/${HEAD_SHA}/deploy/my%20data/cache%20%231.yaml#L`);
    expect(markdown).toContain('[deploy/my data/cache #\u200b1.yaml:');
  });
});

describe('causes', () => {
  test('a namespace label change names the namespace, before → after', () => {
    const byEnv = networkPolicy('data', 'db-from-prod', { podSelector: { matchLabels: { tier: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }] }] });
    const relabel = (env: string) => shopApp({ dataPolicies: [byEnv] }).map((f) => (f.path === 'shop/workloads.yaml' ? file(f.path, namespace('shop', { env }), deployment('shop', 'web', { tier: 'web' }), deployment('shop', 'api', { tier: 'api' })) : f));
    const { result, markdown } = reviewScenario({ base: relabel('dev'), head: relabel('prod') });
    expect(result.opened.length).toBeGreaterThan(0);
    for (const row of result.opened) expect(row.cause.items).toContainEqual(expect.objectContaining({ kind: 'labels', object: 'Namespace/shop', before: expect.objectContaining({ env: 'dev' }), after: expect.objectContaining({ env: 'prod' }) }));
    expect(markdown).toContain('labels of <code>Namespace/shop</code> changed: <code>env=dev</code> → <code>env=prod</code>');
  });

  test('a label added (absent before) reads "(none)" before', () => {
    const head = shopApp().map((f) => (f.path === 'shop/workloads.yaml' ? file(f.path, namespace('shop'), deployment('shop', 'web', { tier: 'web', extra: 'x' }), deployment('shop', 'api', { tier: 'api' })) : f));
    const withSelector = (files: typeof head) => files.concat(file('data/extra.yaml', policies.allowIngress('data', 'db-from-extra', { tier: 'db' }, [{ ...peers.namespace('shop'), podSelector: { matchLabels: { extra: 'x' } } }])));
    const { markdown } = reviewScenario({ base: withSelector(shopApp()), head: withSelector(head) });
    expect(markdown).toContain('labels of <code>shop/Deployment/web</code> changed: (none) → <code>extra=x</code>');
  });

  test('an aggregated row names its whole group in the cause, not one member', () => {
    // A default-deny egress closes the egress of both shop workloads; the row says "all 2 workloads in
    // shop", so the cause speaks of "the source", not of one of them.
    const { markdown } = reviewScenario({ base: shopApp(), head: shopApp({ shopPolicies: [policies.denyEgress('shop')] }) });
    const row = markdown.split('\n').find((l) => l.startsWith('| ⚪ | all 2 workloads in <code>shop</code>'));
    expect(row).toBe(
      '| ⚪ | all 2 workloads in <code>shop</code> | the internet (<code>0.0.0.0/0</code>) | all ports | the source is now isolated for egress by <code>shop/default-deny-egress</code>, and no rule allows this |',
    );
  });

  test('isolation: both sides of a closed path, each in its own words', () => {
    // web → api closes on both sides at once: web isolated for egress, api for ingress (no rule admits web).
    const isolateBoth = networkPolicy('shop', 'isolate-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const base = [file('shop.yaml', namespace('shop'), deployment('shop', 'web', { tier: 'web' }), deployment('shop', 'api', { tier: 'api' }))];
    const { result, markdown } = reviewScenario({ base, head: [...base, file('policy.yaml', isolateBoth)] });
    expect(result.closed.flatMap((r) => r.cause.items.map((i) => i.kind))).not.toContain('rule');
    expect(markdown).toContain(
      'the source is now isolated for egress by <code>shop/isolate-all</code>, and no rule allows this; the destination is now isolated for ingress by <code>shop/isolate-all</code>, and no rule allows this',
    );
  });

  test('isolation lifted: the policies that used to select the workload', () => {
    const { result } = reviewScenario({ base: shopApp(), head: shopApp().filter((f) => f.path !== 'data/policies.yaml') });
    const items = result.opened.flatMap((r) => r.cause.items);
    expect(items).toContainEqual({ kind: 'isolation-lifted', direction: 'ingress', endpoint: wref('data/Deployment/db'), was: [expect.objectContaining({ policy: 'data/default-deny' }), expect.objectContaining({ policy: 'data/db-from-api' })] });
  });
});

describe('groups named by the selector that selects exactly them', () => {
  test('a rule\'s peers name the sources, its policy\'s podSelector the destinations', () => {
    const objects = [
      namespace('a'),
      deployment('a', 'c1', { role: 'client' }),
      deployment('a', 'c2', { role: 'client' }),
      deployment('a', 'other'),
      namespace('b'),
      deployment('b', 's1', { role: 'server' }),
      deployment('b', 's2', { role: 'server' }),
      deployment('b', 'x'),
      policies.denyIngress('b'),
    ];
    const open = policies.allowIngress('b', 'servers-from-clients', { role: 'server' }, [{ ...peers.namespace('a'), podSelector: { matchLabels: { role: 'client' } } }], [8080]);
    const { result, markdown } = reviewScenario({ base: [file('all.yaml', ...objects)], head: [file('all.yaml', ...objects, open)] });
    // The selections as the policy writes them: the rule's peer (a namespaceSelector and a podSelector), the policy's podSelector in its namespace.
    expect(result.opened.map((r) => [r.from, r.to, r.pairs])).toEqual([
      [
        { parts: [{ kind: 'selection', terms: [{ namespaces: selector(['kubernetes.io/metadata.name', 'a']), pods: selector(['role', 'client']) }], count: 2 }], count: 2 },
        { parts: [{ kind: 'selection', terms: [{ pods: selector(['role', 'server']), namespace: 'b' }], count: 2 }], count: 2 },
        4,
      ],
    ]);
    expect(result.opened.map((r) => [r.from, r.to].map((g) => g.parts.map((p) => (p.kind === 'selection' ? termsText(p.terms) : p))))).toEqual([
      [[[{ namespaces: 'kubernetes.io/metadata.name=a', pods: 'role=client' }]], [[{ pods: 'role=server', namespace: 'b' }]]],
    ]);
    // A namespaceSelector on exactly the namespace's name label reads as that namespace.
    expect(markdown).toContain(
      '| 🟠 | 2 workloads matching <code>role=client</code> in <code>a</code> | 2 workloads matching <code>role=server</code> in <code>b</code> | TCP/8080 |',
    );
    expect(markdown).not.toContain('namespaces matching');
  });

  const clientsIn = (namespaceSelector: Record<string, unknown>) => {
    const objects = [
      namespace('a', { env: 'prod' }),
      deployment('a', 'c1', { role: 'client' }),
      deployment('a', 'c2', { role: 'client' }),
      deployment('a', 'other'),
      namespace('b'),
      deployment('b', 's', { role: 'server' }),
      policies.denyIngress('b'),
    ];
    const open = policies.allowIngress('b', 's-from-clients', { app: 's' }, [{ namespaceSelector, podSelector: { matchLabels: { role: 'client' } } }], [8080]);
    return reviewScenario({ base: [file('all.yaml', ...objects)], head: [file('all.yaml', ...objects, open)] });
  };

  test.each([
    ['matchExpressions In with one value', { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a'] }] }, { namespaces: selector(['kubernetes.io/metadata.name', 'a']), pods: selector(['role', 'client']) }, 'in <code>a</code>'],
    ['the name label and another', { matchLabels: { 'kubernetes.io/metadata.name': 'a', env: 'prod' } }, { namespaces: selector(['kubernetes.io/metadata.name', 'a'], ['env', 'prod']), pods: selector(['role', 'client']) }, 'in namespaces matching <code>kubernetes.io/metadata.name=a,env=prod</code>'],
    ['In with two names', { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'c'] }] }, { namespaces: selector(['kubernetes.io/metadata.name', 'a', 'c']), pods: selector(['role', 'client']) }, 'in namespaces matching <code>kubernetes.io/metadata.name in &#40;a,c&#41;</code>'],
    ['another label only', { matchLabels: { env: 'prod' } }, { namespaces: selector(['env', 'prod']), pods: selector(['role', 'client']) }, 'in namespaces matching <code>env=prod</code>'],
  ])('a namespaceSelector of %s', (_, namespaceSelector, term, words) => {
    const { result, markdown } = clientsIn(namespaceSelector);
    expect(result.opened.map((r) => r.from.parts)).toEqual([[{ kind: 'selection', terms: [term], count: 2 }]]);
    expect(markdown).toContain(`| 🟠 | 2 workloads matching <code>role=client</code> ${words} | <code>b/Deployment/s</code> | TCP/8080 |`);
  });
});

describe('uncertain exposures', () => {
  test('an exposure resting only on an uncertain path that is no row still explains its mark (¹ footnote)', () => {
    // x, y and z reach z/target through the namespaceSelector (certain); only the assumed cluster DNS
    // in kube-system reaches it through the partial ipBlock (uncertain), and that path is never a row.
    const objects = [namespace('x'), namespace('y'), namespace('z'), deployment('x', 'a'), deployment('y', 'b'), deployment('z', 'target', { tier: 'target' }), policies.denyIngress('z')];
    const xyz = { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['x', 'y', 'z'] }] } };
    const open = policies.allowIngress('z', 'open', { tier: 'target' }, [xyz, peers.cidr('10.20.0.0/16')], [8080]);
    const head = file('all.yaml', ...objects, open);
    const { result, markdown } = reviewScenario({ base: [file('all.yaml', ...objects)], head: [head] });
    expect(result.exposures).toEqual([
      {
        kind: 'reachable-from-every-namespace',
        risk: 'high',
        workloads: one('z/Deployment/target'),
        refs: [wref('z/Deployment/target')],
        ports: [],
        externals: [],
        uncertain: true,
        location: { file: 'all.yaml', line: objectLine(head, 'target'), side: 'head' },
      },
    ]);
    expect([...result.opened, ...result.added].filter((r) => r.uncertain)).toEqual([]);
    expect(markdown).toContain('- 🔴 <code>z/Deployment/target</code>: newly reachable from every namespace (uncertain¹)');
    expect(markdown.split('\n').filter((l) => l.startsWith('¹ '))).toHaveLength(1);
  });
});

describe('internet exposures name each range with its own ports', () => {
  // One workload opened to two internet ranges on different ports. The exposure line lists the ranges
  // and then the ports: the ports said after a range must be that range's, not the union of all.
  const exposureLines = (markdown: string) => markdown.split('\n').filter((l) => l.startsWith('- 🔴 '));
  test.each([
    [
      'egress',
      networkPolicy('shop', 'web-to-internet', { podSelector: { matchLabels: { tier: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [peers.cidr('0.0.0.0/0', ['10.0.0.0/8'])], ports: [{ protocol: 'TCP', port: 443 }] }, { to: [peers.cidr('::/0')] }] }),
      [policies.denyEgress('shop')],
      '- 🔴 <code>shop/Deployment/web</code>: newly able to reach the internet',
      'all ports',
    ],
    [
      'ingress',
      networkPolicy('shop', 'web-from-internet', { podSelector: { matchLabels: { tier: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [peers.cidr('0.0.0.0/0', ['10.0.0.0/8'])], ports: [{ protocol: 'TCP', port: 443 }] }, { from: [peers.cidr('::/0')], ports: [{ protocol: 'TCP', port: 8080 }] }] }),
      [],
      '- 🔴 <code>shop/Deployment/web</code>: newly reachable from the internet',
      'TCP/8080',
    ],
  ])('%s: 0.0.0.0/0 except 10.0.0.0/8 on TCP/443 only, ::/0 on more', (_, open, extra, start, v6Ports) => {
    const { markdown } = reviewScenario({ base: shopApp({ shopPolicies: extra }), head: shopApp({ shopPolicies: [...extra, open] }) });
    const lines = exposureLines(markdown).filter((l) => l.startsWith(start));
    const v4 = lines.filter((l) => l.includes('<code>0.0.0.0/0 except 10.0.0.0/8</code>'));
    const v6 = lines.filter((l) => l.includes('<code>::/0</code>'));
    expect(v4.length, 'a line names the IPv4 range').toBeGreaterThan(0);
    expect(v6.length, 'a line names the IPv6 range').toBeGreaterThan(0);
    for (const l of v4) expect(l, 'the IPv4 range is open on TCP/443 only').toMatch(/, on TCP\/443$/);
    for (const l of v6) expect(l).toMatch(new RegExp(`, on ${v6Ports}$`));
  });
});

describe('DNS probing', () => {
  test('a tree with its own DNS: the real one is probed, nothing is assumed', () => {
    const { result, markdown } = reviewScenario({ base: [...shopApp(), coredns], head: [...shopApp({ shopPolicies: [policies.denyEgress('shop')] }), coredns] });
    expect(result.exposures.filter((e) => e.kind === 'dns-cut').map((e) => e.refs.map((r) => r.id))).toEqual([['shop/Deployment/api', 'shop/Deployment/web']]);
    expect(result.closed.some((r) => r.to.parts.some((p) => p.kind === 'workload' && p.ref.id === 'kube-system/Deployment/coredns'))).toBe(true);
    expect(markdown).not.toContain('assumed');
  });

  test('DNS allowed explicitly next to a default-deny egress is not a cut (assumed kube-dns)', () => {
    const { result } = reviewScenario({ base: shopApp(), head: shopApp({ shopPolicies: [policies.denyEgress('shop'), dnsEgress('shop')] }) });
    expect(result.exposures.filter((e) => e.kind === 'dns-cut')).toEqual([]);
    expect(result.closed.length).toBeGreaterThan(0);
  });

  test('the configured DNS is the one assumed', () => {
    const { settings: config } = parseSettings('dns:\n  namespace: infra\n  podSelector: {matchLabels: {app: resolver}}\n', 'c.yml');
    const toResolver = networkPolicy('shop', 'allow-resolver', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ...peers.namespace('infra'), podSelector: { matchLabels: { app: 'resolver' } } }], ports: [{ protocol: 'UDP', port: 53 }] }] });
    // Only UDP/53 allowed: TCP/53 to the resolver is cut.
    const { result, markdown } = reviewScenario({ base: shopApp(), head: shopApp({ shopPolicies: [policies.denyEgress('shop'), toResolver] }), config });
    expect(result.exposures.filter((e) => e.kind === 'dns-cut').map((e) => [e.refs.map((r) => r.id), portText(e.ports)])).toEqual([[['shop/Deployment/api', 'shop/Deployment/web'], ['TCP/53']]]);
    expect(markdown).not.toContain('assumed-cluster-dns');
    expect(markdown).not.toContain('infra/Pod');
  });
});

describe('renames', () => {
  const pods = (apiName: string, extra: ReturnType<typeof pod>[] = []) => file('shop/pods.yaml', pod('shop', 'web', { tier: 'web' }), pod('shop', apiName, { tier: 'api' }), ...extra);
  const pols = (ports: number[]) => file('shop/policies.yaml', policies.denyIngress('shop'), policies.allowIngress('shop', 'api-from-web', { tier: 'api' }, [peers.pods({ tier: 'web' })], ports));

  test('a renamed workload whose access also changed: opened paths under its new name, not "new"', () => {
    const { result } = reviewScenario({ base: [pods('api'), pols([8080])], head: [pods('api-v2'), pols([8080, 9090])] });
    expect(result.renamed).toEqual([{ from: 'shop/Pod/api', to: 'shop/Pod/api-v2' }]);
    expect(result.opened).toHaveLength(1);
    expect(result.opened[0]).toMatchObject({ from: { parts: [{ ref: { id: 'shop/Pod/web' } }] }, to: { parts: [{ ref: { id: 'shop/Pod/api-v2' } }] }, ports: ports('TCP/9090') });
    expect(result.addedWorkloads).toEqual([]);
    expect(result.added).toEqual([]);
  });

  test('an ambiguous rename (two identical new workloads) is reported as added and removed', () => {
    const { result, markdown } = reviewScenario({ base: [pods('api'), pols([8080])], head: [pods('api-a', [pod('shop', 'api-b', { tier: 'api' })]), pols([8080])] });
    expect(result.renamed).toEqual([]);
    expect(result.addedWorkloads).toEqual(['shop/Pod/api-a', 'shop/Pod/api-b']);
    expect(result.removedWorkloads).toEqual(['shop/Pod/api']);
    expect(markdown).toContain('Removed workloads (1)');
    expect(markdown).toContain('New workloads (2) and their paths');
  });

  test('different labels: not a rename', () => {
    const { result } = reviewScenario({ base: [pods('api'), pols([8080])], head: [file('shop/pods.yaml', pod('shop', 'web', { tier: 'web' }), pod('shop', 'api-v2', { tier: 'api', v: '2' })), pols([8080])] });
    expect(result.renamed).toEqual([]);
  });
});

describe('policy changes and counts', () => {
  test('added, removed and modified policies with a normalised patch', () => {
    const modified = policies.allowIngress('data', 'db-from-api', { tier: 'db' }, [{ ...peers.namespace('shop'), podSelector: { matchLabels: { tier: 'api' } } }], [5432, 5433]);
    const head = shopApp({ shopPolicies: [policies.denyEgress('shop')] }).map((f) => (f.path === 'data/policies.yaml' ? file(f.path, policies.denyIngress('data'), modified) : f));
    const { result, markdown } = reviewScenario({ base: shopApp({ dataPolicies: [webToDb] }), head });
    expect(result.policyChanges.map((p) => [p.policy, p.change])).toEqual([
      ['data/db-from-api', 'modified'],
      ['data/db-from-web', 'removed'],
      ['shop/default-deny-egress', 'added'],
    ]);
    const patch = result.policyChanges[0]!.patch;
    expect(patch).toMatch(/^--- base\/data\/policies\.yaml\n\+\+\+ head\/data\/policies\.yaml\n@@/);
    expect(patch).toContain('+      - port: 5433');
    expect(markdown).toContain('<details><summary><code>data/db-from-api</code> modified (data/policies.yaml:11), normalised spec</summary>');
  });

  test('a patch is made when first read, then the same text, and is a property like the others', () => {
    const head = shopApp({ shopPolicies: [policies.denyEgress('shop')] });
    const { result } = reviewScenario({ base: shopApp({ dataPolicies: [webToDb] }), head });
    const [removed, added] = result.policyChanges;
    expect(Object.keys(added!)).toEqual(['policy', 'change', 'file', 'line', 'patch']);
    expect(added!.patch).toMatch(/^--- \/dev\/null\n\+\+\+ head\/shop\/policies\.yaml\n@@ -0,0 \+1,\d+ @@\n\+podSelector: \{\}\n/);
    expect(added!.patch).toBe(added!.patch);
    expect(JSON.parse(JSON.stringify(removed))).toEqual({ policy: 'data/db-from-web', change: 'removed', file: 'data/policies.yaml', line: 34, patch: removed!.patch });
    expect(removed!.patch.split('\n').slice(0, 2)).toEqual(['--- base/data/policies.yaml', '+++ /dev/null']);
  });

  test('without room for patches, each changed policy is one line linking to its file (removed: at the base commit)', () => {
    const head = shopApp({ shopPolicies: [policies.denyEgress('shop')] });
    const { result } = reviewScenario({ base: shopApp({ dataPolicies: [webToDb] }), head, context: LINKED });
    const full = renderComment(result, DEFAULT_SETTINGS.comment);
    expect(full).toContain('```diff');
    const compact = renderComment(result, { ...DEFAULT_SETTINGS.comment, maxCharacters: full.length - 1 });
    expect(compact).not.toContain('```diff');
    const section = compact.slice(compact.indexOf('#### Changed policies'), compact.indexOf('\n\n', compact.indexOf('#### Changed policies')));
    expect(section.split('\n')).toEqual([
      '#### Changed policies (2)',
      `- <code>data/db-from-web</code> removed ([data/policies.yaml:34](https://github.com/o/r/blob/${BASE_SHA}/data/policies.yaml#L34))`,
      `- <code>shop/default-deny-egress</code> added ([shop/policies.yaml:31](https://github.com/o/r/blob/${HEAD_SHA}/shop/policies.yaml#L31))`,
    ]);
  });

  test('only formatting changed in a policy: no policy change, no path change', () => {
    const reformatted = shopApp().map((f) => ({ ...f, text: `# reformatted\n${f.text.replace(/\n/g, '\n\n')}` }));
    const { result } = reviewScenario({ base: shopApp(), head: reformatted });
    expect(result.policyChanges).toEqual([]);
    expect(result.counts).toEqual({ opened: 0, closed: 0, addedWorkloads: 0, addedPaths: 0, removedWorkloads: 0, exposures: 0 });
  });

  test('counts equal the pairs behind the rows and the engine diff', () => {
    const { result } = reviewScenario({ base: shopApp(), head: shopApp().filter((f) => f.path !== 'data/policies.yaml').concat(file('tools.yaml', deployment('tools', 'debug'))) });
    const pairs = (rows: { pairs: number }[]) => rows.reduce((n, r) => n + r.pairs, 0);
    expect(result.counts.opened).toBe(pairs(result.opened));
    expect(result.counts.closed).toBe(pairs(result.closed));
    expect(result.counts.opened).toBe(result.comparison.opened.length);
    expect(pairs(result.added)).toBe(result.comparison.addedPaths.length);
    expect(result.counts.addedPaths).toBe(result.comparison.addedPaths.length);
    expect(result.counts.addedPaths).toBeGreaterThan(0);
    expect(result.counts.exposures).toBe(result.exposures.length);
    expect(result.namespaceSizes).toEqual({ shop: 2, data: 1, tools: 1 });
  });
});
