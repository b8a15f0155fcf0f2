import { z } from 'zod';
import { InvalidAppendError } from './errors.js';
import { EventMetadataSchema } from './metadata.js';
import type { EventToAppend, ExpectedRevision } from './port.js';

/** An append checked and serialised up front, so that it cannot fail later inside a shared transaction. */
export interface PreparedAppend {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
}

export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  /** JSON text. */
  readonly data: string;
  /** JSON text. */
  readonly metadata: string;
}

const MAX_REVISION = 2n ** 63n - 1n;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const EventShapeSchema = z.object({
  eventId: z.uuid(),
  type: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  metadata: EventMetadataSchema,
});

/** Text every store can keep: no NUL character (Postgres text and jsonb refuse it), no lone surrogate. */
function storable(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

function toJson(value: unknown, what: string): string {
  try {
    return JSON.stringify(value, (key, nested: unknown) => {
      if (!storable(key) || (typeof nested === 'string' && !storable(nested))) throw new InvalidAppendError(`${what} holds a NUL character or a lone surrogate`);
      return nested;
    });
  } catch (error) {
    if (error instanceof InvalidAppendError) throw error;
    throw new InvalidAppendError(`${what} is not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkExpectedRevision(expected: ExpectedRevision): void {
  if (typeof expected === 'bigint' ? expected < 0n || expected > MAX_REVISION : !['any', 'no_stream', 'stream_exists'].includes(expected)) {
    throw new InvalidAppendError(`expected revision ${String(expected)} is neither any, no_stream, stream_exists nor a revision from 0 to 2^63-1`);
  }
}

/** The same checks in front of every adapter, so that they fail alike, and before anything is sent, on bad input. */
export function prepareAppend(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): PreparedAppend {
  if (streamId.length === 0 || streamId.startsWith('$') || !storable(streamId)) {
    throw new InvalidAppendError(`invalid stream id ${JSON.stringify(streamId)}: must be non-empty, storable text, and not a system stream`);
  }
  checkExpectedRevision(expectedRevision);
  if (events.length === 0) throw new InvalidAppendError('append needs at least one event');
  const seen = new Set<string>();
  const prepared = events.map((event, index): PreparedEvent => {
    const parsed = EventShapeSchema.safeParse(event);
    if (!parsed.success) throw new InvalidAppendError(`event ${index}: ${z.prettifyError(parsed.error)}`);
    if (event.type.startsWith('$') || !storable(event.type)) throw new InvalidAppendError(`event ${index}: invalid type ${JSON.stringify(event.type)}`);
    if (seen.has(event.eventId)) throw new InvalidAppendError(`event ${index}: event id ${event.eventId} appears twice in one append`);
    seen.add(event.eventId);
    return { eventId: event.eventId, type: event.type, data: toJson(event.data, `event ${index} data`), metadata: toJson(event.metadata, `event ${index} metadata`) };
  });
  return { streamId, expectedRevision, events: prepared };
}
