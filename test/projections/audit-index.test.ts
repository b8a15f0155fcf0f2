import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditIndexProjection } from '../../projections/audit/projection.js';
import { recorded, useProjection } from '../support/projections.js';

describe('audit index projection', () => {
  const projection = useProjection(auditIndexProjection);
  const allRows = () => projection.rows('SELECT to_jsonb(t) AS row FROM audit_event_index t ORDER BY position');

  it('indexes every event, whatever its type, by stream, type, correlation id and time recorded; applied twice, unchanged', async () => {
    const orderId = randomUUID();
    const events = [
      recorded(`order-${orderId}`, 'OrderPlaced', { orderId }),
      recorded(`inventory-${randomUUID()}`, 'StockReserved', { orderId }),
      recorded(`other-${randomUUID()}`, 'SomethingNoContextKnows', {}),
    ];
    await projection.apply(events);
    const rows = await allRows();
    expect(rows).toEqual(
      events.map((event) => ({ row: {
        position: Number(event.position),
        stream_id: event.streamId,
        type: event.type,
        correlation_id: event.metadata.correlationId,
        recorded_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown,
      } })),
    );
    await projection.apply(events);
    expect(await allRows()).toEqual(rows);
  });
});
