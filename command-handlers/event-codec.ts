import type { AnyEventDefinition, EventOf } from '../domain/shared/event-catalogue.js';
import type { EventMetadata } from '../infra/event-store/metadata.js';
import type { EventToAppend, RecordedEvent } from '../infra/event-store/port.js';

// Re-exported for the handlers and projections that decode with it.
export type { AnyEventDefinition };

/** Who and what caused the events: stored in every event's metadata. */
export type CausationMetadata = Pick<EventMetadata, 'correlationId' | 'causationId' | 'actorId' | 'occurredAt'>;

/** The metadata of every event of one decision: its causation and, with tracing on, the W3C `traceparent` of the span that appended it. */
export type EnvelopeMetadata = CausationMetadata & { readonly traceparent?: string };

/** A stored event whose type the context does not know, or whose data no longer fits its schema. */
export class UndecodableEventError extends Error {
  override readonly name = 'UndecodableEventError';
}

function definitionOf<Definition extends AnyEventDefinition>(definitions: readonly Definition[], type: string): Definition {
  const definition = definitions.find((candidate) => candidate.type === type);
  if (definition === undefined) throw new UndecodableEventError(`unknown event type ${type}`);
  return definition;
}

/** Stored events back into the domain's events, each checked against its schema (zod at the boundary). */
export function decodeEvents<Definition extends AnyEventDefinition>(definitions: readonly Definition[], recorded: readonly RecordedEvent[]): EventOf<Definition>[] {
  return recorded.map((event) => {
    const parsed = definitionOf(definitions, event.type).schema.safeParse(event.data);
    if (!parsed.success) throw new UndecodableEventError(`event ${event.eventId} (${event.type}) does not fit its schema: ${parsed.error.message}`);
    return { type: event.type, data: parsed.data } as EventOf<Definition>;
  });
}

/** Domain events as the event store takes them, with the envelope's metadata and their schema version. */
export function encodeEvents<Definition extends AnyEventDefinition>(
  definitions: readonly Definition[],
  events: readonly EventOf<Definition>[],
  envelope: { readonly eventIds: readonly string[]; readonly metadata: EnvelopeMetadata },
): EventToAppend[] {
  return events.map((event, index) => {
    const eventId = envelope.eventIds[index];
    if (eventId === undefined) throw new Error('an event id is missing');
    const { type, data } = event as { type: string; data: Record<string, unknown> };
    return { eventId, type, data, metadata: { ...envelope.metadata, schemaVersion: definitionOf(definitions, type).schemaVersion } };
  });
}
