import type { AppendResult, EventToAppend, ExpectedRevision } from '../port.js';

export interface PendingAppend {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly EventToAppend[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export interface AppendBatcherOptions {
  /** Round trips under way at once; appends arriving meanwhile wait and go together in the next one. */
  readonly maxInFlight: number;
  /** Events per round trip at most (a single larger append still goes alone). */
  readonly maxEventsPerBatch: number;
}

/**
 * Group commit: concurrent appends share one transaction, so one WAL flush and one round trip serve
 * many writers. A lone writer is never delayed: its append leaves at once while a slot is free.
 */
export class AppendBatcher {
  private readonly queue: PendingAppend[] = [];
  private inFlight = 0;

  constructor(
    private readonly send: (batch: readonly PendingAppend[]) => Promise<void>,
    private readonly options: AppendBatcherOptions,
  ) {}

  submit(streamId: string, expectedRevision: ExpectedRevision, events: readonly EventToAppend[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, expectedRevision, events, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      this.send(batch)
        .catch((error: unknown) => {
          for (const pending of batch) pending.reject(error);
        })
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
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
