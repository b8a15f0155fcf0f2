import { z } from 'zod';
import { EventMetadataSchema } from '../metadata.js';
import type { RecordedEvent } from '../port.js';

/** The columns every event query selects. Int8 columns are cast to text: `pg` and PGlite agree on text. */
export const EVENT_COLUMNS =
  'e.position::text AS position, e.stream_id, e.revision::text AS revision, e.event_id::text AS event_id, e.type, e.data, e.metadata, e.recorded_at';

/**
 * The data column is a JSON object (jsonb, checked on append); checked as one here, not key by key:
 * `z.record` copied every event's data, half the cost of reading `$all`. Each consumer checks the data
 * against its event's schema when it decodes it.
 */
const JsonObjectSchema = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'must be a JSON object');

const RecordedEventRowSchema = z.object({
  position: z.string(),
  stream_id: z.string(),
  revision: z.string(),
  event_id: z.string(),
  type: z.string(),
  data: JsonObjectSchema,
  metadata: EventMetadataSchema,
  recorded_at: z.date(),
});

export function toRecordedEvent(row: unknown): RecordedEvent {
  const parsed = RecordedEventRowSchema.parse(row);
  return {
    eventId: parsed.event_id,
    type: parsed.type,
    streamId: parsed.stream_id,
    revision: BigInt(parsed.revision),
    position: BigInt(parsed.position),
    recordedAt: parsed.recorded_at,
    data: parsed.data,
    metadata: parsed.metadata,
  };
}
