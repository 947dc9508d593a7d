/**
 * Reviews waiting to run, one lane per pull request: a burst of requests for one pull request while
 * it waits or runs becomes one more run (which reads the newest head), and at most `concurrency` runs
 * go at once across all pull requests.
 */
export interface ReviewQueueOptions {
  /** Runs at once, all pull requests together. */
  concurrency: number;
  /** How long a first request waits for more of its burst before it runs (ms). */
  settleMs: number;
}

interface Lane {
  /** The newest request not yet started, and everyone waiting for it. */
  next?: { run: () => Promise<void>; waiters: { resolve(): void; reject(error: unknown): void }[] };
  scheduled: boolean;
  running: boolean;
}

export class ReviewQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly slots: (() => void)[] = [];
  private active = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: ReviewQueueOptions) {}

  /**
   * Asks for a run of `key` (a pull request); `run` replaces any earlier request still waiting.
   * Settles when a run started after this request ends.
   */
  request(key: string, run: () => Promise<void>): Promise<void> {
    const lane = this.lanes.get(key) ?? { scheduled: false, running: false };
    this.lanes.set(key, lane);
    return new Promise<void>((resolve, reject) => {
      lane.next = { run, waiters: [...(lane.next?.waiters ?? []), { resolve, reject }] };
      this.schedule(key, lane);
    });
  }

  /** Resolves when nothing waits or runs. */
  idle(): Promise<void> {
    return this.lanes.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(key: string, lane: Lane): void {
    if (lane.scheduled || lane.running) return;
    lane.scheduled = true;
    setTimeout(() => void this.start(key, lane), this.options.settleMs);
  }

  private async start(key: string, lane: Lane): Promise<void> {
    await this.slot();
    lane.scheduled = false;
    lane.running = true;
    const job = lane.next!;
    lane.next = undefined;
    try {
      await job.run();
      for (const w of job.waiters) w.resolve();
    } catch (error) {
      for (const w of job.waiters) w.reject(error);
    } finally {
      lane.running = false;
      this.release();
      if (lane.next) this.schedule(key, lane);
      else this.lanes.delete(key);
      if (this.lanes.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async slot(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.slots.push(resolve));
  }

  private release(): void {
    const next = this.slots.shift();
    if (next) next();
    else this.active--;
  }
}
