import { z } from 'zod';
import { EventMetadataSchema } from './metadata.js';
import type { EventToAppend } from './port.js';

const EventsToAppendSchema = z
  .array(
    z.object({
      eventId: z.uuid(),
      type: z.string().min(1),
      data: z.record(z.string(), z.unknown()),
      metadata: EventMetadataSchema,
    }),
  )
  .min(1, 'append needs at least one event');

/** The same checks in front of every adapter, so they fail alike on bad input. */
export function validateAppend(streamId: string, events: readonly EventToAppend[]): void {
  if (streamId.length === 0 || streamId.startsWith('$')) {
    throw new TypeError(`invalid stream id "${streamId}": must be non-empty and not a system stream`);
  }
  EventsToAppendSchema.parse(events);
}
