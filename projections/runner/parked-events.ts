import { z } from 'zod';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import type { SqlDatabase, SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { Projection } from '../projection.js';

const ParkedRowSchema = z.object({
  id: z.string(),
  projection: z.string(),
  position: z.string(),
  event_id: z.string(),
  stream_id: z.string(),
  type: z.string(),
  error: z.string(),
  attempts: z.number().int(),
  parked_at: z.string(),
});

/** An event a projection could not apply after its retries: set aside for an operator, never dropped. */
export interface ParkedEvent {
  readonly id: string;
  readonly projection: string;
  readonly position: bigint;
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
}

export async function parkEvent(tx: SqlExecutor, projection: string, event: RecordedEvent, error: unknown, attempts: number): Promise<void> {
  await tx.query(
    `INSERT INTO projection_parked_events (projection, position, event_id, stream_id, type, error, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error, attempts = projection_parked_events.attempts + EXCLUDED.attempts, parked_at = now()`,
    [projection, event.position.toString(), event.eventId, event.streamId, event.type, error instanceof Error ? `${error.name}: ${error.message}` : String(error), attempts],
  );
}

export async function listParkedEvents(db: SqlExecutor, projection?: string): Promise<ParkedEvent[]> {
  const { rows } = await db.query(
    `SELECT id::text AS id, projection, position::text AS position, event_id::text AS event_id, stream_id, type, error, attempts,
            to_char(parked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS parked_at
       FROM projection_parked_events WHERE $1::text IS NULL OR projection = $1 ORDER BY projection, position`,
    [projection ?? null],
  );
  return rows.map((row) => {
    const parsed = ParkedRowSchema.parse(row);
    return {
      id: parsed.id,
      projection: parsed.projection,
      position: BigInt(parsed.position),
      eventId: parsed.event_id,
      streamId: parsed.stream_id,
      type: parsed.type,
      error: parsed.error,
      attempts: parsed.attempts,
      parkedAt: parsed.parked_at,
    };
  });
}

/**
 * Applies a parked event again (after the cause was fixed) and, when that works, removes it from the
 * parked list; a failure leaves it parked with the new error. Handlers are idempotent, and the read
 * model's rows carry their own positions, so applying it late changes only what it should have.
 */
export async function retryParkedEvent(db: SqlDatabase, store: EventStore, projections: readonly Projection[], parked: ParkedEvent): Promise<{ ok: true } | { ok: false; error: string }> {
  const projection = projections.find((candidate) => candidate.name === parked.projection);
  if (projection === undefined) return { ok: false, error: `no projection named ${parked.projection}` };
  const [event] = await store.readAll({ fromPosition: parked.position, maxCount: 1 });
  if (event?.eventId !== parked.eventId) return { ok: false, error: `the event ${parked.eventId} is no longer at position ${parked.position.toString()}` };
  try {
    await db.transaction(async (tx) => {
      await projection.apply(tx, [event]);
      await tx.query('DELETE FROM projection_parked_events WHERE id = $1', [parked.id]);
    });
    return { ok: true };
  } catch (error) {
    await db.transaction((tx) => parkEvent(tx, projection.name, event, error, 1));
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
