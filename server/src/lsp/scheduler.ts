// Latest-version-wins scheduling: a burst of changes to one document queues no work (one
// run is pending at most); the run starts once a turn of the event loop passes without a
// newer version arriving (vscode-jsonrpc dispatches one message per turn, so a burst already
// received is read first, with no fixed delay); and a run that was overtaken never publishes.

export class LatestWins {
  private readonly pending = new Set<string>();
  private readonly latest = new Map<string, number>();
  private sequence = 0;

  /**
   * `versionOf` tells the document's current version (undefined once closed); `work` gets
   * an `isCurrent` check to call before publishing.
   */
  constructor(
    private readonly versionOf: (uri: string) => number | undefined,
    private readonly work: (uri: string, isCurrent: () => boolean) => Promise<void>,
  ) {}

  request(uri: string): void {
    if (this.pending.has(uri)) return;
    this.pending.add(uri);
    void this.settle(uri).then(() => {
      this.pending.delete(uri);
      if (this.versionOf(uri) === undefined) return;
      const ticket = ++this.sequence;
      this.latest.set(uri, ticket);
      return this.work(uri, () => this.latest.get(uri) === ticket && !this.pending.has(uri));
    });
  }

  forget(uri: string): void {
    this.latest.delete(uri);
  }

  private async settle(uri: string): Promise<void> {
    let seen = this.versionOf(uri);
    // Bounded: a client that never stops typing still gets diagnostics now and then.
    for (let turn = 0; turn < 200; turn++) {
      // Two turns: the change that scheduled this run queued the dispatch of the next message
      // just after our first turn.
      await yieldToEventLoop();
      await yieldToEventLoop();
      const now = this.versionOf(uri);
      if (now === seen) return;
      seen = now;
    }
  }
}

/** Resolves after the messages already received have been dispatched. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
