import type { IHeaders, Message } from 'kafkajs';
import { z } from 'zod';
import { visibleData } from '../../domain/event-catalogue.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';

/**
 * The value of every bridged message. `position` is a decimal string (it may pass 2^53);
 * `revision` is a number (a stream never gets that long).
 */
export const BridgedEventSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  schemaVersion: z.number().int().positive(),
  streamId: z.string(),
  revision: z.number().int().nonnegative(),
  position: z.string().regex(/^\d+$/),
  recordedAt: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
  metadata: z.looseObject({ correlationId: z.string(), causationId: z.string().nullable() }),
});

export type BridgedEvent = z.infer<typeof BridgedEventSchema>;

export const HEADER = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  contentType: 'content-type',
  deadLetterReason: 'dead-letter-reason',
  originalTopic: 'original-topic',
} as const;

export const BridgedHeadersSchema = z.object({
  [HEADER.eventId]: z.string(),
  [HEADER.eventType]: z.string(),
  [HEADER.schemaVersion]: z.string().regex(/^\d+$/),
  [HEADER.correlationId]: z.string(),
  [HEADER.causationId]: z.string().describe('empty when nothing caused the event'),
  [HEADER.contentType]: z.literal('application/json'),
});

export function headersOf(event: RecordedEvent): IHeaders {
  const headers: z.infer<typeof BridgedHeadersSchema> = {
    [HEADER.eventId]: event.eventId,
    [HEADER.eventType]: event.type,
    [HEADER.schemaVersion]: String(event.metadata.schemaVersion),
    [HEADER.correlationId]: event.metadata.correlationId,
    // Kafka headers have no null: an empty value says "no cause".
    [HEADER.causationId]: event.metadata.causationId ?? '',
    [HEADER.contentType]: 'application/json',
  };
  return headers;
}

export function envelopeOf(event: RecordedEvent): BridgedEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.metadata.schemaVersion,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    data: visibleData(event.type, event.data),
    metadata: event.metadata,
  };
}

/** Keyed by stream id: one stream, one partition, so consumers see its events in revision order. */
export function messageOf(event: RecordedEvent): Message {
  return { key: event.streamId, value: JSON.stringify(envelopeOf(event)), headers: headersOf(event) };
}

/** The value of a dead letter: the envelope with its data left out (`data` is empty), and the size of that data. */
export const DeadLetterSchema = BridgedEventSchema.extend({
  data: z.object({}).describe('always empty: the data stays out of the dead-letter topic'),
  dataBytes: z.number().int().nonnegative().describe('the size of the data left out, in bytes of JSON'),
});

export const DeadLetterHeadersSchema = BridgedHeadersSchema.extend({
  [HEADER.deadLetterReason]: z.string().describe('why the broker refused the event'),
  [HEADER.originalTopic]: z.string().describe('the topic the event was meant for'),
});

/** What the dead-letter topic gets for an event the broker refused: everything but its data, and why. */
export function deadLetterOf(event: RecordedEvent, originalTopic: string, reason: string): Message {
  const { data, ...rest } = envelopeOf(event);
  const value: z.infer<typeof DeadLetterSchema> = { ...rest, data: {}, dataBytes: Buffer.byteLength(JSON.stringify(data)) };
  return {
    key: event.streamId,
    value: JSON.stringify(value),
    headers: { ...headersOf(event), [HEADER.deadLetterReason]: reason, [HEADER.originalTopic]: originalTopic },
  };
}
