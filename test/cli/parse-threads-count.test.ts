/** How many parse threads the CLI starts as it starts, and how many cores it counts as idle. */
import { describe, expect, it } from 'vitest';
import { earlyThreadCount, idleCores } from '../../src/cli/parse-threads.js';

describe('earlyThreadCount', () => {
  it.each([
    [['diff', 'a', 'b'], 2, 1],
    [['diff', 'a', 'b', '--format', 'json'], 8, 7],
    [['matrix', 'a'], 4, 3],
    [['explain', 'a', 'x/Pod/a', 'x/Pod/b', '80'], 2, 1],
    [['diff', 'a', 'b'], 1, 0],
  ])('%j on %i cores starts %i by default', (argv, cores, count) => {
    expect(earlyThreadCount(argv, cores)).toBe(count);
  });

  it.each([
    [['diff', 'a', 'b', '--parse-threads', '3'], 3],
    [['diff', 'a', 'b', '--parse-threads=5'], 5],
    [['diff', 'a', 'b', '--parse-threads', '0'], 0],
    [['diff', 'a', 'b', '--parse-threads=0'], 0],
    [['matrix', 'a', '--parse-threads', '64'], 64],
  ])('%j starts the %i threads asked for, whatever the cores', (argv, count) => {
    expect(earlyThreadCount(argv, 2)).toBe(count);
  });

  it.each([
    [['diff', 'a', 'b', '--parse-threads', '65']],
    [['diff', 'a', 'b', '--parse-threads', '1.5']],
    [['diff', 'a', 'b', '--parse-threads', '-1']],
    [['diff', 'a', 'b', '--parse-threads']],
    [['diff', 'a', 'b', '--parse-threads=']],
  ])('%j starts none: the CLI refuses that count', (argv) => {
    expect(earlyThreadCount(argv, 4)).toBe(0);
  });

  it.each([[['--version']], [['--help']], [[]], [['--format', 'json', 'diff', 'a', 'b']], [['frobnicate', 'a']]])('%j starts none: not a command that reads trees first', (argv) => {
    expect(earlyThreadCount(argv, 4)).toBe(0);
  });
});

describe('idleCores', () => {
  const at = (idle: number, total: number, own: number) => ({ idle, total, own });

  it('does not count this process (its main thread and its starting threads) as load', () => {
    // 2 cores, 200 ms each: 300 ms busy, 300 ms of it this process's.
    expect(idleCores(at(0, 0, 0), at(100, 400, 300), 2)).toBe(1);
  });

  it('counts the rest of the busy time as other processes', () => {
    // 300 ms busy, 100 ms of it this process's main thread: the other core was busy all along.
    expect(idleCores(at(0, 0, 0), at(100, 400, 100), 2)).toBe(0);
    // 4 cores of 200 ms: 300 ms busy, 250 ms this process's: a quarter of a core taken by others.
    expect(idleCores(at(0, 0, 0), at(500, 800, 250), 4)).toBe(2.75);
  });

  it('never counts fewer than none, nor more than the cores but the main thread', () => {
    expect(idleCores(at(0, 0, 0), at(0, 400, 0), 2)).toBe(0);
    // Coarse clocks: this process measured more than the machine was busy.
    expect(idleCores(at(10, 20, 5), at(310, 420, 205), 2)).toBe(1);
  });

  it('assumes every other core idle when no time passed on the clock', () => {
    expect(idleCores(at(50, 100, 0), at(50, 100, 10), 4)).toBe(3);
  });
});
