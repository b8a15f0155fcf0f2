import { randomUUID } from 'node:crypto';
import { encodeEvents, type AnyEventDefinition, type CausationMetadata } from '../../command-handlers/event-codec.js';
import type { EventOf } from '../../domain/shared/event-catalogue.js';
import type { EventToAppend } from '../../infra/event-store/port.js';

/** What one append call writes: events to one stream. */
export interface PlannedAppend {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
}

/**
 * One thing that happened in the simulated shop, as a command and the reactions to it would write it:
 * a few streams' events under one correlation id, encoded as the command handlers encode them (typed
 * by the domain's event definitions, so the compiler checks the payloads against their schemas).
 */
export class Happening {
  readonly appends: PlannedAppend[] = [];
  private readonly metadata: CausationMetadata;

  constructor(occurredAt: string, actorId: string | null = null) {
    this.metadata = { correlationId: randomUUID(), causationId: null, actorId, occurredAt };
  }

  record<Definition extends AnyEventDefinition>(streamId: string, definitions: readonly Definition[], events: readonly NoInfer<EventOf<Definition>>[]): this {
    this.appends.push({ streamId, events: encodeEvents(definitions, events, { eventIds: events.map(() => randomUUID()), metadata: this.metadata }) });
    return this;
  }
}
