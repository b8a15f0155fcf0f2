import { z } from 'zod';
import type { EventStore } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { NOTHING_PROCESSED } from './checkpoints.js';

/** The events of `$all` after a position: how many (counted up to `BACKLOG_CAP`) and when the oldest of them was recorded. */
export interface Backlog {
  readonly events: number;
  /** Whether more than `events` wait. */
  readonly more: boolean;
  /** Undefined when none waits. */
  readonly oldestRecordedAt: Date | undefined;
}

export type BacklogAfter = (position: bigint) => Promise<Backlog>;

/** How far a backlog is counted: enough to tell "a little" from "a lot", and cheap enough for every scrape. */
export const BACKLOG_CAP = 10_000;

/** Through the port: reads the waiting events themselves (any adapter). */
export function storeBacklog(store: EventStore): BacklogAfter {
  return async (position) => {
    // One more than counted, to tell whether more wait.
    const waiting = await store.readAll({ fromPosition: position === NOTHING_PROCESSED ? 'start' : position + 1n, maxCount: BACKLOG_CAP + 1 });
    const oldest = waiting.reduce((earliest, event) => Math.min(earliest, event.recordedAt.getTime()), Infinity);
    return { events: Math.min(waiting.length, BACKLOG_CAP), more: waiting.length > BACKLOG_CAP, oldestRecordedAt: waiting.length === 0 ? undefined : new Date(oldest) };
  };
}

const BacklogRowsSchema = z.tuple([z.object({ events: z.number().int(), oldest_ms: z.number().nullable() })]);

/**
 * On the Postgres event store's own table: a range of its primary key, without reading the events'
 * data. It counts events committed but not yet visible to `$all` readers too: they wait all the same.
 */
export function postgresStoreBacklog(eventStoreDb: SqlExecutor): BacklogAfter {
  return async (position) => {
    const { rows } = await eventStoreDb.query(
      `SELECT count(*)::int AS events, (extract(epoch FROM min(recorded_at)) * 1000)::float8 AS oldest_ms
         FROM (SELECT recorded_at FROM es_events WHERE position > $1::bigint ORDER BY position LIMIT $2) waiting`,
      [position.toString(), BACKLOG_CAP + 1],
    );
    const [{ events, oldest_ms }] = BacklogRowsSchema.parse(rows);
    return { events: Math.min(events, BACKLOG_CAP), more: events > BACKLOG_CAP, oldestRecordedAt: oldest_ms === null ? undefined : new Date(oldest_ms) };
  };
}

/** Counted in the event store's database when it is Postgres (cheap), else read through the port (EventStoreDB). */
export function eventBacklog(store: EventStore, eventStoreDb: SqlExecutor | undefined): BacklogAfter {
  return eventStoreDb === undefined ? storeBacklog(store) : postgresStoreBacklog(eventStoreDb);
}

/** Each projection's backlog after its checkpoint, read once a position (projections at the same one, as all are when caught up, share it). */
export async function backlogsAt(checkpoints: ReadonlyMap<string, bigint>, backlogAfter: BacklogAfter): Promise<Map<string, Backlog>> {
  const byPosition = new Map<bigint, Promise<Backlog>>();
  const entries = [...checkpoints].map(async ([name, position]): Promise<[string, Backlog]> => {
    const backlog = byPosition.get(position) ?? backlogAfter(position);
    byPosition.set(position, backlog);
    return [name, await backlog];
  });
  return new Map(await Promise.all(entries));
}
