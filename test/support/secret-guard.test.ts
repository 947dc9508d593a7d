/** The secret guard (test/support/secret-guard.ts, a setup file) sees what the doors write, wherever they write it. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { useNock } from '../github/nock-github.js';
import { captured, leakedSecrets, secret, secretKey } from './secrets.js';

useNock();

describe('the secret guard', () => {
  const token = secret('ghs_guard_probe_token');

  it('finds a secret in a captured text and names the source, masked', () => {
    captured('a door log', `posting with ${token}`);
    expect(leakedSecrets()).toEqual(['a door log: ghs_… (21 characters)']);
    expect(leakedSecrets()).toEqual([]);
  });

  it('sees the body of every request nock answers', async () => {
    nock('https://api.github.com').post('/x').reply(201, {});
    await fetch('https://api.github.com/x', { method: 'POST', body: JSON.stringify({ body: `token ${token}` }) });
    expect(leakedSecrets()).toEqual(['an API request body (nock): ghs_… (21 characters)']);
  });

  it('sees what the test process prints, on stdout and through the console', () => {
    process.stdout.write(`${token}\n`);
    console.info('x', { token });
    expect(leakedSecrets()).toEqual(["the test process's stdout: ghs_… (21 characters)", 'console.info: ghs_… (21 characters)']);
  });

  it('watches every line of a private key, and ignores the runner\'s own ::add-mask:: command', () => {
    const line = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun';
    secretKey(`-----BEGIN RSA PRIVATE KEY-----\n${line}\n-----END RSA PRIVATE KEY-----\n`);
    captured('a log', `key ${line.slice(0, 40)} cut`);
    captured('the runner', `::add-mask::${token}\n`);
    expect(leakedSecrets()).toEqual([]);
    captured('a log', `\n${line}\n`);
    expect(leakedSecrets()).toEqual(['a log: MIIE… (64 characters)']);
  });
});
