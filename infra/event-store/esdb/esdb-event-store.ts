import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, jsonEvent } from '@eventstore/db-client';
import { redactUrl } from '../../logging/redact-url.js';
import { prepareAppend } from '../append-validation.js';
import { readLimit } from '../read-limit.js';
import { isSystemEvent, matchesFilter } from '../event-filter.js';
import type {
  AppendResult,
  EventStore,
  EventSubscription,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../port.js';
import { translateEsdbError } from './errors.js';
import { EsdbSubscription } from './esdb-subscription.js';
import { consumeUntil, readToEnd } from './consume.js';
import { fromEsdbPosition, toEsdbPosition, toRecordedEvent } from './recorded-event.js';

/**
 * The event store port on EventStoreDB through `@eventstore/db-client` (`esdb://` URLs): the
 * server keeps the semantics (expected revisions, idempotent appends); this maps them onto the port.
 */
export class EsdbEventStore implements EventStore {
  readonly description: string;
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EsdbSubscription>();

  constructor(url: string) {
    this.client = EventStoreDBClient.connectionString(url);
    this.description = `eventstoredb ${redactUrl(url)}`;
  }

  async append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    const expectedRevision = options.expectedRevision ?? 'any';
    prepareAppend(streamId, events, expectedRevision);
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) => jsonEvent({ id: event.eventId, type: event.type, data: { ...event.data }, metadata: { ...event.metadata } })),
        { expectedRevision },
      );
      return { nextRevision: result.nextExpectedRevision, position: fromEsdbPosition(result.position) };
    } catch (error) {
      throw translateEsdbError(error, { streamId, expectedRevision });
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        maxCount: readLimit(options.maxCount),
      });
      for await (const resolved of read) {
        const recorded = toRecordedEvent(resolved);
        if (recorded !== undefined) events.push(recorded);
      }
    } catch (error) {
      throw translateEsdbError(error, { streamId });
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const maxCount = readLimit(options.maxCount);
    if ((from === 'end' && !backwards) || (from === 'start' && backwards)) return [];
    const events: RecordedEvent[] = [];
    const keep = (recorded: RecordedEvent | undefined): boolean => {
      if (recorded !== undefined && matchesFilter(recorded, options.filter)) events.push(recorded);
      return events.length >= maxCount;
    };
    try {
      // Backward reads of $all start before the position given; ours include it, so look it up first.
      if (backwards && typeof from === 'bigint' && keep(await this.eventAt(from))) return events;
      const read = this.client.readAll({
        direction: backwards ? BACKWARDS : FORWARDS,
        fromPosition: typeof from === 'bigint' ? toEsdbPosition(from) : from === 'start' ? START : END,
      });
      await consumeUntil(read, (resolved) => {
        const event = resolved.event;
        if (event === undefined || isSystemEvent(event)) return false;
        return keep(toRecordedEvent(resolved));
      });
    } catch (error) {
      throw translateEsdbError(error);
    }
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    const subscription: EsdbSubscription = new EsdbSubscription(this.client, options.fromPosition ?? 'start', options.filter, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    try {
      await readToEnd(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
    } catch (error) {
      throw translateEsdbError(error);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /** The non-system event at exactly this position, if any. */
  private async eventAt(position: bigint): Promise<RecordedEvent | undefined> {
    const [resolved] = await readToEnd(this.client.readAll({ direction: FORWARDS, fromPosition: toEsdbPosition(position), maxCount: 1 }));
    const event = resolved?.event;
    if (resolved === undefined || event === undefined || isSystemEvent(event) || fromEsdbPosition(event.position) !== position) return undefined;
    return toRecordedEvent(resolved);
  }
}
