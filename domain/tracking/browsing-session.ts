import type { Decider, Decision } from '../shared/decider.js';
import { reject } from '../shared/rejection.js';
import type { BrowsingSessionCommand, RecordProductView } from './commands.js';
import { BrowsingSessionIdSchema, type BrowsingSessionEvent } from './events.js';

/**
 * A visitor's browsing session: the products viewed, in order. It is a log: nothing recorded
 * before changes what may be recorded next, so views are appended without reading the stream.
 */
export interface BrowsingSession {
  readonly viewedProducts: readonly string[];
}

export const browsingSessionStream = (sessionId: string): string => `browsing-${sessionId}`;

function recordView(command: RecordProductView): Decision<BrowsingSessionEvent> {
  if (!BrowsingSessionIdSchema.safeParse(command.sessionId).success) return reject('unprocessable', 'the session id is not valid');
  if (!command.productKnown) return reject('unprocessable', 'no such product');
  return [{ type: 'ProductViewed', data: { sessionId: command.sessionId, productId: command.productId, userId: command.userId, viewedAt: command.at } }];
}

export const browsingSessionDecider: Decider<BrowsingSessionCommand, BrowsingSessionEvent, BrowsingSession> = {
  initialState: { viewedProducts: [] },
  // One command and one event type so far: no dispatch on `type` needed.
  decide: recordView,
  evolve: (state, event) => ({ viewedProducts: [...state.viewedProducts, event.data.productId] }),
};
