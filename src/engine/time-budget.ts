/** Thrown by the analysis when it runs past its time budget; a door turns it into an incomplete review. */
export class BudgetExceeded extends Error {
  constructor(readonly seconds: number) {
    super(`the review exceeded its time budget of ${seconds} s`);
    this.name = 'BudgetExceeded';
  }
}

/** A deadline the analysis checks in its long loops (per file loaded, per row and column compared). */
export class TimeBudget {
  private readonly deadline: number;

  /** `now` in milliseconds (default the wall clock; tests inject one). */
  constructor(
    readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + seconds * 1000;
  }

  /** Throws BudgetExceeded once the deadline has passed. */
  check(): void {
    if (this.now() > this.deadline) throw new BudgetExceeded(this.seconds);
  }
}
