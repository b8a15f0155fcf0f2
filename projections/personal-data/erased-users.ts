import { UserErased } from '../../domain/users/events.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { decodeIfKnown } from '../runner/decode.js';

/** The users a batch erases, in order. */
export function erasedUsersIn(events: readonly RecordedEvent[]): string[] {
  return events.flatMap((recorded) => {
    const event = decodeIfKnown([UserErased], recorded);
    return event === undefined ? [] : [event.data.userId];
  });
}
