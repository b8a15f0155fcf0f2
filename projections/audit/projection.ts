import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { Projection } from '../projection.js';
import { auditIndexSchema, auditIndexTables } from './schema.js';

/** Indexes a batch in one statement; events indexed already (same position) are left as they are. */
async function indexEvents(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => ({
    position: event.position.toString(),
    streamId: event.streamId,
    type: event.type,
    correlationId: event.metadata.correlationId,
    recordedAt: event.recordedAt.toISOString(),
  }));
  await tx.query(
    `INSERT INTO audit_event_index (position, stream_id, type, correlation_id, recorded_at)
       SELECT position, "streamId", type, "correlationId", "recordedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r(position bigint, "streamId" text, type text, "correlationId" text, "recordedAt" timestamptz)
     ON CONFLICT (position) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/** Every event by correlation id, type and time (GET /api/v1/audit/events). */
export const auditIndexProjection: Projection = {
  name: 'audit',
  schema: auditIndexSchema,
  tables: auditIndexTables,
  apply: indexEvents,
};
