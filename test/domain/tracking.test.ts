import { describe, expect, it } from 'vitest';
import { stateFrom } from '../../domain/shared/decider.js';
import type { RecordProductView } from '../../domain/tracking/commands.js';
import { browsingSessionDecider, browsingSessionStream } from '../../domain/tracking/browsing-session.js';
import { browsingSessionEvents, type BrowsingSessionEvent } from '../../domain/tracking/events.js';
import { specify } from './spec.js';

const sessionId = 'storefront-session:4f1c';
const productId = '2b8e6a0c-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const otherProductId = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const userId = '7d4f1c1e-3d55-4a4e-9a43-0a1f3f1f6c01';
const at = '2026-11-26T12:00:00.000Z';

const view = (overrides: Partial<RecordProductView> = {}): RecordProductView => ({ type: 'RecordProductView', sessionId, productId, productKnown: true, userId: null, at, ...overrides });
const viewed = (product: string, user: string | null = null): BrowsingSessionEvent => ({ type: 'ProductViewed', data: { sessionId, productId: product, userId: user, viewedAt: at } });

const session = specify(browsingSessionDecider);

describe('browsing session', () => {
  it('has one stream per session', () => {
    expect(browsingSessionStream(sessionId)).toBe(`browsing-${sessionId}`);
  });

  it('records a view of a catalogue product, anonymous or by a customer, in events that match their schema', () => {
    session.given([]).when(view()).then([viewed(productId)]);
    session.given([viewed(productId)]).when(view({ userId })).then([viewed(productId, userId)]);
    expect(browsingSessionEvents[0].schema.safeParse(viewed(productId, userId).data).success).toBe(true);
  });

  it('records the same product viewed again: each view counts', () => {
    session.given([viewed(productId)]).when(view()).then([viewed(productId)]);
  });

  it('refuses a product that is not in the catalogue and a session id unsafe in a stream name', () => {
    session.given([]).when(view({ productKnown: false })).thenRejected('unprocessable', /no such product/);
    session.given([]).when(view({ sessionId: 'a/b c' })).thenRejected('unprocessable', /session id/);
    session.given([]).when(view({ sessionId: 'x'.repeat(101) })).thenRejected('unprocessable', /session id/);
  });

  it('keeps the products viewed, in order', () => {
    expect(stateFrom(browsingSessionDecider, [viewed(productId), viewed(otherProductId), viewed(productId)])).toEqual({ viewedProducts: [productId, otherProductId, productId] });
  });
});
