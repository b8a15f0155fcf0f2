import { z } from 'zod';
import { visibleData } from '../../domain/event-catalogue.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';

/** An event as auditors see it: everything recorded, both its times, and no secrets (see `visibleData`). */
export const AuditEventSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  streamId: z.string(),
  revision: z.number().int().nonnegative(),
  position: z.string().describe('the event’s place in $all, a decimal string (it may pass 2^53)'),
  data: z.record(z.string(), z.unknown()),
  metadata: z.looseObject({
    correlationId: z.string(),
    causationId: z.string().nullable(),
    actorId: z.string().nullable(),
    occurredAt: z.string().describe('when it happened, as the command said'),
    recordedAt: z.string().describe('when the event store recorded it'),
    schemaVersion: z.number().int().positive(),
  }),
});

export type AuditEvent = z.infer<typeof AuditEventSchema>;

export function auditEventOf(event: RecordedEvent): AuditEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position.toString(),
    data: visibleData(event.type, event.data),
    metadata: { ...event.metadata, recordedAt: event.recordedAt.toISOString() },
  };
}
