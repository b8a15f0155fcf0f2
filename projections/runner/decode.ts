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
  const known = decoded.get(event);
  // One definition per type across the catalogue: what another projection decoded is this one's too.
  if (known !== undefined) return known as EventOf<Definition>;
  const fresh = decodeEvents(definitions, [event])[0];
  if (fresh !== undefined) decoded.set(event, fresh);
  return fresh;
}

/** Events are immutable: a rebuild hands the same ones to every projection, which decode each once. */
const decoded = new WeakMap<RecordedEvent, EventOf<AnyEventDefinition>>();
