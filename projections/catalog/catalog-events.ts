import { categoryEvents, productEvents, type CategoryEvent, type ProductEvent } from '../../domain/catalog/events.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { decodeIfKnown } from '../runner/decode.js';

export type CatalogReadEvent = CategoryEvent | ProductEvent;

const readEvents = [...categoryEvents, ...productEvents];

/** The batch's catalogue events, decoded once: each table's fold looks its events up here. */
export function decodeCatalogEvents(events: readonly RecordedEvent[]): ReadonlyMap<RecordedEvent, CatalogReadEvent> {
  const decoded = new Map<RecordedEvent, CatalogReadEvent>();
  for (const event of events) {
    const known = decodeIfKnown(readEvents, event);
    if (known !== undefined) decoded.set(event, known);
  }
  return decoded;
}
