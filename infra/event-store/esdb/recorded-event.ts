import type { AllStreamResolvedEvent, Position, ResolvedEvent } from '@eventstore/db-client';
import { z } from 'zod';
import { EventMetadataSchema } from '../metadata.js';
import type { RecordedEvent } from '../port.js';

/** What servers before 22.6 send as the `$all` position of events read from a stream: unknown. */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

const EventBodySchema = z.object({
  data: z.record(z.string(), z.unknown()),
  metadata: EventMetadataSchema,
});

/**
 * Our position is EventStoreDB's commit position: events appended through gRPC have their own,
 * increasing in `$all` order (commit equals prepare). -1 where the server does not say.
 */
export function fromEsdbPosition(position: Position | undefined): bigint {
  return position === undefined || position.commit === UNKNOWN_POSITION ? -1n : position.commit;
}

export function toEsdbPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** The port's view of an event read through the client; `undefined` for a link whose event is gone. */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (event === undefined) return undefined;
  const body = EventBodySchema.parse({ data: event.data, metadata: event.metadata });
  return {
    eventId: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    position: fromEsdbPosition(event.position),
    recordedAt: event.created,
    data: body.data,
    metadata: body.metadata,
  };
}
