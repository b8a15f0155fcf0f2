import type { EventOf } from '../../domain/shared/event-catalogue.js';
import { decodeEvents, type AnyEventDefinition } from '../../command-handlers/event-codec.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';

/**
 * The domain event, when its type is one of these definitions (checked against its schema: zod at the
 * boundary; an event that does not fit throws, and the runner retries and then parks it); undefined
 * for the types a projection does not read.
 */
export function decodeIfKnown<Definition extends AnyEventDefinition>(definitions: readonly Definition[], event: RecordedEvent): EventOf<Definition> | undefined {
  if (!definitions.some((definition) => definition.type === event.type)) return undefined;
  return decodeEvents(definitions, [event])[0];
}
