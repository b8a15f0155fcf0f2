import { z } from 'zod';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { decodeCursor, encodeCursor } from '../http/pagination.js';
import { auditEventOf, type AuditEvent } from './audit-event.js';

export interface EventSearch {
  readonly correlationId?: string | undefined;
  readonly type?: string | undefined;
  /** Recorded at or after. */
  readonly from?: Date | undefined;
  /** Recorded before. */
  readonly to?: Date | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

const CursorSchema = z.tuple([z.string().regex(/^\d+$/)]);
const PositionRowSchema = z.object({ position: z.string() });

/** The positions that match, oldest first, from the audit index; only the conditions asked for are in the SQL (each has its index). */
async function matchingPositions(db: SqlExecutor, search: EventSearch): Promise<bigint[]> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const where = (sql: (parameter: string) => string, value: unknown): void => {
    values.push(value);
    conditions.push(sql(`$${String(values.length)}`));
  };
  if (search.correlationId !== undefined) where((p) => `correlation_id = ${p}`, search.correlationId);
  if (search.type !== undefined) where((p) => `type = ${p}`, search.type);
  if (search.from !== undefined) where((p) => `recorded_at >= ${p}`, search.from.toISOString());
  if (search.to !== undefined) where((p) => `recorded_at < ${p}`, search.to.toISOString());
  if (search.cursor !== undefined) where((p) => `position > ${p}::bigint`, decodeCursor(search.cursor, CursorSchema)[0]);
  values.push(search.limit + 1);
  const result = await db.query(
    `SELECT position::text AS position FROM audit_event_index ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`} ORDER BY position LIMIT $${String(values.length)}`,
    values,
  );
  return result.rows.map((row) => BigInt(PositionRowSchema.parse(row).position));
}

/** The one event at a position, read from the store (the index only says where it is). */
async function eventAt(store: EventStore, position: bigint): Promise<RecordedEvent> {
  const [event] = await store.readAll({ fromPosition: position, maxCount: 1 });
  if (event?.position !== position) throw new Error(`the audit index names position ${position.toString()}, which the event store does not hold`);
  return event;
}

/** Events across all streams by correlation id, type and time recorded, oldest first, a page at a time. */
export async function searchEvents(db: SqlExecutor, store: EventStore, search: EventSearch): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  const positions = await matchingPositions(db, search);
  const answered = positions.slice(0, search.limit);
  const events = await Promise.all(answered.map((position) => eventAt(store, position)));
  const last = answered.at(-1);
  return { items: events.map(auditEventOf), nextCursor: positions.length > search.limit && last !== undefined ? encodeCursor([last.toString()]) : null };
}
