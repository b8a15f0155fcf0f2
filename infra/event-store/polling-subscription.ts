import type { EventSubscription, RecordedEvent } from './port.js';
import { Sleeper, retryWhileTransient } from './sleeper.js';

export interface Page {
  readonly events: readonly RecordedEvent[];
  /** Every matching event at or below this position has been returned, so reading may go on after it. */
  readonly scannedUpTo: bigint;
}

export interface PollingSource {
  /** Position to start after when the subscription asked for `end`. */
  head(): Promise<bigint>;
  /** Matching events strictly after `after`, in position order. */
  pageAfter(after: bigint, limit: number): Promise<Page>;
  /** Calls `listener` when new events may be readable; returns the unsubscribe function. */
  onWake(listener: () => void): () => void;
  isTransient(error: unknown): boolean;
}

export interface PollingOptions {
  readonly batchSize: number;
  /** Longest wait before looking again when nothing in this process signalled new events. */
  readonly pollIntervalMs: number;
  readonly maxRetryDelayMs: number;
}

/**
 * A catch-up subscription that reads pages until it is level with the store, then waits for a
 * wake-up (an append in this process) or the poll interval. Transient failures are retried with
 * backoff from the last delivered position, so the consumer sees neither a gap nor a duplicate.
 */
export class PollingSubscription implements EventSubscription {
  private closed = false;
  private started = false;
  private readonly sleeper = new Sleeper();
  private readonly unsubscribe: () => void;
  /** Resolved when subscribing, not on the first read, so that `end` means the end at subscription time. */
  private readonly start: Promise<bigint | undefined>;

  constructor(
    private readonly source: PollingSource,
    from: bigint | 'start' | 'end',
    private readonly options: PollingOptions,
  ) {
    this.unsubscribe = source.onWake(() => {
      this.wake();
    });
    this.start = from === 'end' ? this.retrying(() => source.head()) : Promise.resolve(from === 'start' ? -1n : from);
    // A failure is reported to the consumer when it reads; never as an unhandled rejection before that.
    this.start.catch(() => undefined);
  }

  close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.wake();
    return Promise.resolve();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.started) throw new Error('a subscription can be iterated only once');
    this.started = true;
    try {
      const start = await this.start;
      if (start === undefined) return;
      let cursor = start;
      while (!this.closed) {
        const after = cursor;
        const page = await this.retrying(() => this.source.pageAfter(after, this.options.batchSize));
        if (page === undefined) return;
        for (const event of page.events) {
          if (this.isClosed()) return;
          yield event;
          cursor = event.position;
        }
        if (page.scannedUpTo > cursor) cursor = page.scannedUpTo;
        if (page.events.length < this.options.batchSize) await this.sleep(this.options.pollIntervalMs);
      }
    } finally {
      this.closed = true;
      this.unsubscribe();
    }
  }

  /** Read through a method: `close()` may have run while the consumer held an event. */
  private isClosed(): boolean {
    return this.closed;
  }

  /** Runs `work` until it succeeds or the subscription is closed (then `undefined`). */
  private retrying<T>(work: () => Promise<T>): Promise<T | undefined> {
    return retryWhileTransient(work, {
      sleeper: this.sleeper,
      isTransient: (error) => this.source.isTransient(error),
      isStopped: () => this.closed,
      maxDelayMs: this.options.maxRetryDelayMs,
    });
  }

  private wake(): void {
    this.sleeper.wake();
  }

  private sleep(ms: number): Promise<void> {
    return this.closed ? Promise.resolve() : this.sleeper.sleep(ms);
  }
}
