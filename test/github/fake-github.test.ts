import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../support/fake-github.js';

describe('the loopback fake GitHub', () => {
  const fake = new FakeGitHub({ owner: 'acme', repo: 'shop' });
  const auth = { authorization: 'token t' };
  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 45; i++) files[`f${i}.yaml`] = `n: ${i}\n`;
    fake.pulls.set(1, { number: 1, base: fake.commit({}), head: fake.commit(files), state: 'open' });
    await fake.start();
  });
  afterAll(() => fake.stop());

  it("answers unknown routes with GitHub's 404 body and requests without a token with 401", async () => {
    const missing = await fetch(`${fake.url}/repos/acme/shop/nothing`, { headers: auth });
    expect([missing.status, await missing.json()]).toEqual([404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }]);
    const anonymous = await fetch(`${fake.url}/repos/acme/shop/pulls/1`);
    expect([anonymous.status, await anonymous.json()]).toEqual([401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest', status: '401' }]);
  });

  it('paginates with Link headers and logs every call', async () => {
    fake.calls.length = 0;
    const first = await fetch(`${fake.url}/repos/acme/shop/pulls/1/files?per_page=20`, { headers: auth });
    expect(((await first.json()) as unknown[]).length).toBe(20);
    expect(first.headers.get('link')).toBe(`<${fake.url}/repos/acme/shop/pulls/1/files?per_page=20&page=2>; rel="next", <${fake.url}/repos/acme/shop/pulls/1/files?per_page=20&page=3>; rel="last"`);
    const last = await fetch(`${fake.url}/repos/acme/shop/pulls/1/files?per_page=20&page=3`, { headers: auth });
    expect(((await last.json()) as unknown[]).length).toBe(5);
    expect(last.headers.get('link')).toBe(`<${fake.url}/repos/acme/shop/pulls/1/files?per_page=20&page=1>; rel="first", <${fake.url}/repos/acme/shop/pulls/1/files?per_page=20&page=2>; rel="prev"`);
    expect(fake.callLines()).toEqual(['GET /repos/acme/shop/pulls/1/files?per_page=20 → 200', 'GET /repos/acme/shop/pulls/1/files?per_page=20&page=3 → 200']);
  });

  it('truncates long recursive tree listings when asked to', async () => {
    const small = new FakeGitHub({ owner: 'acme', repo: 'shop', maxTreeEntries: 10 });
    const sha = small.commit(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`d/${i}.yaml`, `${i}\n`])));
    await small.start();
    const answer = (await (await fetch(`${small.url}/repos/acme/shop/git/trees/${sha}?recursive=1`, { headers: auth })).json()) as { tree: unknown[]; truncated: boolean };
    await small.stop();
    expect([answer.tree.length, answer.truncated]).toEqual([10, true]);
  });
});
