import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { eventFact, streamCategory } from '../../projections/analytics/event-facts.js';
import { factOrigin } from '../../projections/analytics/fact-time.js';
import { metadata } from '../support/events.js';

describe('an event fact', () => {
  it('names the stream category, dashes in the category or the id included', () => {
    const id = randomUUID();
    expect(streamCategory(`order-${id}`)).toBe('order');
    expect(streamCategory(`notification-preferences-${id}`)).toBe('notification-preferences');
    expect(streamCategory(`browsing-web-${id}`)).toBe('browsing');
    expect(streamCategory('productsku-ABC-1')).toBe('productsku');
    expect(streamCategory('standalone')).toBe('standalone');
  });

  it('keeps the ids the data names (strings only), the times in whole seconds and the position in decimal', () => {
    const orderId = randomUUID();
    const event: RecordedEvent = {
      eventId: randomUUID(),
      type: 'OrderConfirmed',
      streamId: `order-${orderId}`,
      revision: 1n,
      position: 2n ** 62n + 7n,
      recordedAt: new Date('2024-05-01T10:00:01.999Z'),
      data: { orderId, productId: 42, customerId: null },
      metadata: metadata({ occurredAt: '2024-05-01T12:00:00.750+02:00', actorId: null }),
    };
    expect(eventFact(event, factOrigin(event))).toMatchObject({
      type: 'OrderConfirmed',
      stream_category: 'order',
      order_id: orderId,
      product_id: '',
      customer_id: '',
      actor_id: '',
      occurred_at: Date.parse('2024-05-01T10:00:00Z') / 1_000,
      recorded_at: Date.parse('2024-05-01T10:00:01Z') / 1_000,
      position: '4611686018427387911',
    });
  });
});
