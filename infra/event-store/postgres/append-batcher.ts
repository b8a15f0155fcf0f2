import type { PreparedAppend } from '../append-validation.js';
import type { AppendResult } from '../port.js';

export interface PendingAppend extends PreparedAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export interface AppendBatcherOptions {
  /** Round trips under way at once; appends arriving meanwhile wait and go together in the next one. */
  readonly maxInFlight: number;
  /** Events per round trip at most (a single larger append still goes alone). */
  readonly maxEventsPerBatch: number;
  /** Failures that say nothing about the appends themselves (the store is unreachable). */
  readonly isTransient: (error: unknown) => boolean;
}

/**
 * Group commit: concurrent appends share one transaction, so one WAL flush and one round trip serve
 * many writers. A lone writer is never delayed: its append leaves at once while a slot is free.
 * `send` settles every append of its batch, or rejects when the batch's transaction failed as a whole.
 */
export class AppendBatcher {
  private readonly queue: PendingAppend[] = [];
  private inFlight = 0;
  private closed = false;
  private idle: (() => void) | undefined;

  constructor(
    private readonly send: (batch: readonly PendingAppend[]) => Promise<void>,
    private readonly options: AppendBatcherOptions,
  ) {}

  submit(append: PreparedAppend): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ ...append, resolve, reject });
      this.pump();
    });
  }

  /** Refuses new appends and resolves once every accepted one has been settled. */
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

  private async sendBatch(batch: readonly PendingAppend[]): Promise<void> {
    try {
      await this.send(batch);
    } catch (error) {
      if (batch.length === 1 || this.options.isTransient(error)) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      // The transaction rolled back, so nothing was written: let each append find its own fate
      // rather than fail them all for what may be one bad append.
      for (const pending of batch) {
        await this.send([pending]).catch((alone: unknown) => pending.reject(alone));
      }
    }
  }

  private takeBatch(): PendingAppend[] {
    let events = 0;
    let take = 0;
    for (const pending of this.queue) {
      if (take > 0 && events + pending.events.length > this.options.maxEventsPerBatch) break;
      events += pending.events.length;
      take++;
    }
    return this.queue.splice(0, take);
  }
}
