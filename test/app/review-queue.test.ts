/** The App's review queue: one lane per pull request that coalesces bursts, and a global concurrency limit. */
import { describe, expect, it } from 'vitest';
import { ReviewQueue } from '../../src/app/review-queue.js';

/** A promise opened from outside: holds a run until the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ReviewQueue', () => {
  it('never runs more than `concurrency` reviews at once, across pull requests, and runs every one', async () => {
    const queue = new ReviewQueue({ concurrency: 2, settleMs: 0 });
    let active = 0;
    let peak = 0;
    const ran: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const keys = ['pr-1', 'pr-2', 'pr-3', 'pr-4', 'pr-5'];
    const done = keys.map((key) => {
      const g = gate();
      gates.set(key, g);
      return queue.request(key, async () => {
        active++;
        peak = Math.max(peak, active);
        ran.push(key);
        await g.opened;
        active--;
      });
    });
    for (let i = 0; i < 5; i++) await tick();
    expect(ran).toEqual(['pr-1', 'pr-2']);
    gates.get('pr-1')!.open();
    for (let i = 0; i < 5; i++) await tick();
    expect(ran).toEqual(['pr-1', 'pr-2', 'pr-3']);
    for (const key of keys) gates.get(key)!.open();
    await Promise.all(done);
    await queue.idle();
    expect(peak).toBe(2);
    expect(ran).toEqual(keys);
  });

  it('a burst for one pull request while its review runs becomes one more run, of the newest request', async () => {
    const queue = new ReviewQueue({ concurrency: 4, settleMs: 0 });
    const ran: string[] = [];
    const first = gate();
    const p1 = queue.request('pr-7', async () => {
      ran.push('head-1');
      await first.opened;
    });
    for (let i = 0; i < 3; i++) await tick();
    const later = ['head-2', 'head-3', 'head-4'].map((head) => queue.request('pr-7', async () => void ran.push(head)));
    first.open();
    await Promise.all([p1, ...later]);
    await queue.idle();
    expect(ran).toEqual(['head-1', 'head-4']);
  });

  it('a failing review rejects its waiters and frees its slot for the others', async () => {
    const queue = new ReviewQueue({ concurrency: 1, settleMs: 0 });
    const failing = queue.request('pr-1', async () => {
      throw new Error('GitHub said 502');
    });
    const next = queue.request('pr-2', async () => undefined);
    await expect(failing).rejects.toThrow('GitHub said 502');
    await expect(next).resolves.toBeUndefined();
    await queue.idle();
  });
});
