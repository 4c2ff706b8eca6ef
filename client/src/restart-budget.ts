// How often a crashed server may be restarted: at most `maxRestarts` within a sliding window,
// so a server that dies on every start does not spin forever. Pure, for tests.

export class RestartBudget {
  private readonly restartTimes: number[] = [];

  constructor(
    private readonly maxRestarts: number,
    private readonly windowMs: number,
  ) {}

  /** Records a restart at `now` and returns true, or returns false when the budget is spent. */
  tryRestart(now: number): boolean {
    while (this.restartTimes.length > 0 && now - this.restartTimes[0] >= this.windowMs) this.restartTimes.shift();
    if (this.restartTimes.length >= this.maxRestarts) return false;
    this.restartTimes.push(now);
    return true;
  }

  /** For the message shown when giving up. */
  describe(): string {
    return `${this.maxRestarts + 1} times in ${Math.round(this.windowMs / 60_000)} minutes`;
  }
}
