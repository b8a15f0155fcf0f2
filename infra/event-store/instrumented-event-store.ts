import { Counter, Histogram, type Registry } from 'prom-client';
import { WrongExpectedRevisionError } from './errors.js';
import { ForwardingEventStore } from './forwarding-event-store.js';
import type { AppendResult, EventStore, EventToAppend, ExpectedRevision } from './port.js';

/**
 * The event store with its appends measured: latency by outcome (`ok`, `conflict`: the stream moved
 * on and the command decides again, `error`), and the conflicts counted. Everything else passes through.
 */
export class InstrumentedEventStore extends ForwardingEventStore {
  private readonly appendSeconds: Histogram<'outcome'>;
  private readonly conflicts: Counter;

  constructor(inner: EventStore, registry: Registry) {
    super(inner);
    this.appendSeconds = new Histogram({
      name: 'shopverse_event_store_append_duration_seconds',
      help: 'Latency of appends to the event store, by outcome (ok, conflict, error)',
      labelNames: ['outcome'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
    this.conflicts = new Counter({
      name: 'shopverse_event_store_append_conflicts_total',
      help: 'Appends refused because the stream was not at the expected revision (each is retried on fresh state, or answered 409/412)',
      registers: [registry],
    });
  }

  override async append(streamId: string, events: readonly EventToAppend[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    const stop = this.appendSeconds.startTimer();
    try {
      const result = await this.inner.append(streamId, events, options);
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      const conflict = error instanceof WrongExpectedRevisionError;
      stop({ outcome: conflict ? 'conflict' : 'error' });
      if (conflict) this.conflicts.inc();
      throw error;
    }
  }
}
