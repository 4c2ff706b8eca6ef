// Latest-version-wins scheduling: a burst of changes to one document queues no work (one
// run is pending at most), the run starts only after yielding to the event loop so later
// didChange messages are read first, and a run that was overtaken never publishes.

export class LatestWins {
  private readonly pending = new Set<string>();
  private readonly latest = new Map<string, number>();
  private sequence = 0;

  /** `work` gets an `isCurrent` check to call before publishing. */
  constructor(private readonly work: (uri: string, isCurrent: () => boolean) => Promise<void>) {}

  request(uri: string): void {
    if (this.pending.has(uri)) return;
    this.pending.add(uri);
    setImmediate(() => {
      this.pending.delete(uri);
      const ticket = ++this.sequence;
      this.latest.set(uri, ticket);
      void this.work(uri, () => this.latest.get(uri) === ticket && !this.pending.has(uri));
    });
  }

  forget(uri: string): void {
    this.latest.delete(uri);
    this.pending.delete(uri);
  }
}

/** Resolves after the messages already received have been dispatched. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
