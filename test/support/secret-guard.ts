/**
 * Setup file (vitest.config.ts): after every test, no secret the tests gave a door (test/support/secrets.ts)
 * may appear in anything captured: the door's logs, the bodies of API requests (nock's and the
 * loopback fake's), a child process's output or job summary, and whatever the test process printed.
 */
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { afterEach, expect } from 'vitest';
import { captured, leakedSecrets } from './secrets.js';

const require = createRequire(import.meta.url);

// Every request nock answers is emitted on its scope with the body as sent.
const { Scope } = require('nock/lib/scope') as { Scope: { prototype: { emit(event: string, ...args: unknown[]): boolean } } };
const emit = Scope.prototype.emit;
Scope.prototype.emit = function (this: unknown, event: string, ...args: unknown[]) {
  if (event === 'request' && typeof args[2] === 'string') captured('an API request body (nock)', args[2]);
  return emit.call(this, event, ...args);
};

// What the test process itself prints (@actions/core writes to stdout; loggers to either stream or the console).
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured(`the test process's ${stream === process.stdout ? 'stdout' : 'stderr'}`, typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString() : '');
    return write(chunk, ...rest);
  }) as typeof stream.write;
}
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    captured(`console.${level}`, args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' '));
    original(...args);
  };
}

afterEach(() => {
  expect(leakedSecrets(), 'secrets in what the test captured').toEqual([]);
});
