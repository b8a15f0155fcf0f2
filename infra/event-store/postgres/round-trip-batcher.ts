/** One request waiting for the round trip that carries it. */
export interface Pending<Request, Result> {
  readonly request: Request;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

export interface RoundTripBatcherOptions<Request> {
  /** Round trips under way at once; requests arriving meanwhile wait and go together in the next one. */
  readonly maxInFlight: number;
  /** Weight per round trip at most (a single heavier request still goes alone). */
  readonly maxWeightPerBatch: number;
  readonly weight: (request: Request) => number;
  /** Failures that say nothing about the requests themselves (the store is unreachable). */
  readonly isTransient: (error: unknown) => boolean;
}

/**
 * Concurrent requests share one round trip (for appends: one transaction, so one WAL flush serves
 * many writers). A lone request is never delayed: it leaves at once while a slot is free.
 * `send` settles every request of its batch, or rejects when the batch failed as a whole.
 */
export class RoundTripBatcher<Request, Result> {
  private readonly queue: Pending<Request, Result>[] = [];
  private inFlight = 0;
  private closed = false;
  private idle: (() => void) | undefined;

  constructor(
    private readonly send: (batch: readonly Pending<Request, Result>[]) => Promise<void>,
    private readonly options: RoundTripBatcherOptions<Request>,
  ) {}

  submit(request: Request): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  /** Refuses new requests and resolves once every accepted one has been settled. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.inFlight === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => (this.idle = resolve));
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.sendBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) this.idle?.();
      });
    }
  }

  private async sendBatch(batch: readonly Pending<Request, Result>[]): Promise<void> {
    try {
      await this.send(batch);
    } catch (error) {
      if (batch.length === 1 || this.options.isTransient(error)) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      // Nothing of the batch took effect (its transaction rolled back): let each request find its
      // own fate rather than fail them all for what may be one bad request.
      for (const pending of batch) {
        await this.send([pending]).catch((alone: unknown) => pending.reject(alone));
      }
    }
  }

  private takeBatch(): Pending<Request, Result>[] {
    let weight = 0;
    let take = 0;
    for (const pending of this.queue) {
      const next = this.options.weight(pending.request);
      if (take > 0 && weight + next > this.options.maxWeightPerBatch) break;
      weight += next;
      take++;
    }
    return this.queue.splice(0, take);
  }
}
