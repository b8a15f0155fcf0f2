import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { isPostgresUnavailable } from '../../postgres/errors.js';
import type { SqlDatabase } from '../../postgres/sql-database.js';
import { prepareAppend, type PreparedAppend } from '../append-validation.js';
import { readLimit } from '../read-limit.js';
import { EventStoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError } from '../errors.js';
import { PollingSubscription, type Page } from '../polling-subscription.js';
import type {
  AppendResult,
  EventFilter,
  EventStore,
  EventSubscription,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../port.js';
import { RoundTripBatcher, type Pending } from './round-trip-batcher.js';
import { EVENT_COLUMNS, toRecordedEvent } from './recorded-event-row.js';

/** Positions below this are written by transactions that have all ended (see migration 0001). */
const HORIZON = '(((SELECT b.base FROM es_position_base b) + pg_snapshot_xmin(pg_current_snapshot())::text::bigint) << 20)';
const FILTER = `($2::text[] IS NULL OR e.type = ANY($2::text[]))
  AND ($3::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($3::text[]) AS p(prefix) WHERE starts_with(e.stream_id, p.prefix)))`;
/** Rows per query; larger reads are made of several pages. */
const PAGE = 10_000;
/** Above every position (positions are bigint). */
const MAX_POSITION = 2n ** 63n - 1n;
/** Streams read in one round trip at most. */
const STREAMS_PER_READ = 100;

const AppendedRowsSchema = z.array(
  z.object({ append_index: z.number().int(), next_revision: z.string().nullable(), last_position: z.string().nullable(), actual_revision: z.string().nullable() }),
);
const HeadRowSchema = z.tuple([z.object({ head: z.string() })]);
const ShiftRowSchema = z.tuple([z.object({ shift: z.string() })]);
/** At least one row (whether the stream exists), then the page's events (or one row of nulls). */
const StreamPageSchema = z.tuple([z.looseObject({ stream_exists: z.boolean() })], z.unknown());
/** Per stream asked for: at least one row (whether it exists), then its events (or one row of nulls). */
const StreamsRowSchema = z.looseObject({ requested: z.string(), stream_exists: z.boolean() });

/** A whole stream as one batched read found it; `complete` is false when it is longer than one page. */
interface StreamContents {
  readonly exists: boolean;
  readonly events: RecordedEvent[];
  readonly complete: boolean;
}

type PendingAppend = Pending<PreparedAppend, AppendResult>;
type PendingStreamRead = Pending<string, StreamContents>;
/** At least one row (the horizon), then the page's events (or one row of nulls). */
const PageRowsSchema = z.tuple([z.looseObject({ horizon: z.string() })], z.unknown());

export interface PostgresEventStoreOptions {
  /** How often a live subscription looks for events appended by other processes. */
  readonly pollIntervalMs?: number;
  /** Append round trips under way at once (see `RoundTripBatcher`). */
  readonly maxAppendsInFlight?: number;
  /** Whole-stream read round trips under way at once; reads arriving meanwhile share the next one. */
  readonly maxStreamReadsInFlight?: number;
  readonly subscriptionBatchSize?: number;
}

function filterParams(filter: EventFilter | undefined): [string[] | null, string[] | null] {
  return [filter?.eventTypes ? [...filter.eventTypes] : null, filter?.streamPrefixes ? [...filter.streamPrefixes] : null];
}

/** Reads up to `maxCount` rows, `PAGE` at a time, each page starting at the bound the last one left. */
async function readPaged<Bound>(
  maxCount: number,
  first: Bound,
  fetchPage: (bound: Bound, limit: number) => Promise<RecordedEvent[]>,
  after: (last: RecordedEvent) => Bound,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let bound = first;
  for (;;) {
    const limit = Math.min(PAGE, maxCount - events.length);
    const page = await fetchPage(bound, limit);
    events.push(...page);
    const last = page.at(-1);
    if (last === undefined || page.length < limit || events.length >= maxCount) return events;
    bound = after(last);
  }
}

/**
 * The event store port on PostgreSQL, through `pg` or PGlite: EventStoreDB semantics, with concurrent
 * appends grouped into one round trip. Open it with `PostgresEventStore.open`.
 */
export class PostgresEventStore implements EventStore {
  readonly description: string;
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<EventSubscription>();
  private readonly appends: RoundTripBatcher<PreparedAppend, AppendResult>;
  private readonly streamReads: RoundTripBatcher<string, StreamContents>;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.description = `postgres event store on ${db.description}`;
    this.appended.setMaxListeners(0);
    const isTransient = (error: unknown): boolean => error instanceof EventStoreUnavailableError;
    this.appends = new RoundTripBatcher((batch) => this.appendBatch(batch), {
      maxInFlight: options.maxAppendsInFlight ?? 1,
      maxWeightPerBatch: 1_000,
      weight: (append) => append.events.length,
      isTransient,
    });
    // Loading an aggregate reads its whole stream; under load many such reads share one query.
    this.streamReads = new RoundTripBatcher((batch) => this.readStreamsBatch(batch), {
      maxInFlight: options.maxStreamReadsInFlight ?? 4,
      maxWeightPerBatch: STREAMS_PER_READ,
      weight: () => 1,
      isTransient,
    });
  }

  /**
   * A store on a database migrated with the event store's migrations. Positions are first moved past
   * any events restored from another cluster (`positionShift` says by how much; usually 0).
   */
  static async open(db: SqlDatabase, options: PostgresEventStoreOptions = {}): Promise<{ store: PostgresEventStore; positionShift: bigint }> {
    const store = new PostgresEventStore(db, options);
    try {
      const { rows } = await db.query('SELECT es_align_positions()::text AS shift');
      return { store, positionShift: BigInt(ShiftRowSchema.parse(rows)[0].shift) };
    } catch (error) {
      throw store.translate(error);
    }
  }

  async append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    return await this.appends.submit(prepareAppend(streamId, events, options.expectedRevision ?? 'any'));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.direction === undefined && options.fromRevision === undefined && options.maxCount === undefined) {
      const whole = await this.streamReads.submit(streamId);
      if (!whole.exists) throw new StreamNotFoundError(streamId);
      if (whole.complete) return whole.events;
    }
    return this.readStreamPaged(streamId, options);
  }

  private async readStreamPaged(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    // `end` forwards reads nothing (but still tells whether the stream exists); `end` backwards is unbounded.
    const maxCount = from === 'end' && !backwards ? 0 : readLimit(options.maxCount);
    const stream: { exists: boolean } = { exists: false };
    try {
      const events = await readPaged(
        Math.max(maxCount, 1),
        from === 'start' ? 0n : from === 'end' ? null : from,
        async (bound, limit) => {
          // Whether the stream exists comes back with the page (even an empty one): one round trip, also for a new stream.
          const { rows } = await this.db.query(
            `SELECT s.stream_exists, page.* FROM (SELECT EXISTS (SELECT 1 FROM es_streams WHERE stream_id = $1 AND revision >= 0) AS stream_exists) s
               LEFT JOIN LATERAL (
                 SELECT ${EVENT_COLUMNS} FROM es_events e
                  WHERE e.stream_id = $1 AND ($2::bigint IS NULL OR e.revision ${backwards ? '<=' : '>='} $2::bigint)
                  ORDER BY e.revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3
               ) page ON true`,
            [streamId, bound?.toString() ?? null, maxCount === 0 ? 0 : limit],
          );
          stream.exists = StreamPageSchema.parse(rows)[0].stream_exists;
          return rows.filter((row) => row.position !== null).map(toRecordedEvent);
        },
        (last) => (backwards ? last.revision - 1n : last.revision + 1n),
      );
      if (!stream.exists) throw new StreamNotFoundError(streamId);
      return events;
    } catch (error) {
      throw this.translate(error);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const maxCount = readLimit(options.maxCount);
    if ((from === 'end' && !backwards) || (from === 'start' && backwards)) return [];
    const [types, prefixes] = filterParams(options.filter);
    try {
      return await readPaged(
        maxCount,
        typeof from === 'bigint' ? from : null,
        async (bound, limit) => {
          const { rows } = await this.db.query(
            `SELECT ${EVENT_COLUMNS} FROM es_events e
              WHERE e.position < ${HORIZON} AND e.position ${backwards ? '<=' : '>='} $1::bigint AND ${FILTER}
              ORDER BY e.position ${backwards ? 'DESC' : 'ASC'} LIMIT $4`,
            // No "$1 IS NULL OR ..." here: a prepared statement's generic plan could not use the index with it.
            [(bound ?? (backwards ? MAX_POSITION : -1n)).toString(), types, prefixes, limit],
          );
          return rows.map(toRecordedEvent);
        },
        (last) => (backwards ? last.position - 1n : last.position + 1n),
      );
    } catch (error) {
      throw this.translate(error);
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    const [types, prefixes] = filterParams(options.filter);
    const subscription = new PollingSubscription(
      {
        head: async () => {
          try {
            const { rows } = await this.db.query(`SELECT coalesce(max(e.position), -1)::text AS head FROM es_events e WHERE e.position < ${HORIZON}`);
            return BigInt(HeadRowSchema.parse(rows)[0].head);
          } catch (error) {
            throw this.translate(error);
          }
        },
        pageAfter: (after, limit) => this.pageAfter(after, limit, types, prefixes),
        onWake: (listener) => {
          this.appended.on('appended', listener);
          return () => {
            this.appended.off('appended', listener);
            this.subscriptions.delete(subscription);
          };
        },
        isTransient: (error) => error instanceof EventStoreUnavailableError,
      },
      options.fromPosition ?? 'start',
      { batchSize: options.readAhead ?? this.options.subscriptionBatchSize ?? 500, pollIntervalMs: this.options.pollIntervalMs ?? 100, maxRetryDelayMs: 5_000 },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    try {
      await this.db.query('SELECT 1 FROM es_streams LIMIT 1');
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** Ends the subscriptions and settles every accepted append; the database stays open (its owner closes it). */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    await this.appends.close();
    await this.streamReads.close();
  }

  /** Whole streams, up to a page each, in one query; a longer stream is read again page by page. */
  private async readStreamsBatch(batch: readonly PendingStreamRead[]): Promise<void> {
    const streamIds = [...new Set(batch.map((pending) => pending.request))];
    let rows;
    try {
      ({ rows } = await this.db.query(
        // Existence by a LIMITed lateral lookup: as EXISTS, a generic plan hashes the whole of es_streams.
        `SELECT q.requested, coalesce(st.revision >= 0, false) AS stream_exists, page.*
           FROM unnest($1::text[]) AS q(requested)
           LEFT JOIN LATERAL (SELECT s.revision FROM es_streams s WHERE s.stream_id = q.requested LIMIT 1) st ON true
           LEFT JOIN LATERAL (
             SELECT ${EVENT_COLUMNS} FROM es_events e WHERE e.stream_id = q.requested ORDER BY e.revision LIMIT $2
           ) page ON true`,
        [streamIds, PAGE],
      ));
    } catch (error) {
      throw this.translate(error);
    }
    const found = new Map<string, { exists: boolean; events: RecordedEvent[] }>();
    for (const row of rows) {
      const { requested, stream_exists: exists } = StreamsRowSchema.parse(row);
      let contents = found.get(requested);
      if (contents === undefined) found.set(requested, (contents = { exists, events: [] }));
      if (row.position !== null) contents.events.push(toRecordedEvent(row));
    }
    for (const pending of batch) {
      const contents = found.get(pending.request);
      if (contents === undefined) {
        pending.reject(new Error(`the batched read returned nothing for ${pending.request}`));
        continue;
      }
      // Rows of one stream arrive in revision order only by the plan's grace: sort to be sure.
      const events = [...contents.events].sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
      pending.resolve({ exists: contents.exists, events, complete: events.length < PAGE });
    }
  }

  private async appendBatch(batch: readonly PendingAppend[]): Promise<void> {
    // One lock order for every batch (by stream id; stable, so one stream's appends keep their order).
    const sorted = batch
      .map((pending) => ({ ...pending.request, resolve: (result: AppendResult) => pending.resolve(result), reject: (error: unknown) => pending.reject(error) }))
      .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    const events = sorted.flatMap((pending) => pending.events);
    let rows;
    try {
      ({ rows } = await this.db.query(
        `SELECT append_index, next_revision::text, last_position::text, actual_revision::text
           FROM es_append($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::text[]::jsonb[], $7::text[]::jsonb[])`,
        [
          sorted.map((pending) => pending.streamId),
          sorted.map((pending) => pending.expectedRevision.toString()),
          sorted.map((pending) => pending.events.length),
          events.map((event) => event.eventId),
          events.map((event) => event.type),
          events.map((event) => event.data),
          events.map((event) => event.metadata),
        ],
      ));
    } catch (error) {
      throw this.translate(error);
    }
    this.appended.emit('appended');
    const unsettled = new Set(sorted);
    for (const row of AppendedRowsSchema.parse(rows)) {
      const pending = sorted[row.append_index - 1];
      if (pending === undefined || !unsettled.delete(pending)) continue;
      if (row.next_revision !== null && row.last_position !== null) {
        pending.resolve({ nextRevision: BigInt(row.next_revision), position: BigInt(row.last_position) });
      } else {
        const actual = BigInt(row.actual_revision ?? '-1');
        pending.reject(new WrongExpectedRevisionError(pending.streamId, pending.expectedRevision, actual < 0n ? 'no_stream' : actual));
      }
    }
    for (const pending of unsettled) pending.reject(new Error(`es_append returned no outcome for the append to ${pending.streamId}`));
  }

  private async pageAfter(after: bigint, limit: number, types: string[] | null, prefixes: string[] | null): Promise<Page> {
    try {
      // The horizon comes back with the page (even an empty one) so a filtered subscription can move past
      // long runs of events that do not match instead of scanning them again.
      const { rows } = await this.db.query(
        `SELECT h.horizon::text AS horizon, page.* FROM (SELECT ${HORIZON} AS horizon) h
           LEFT JOIN LATERAL (
             SELECT ${EVENT_COLUMNS} FROM es_events e
              WHERE e.position > $1::bigint AND e.position < h.horizon AND ${FILTER}
              ORDER BY e.position LIMIT $4
           ) page ON true`,
        [after.toString(), types, prefixes, limit],
      );
      const [first] = PageRowsSchema.parse(rows);
      const events = rows.filter((row) => row.position !== null).map(toRecordedEvent);
      const horizon = BigInt(first.horizon);
      const last = events.at(-1);
      return { events, scannedUpTo: events.length < limit ? horizon - 1n : (last?.position ?? after) };
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    if (isPostgresUnavailable(error)) {
      return new EventStoreUnavailableError(
        `event store unavailable (retry with the same event ids): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return error;
  }
}
