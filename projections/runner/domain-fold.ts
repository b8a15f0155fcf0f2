import type { AnyEventDefinition } from '../../command-handlers/event-codec.js';
import type { EventOf } from '../../domain/shared/event-catalogue.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { decodeIfKnown } from './decode.js';
import type { RowFold } from './keyed-rows.js';

/** A row fold written against the domain's own events rather than recorded ones. */
export interface DomainRowFold<Definition extends AnyEventDefinition, Row extends { readonly position: string }> {
  keyOf(event: EventOf<Definition>): string;
  evolve(row: Row | undefined, event: EventOf<Definition>, recorded: RecordedEvent): Row | undefined;
}

/**
 * The fold for one batch: each event of these types is decoded (and checked) once, not once for its
 * key and again for its evolution; the other types change no row.
 */
export function foldOfBatch<Definition extends AnyEventDefinition, Row extends { readonly position: string }>(
  definitions: readonly Definition[],
  fold: DomainRowFold<Definition, Row>,
  events: readonly RecordedEvent[],
): RowFold<Row> {
  const decoded = new Map<RecordedEvent, EventOf<Definition>>();
  for (const recorded of events) {
    const event = decodeIfKnown(definitions, recorded);
    if (event !== undefined) decoded.set(recorded, event);
  }
  return {
    keyOf(recorded) {
      const event = decoded.get(recorded);
      return event === undefined ? undefined : fold.keyOf(event);
    },
    evolve(row, recorded) {
      const event = decoded.get(recorded);
      return event === undefined ? row : fold.evolve(row, event, recorded);
    },
  };
}
