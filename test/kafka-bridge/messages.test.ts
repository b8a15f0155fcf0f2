import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { BridgedEventSchema, deadLetterOf, DeadLetterSchema, envelopeOf, HEADER, messageOf } from '../../projections/kafka-bridge/messages.js';
import { metadata } from '../support/events.js';

function recorded(type: string, data: Record<string, unknown>): RecordedEvent {
  return { eventId: randomUUID(), type, streamId: `stream-${randomUUID()}`, revision: 0n, position: 7n, recordedAt: new Date(), data, metadata: metadata() };
}

const orderPlaced = recorded('OrderPlaced', { orderId: randomUUID(), paymentMethod: { method: 'card', token: 'tok_visa_4242' }, placedAt: '2026-11-26T12:00:00.000Z' });

describe('messages to Kafka', () => {
  it('leave withheld fields out of the data, nested ones too, without touching the stored event', () => {
    expect(envelopeOf(orderPlaced).data).toEqual({ orderId: orderPlaced.data.orderId, paymentMethod: { method: 'card' }, placedAt: '2026-11-26T12:00:00.000Z' });
    expect(orderPlaced.data.paymentMethod).toEqual({ method: 'card', token: 'tok_visa_4242' });
    const value = String(messageOf(orderPlaced).value);
    expect(value).not.toContain('tok_visa_4242');
    expect(BridgedEventSchema.parse(JSON.parse(value)).data).toEqual(envelopeOf(orderPlaced).data);
  });

  it.each([
    ['UserRegistered', 'passwordHash'],
    ['SessionStarted', 'refreshTokenHash'],
    ['RefreshTokenRotated', 'refreshTokenHash'],
    ['PaymentInitiated', 'token'],
  ])('leave %s without its %s', (type, field) => {
    const event = recorded(type, { userId: randomUUID(), [field]: 'secret-value' });
    expect(envelopeOf(event).data).toEqual({ userId: event.data.userId });
    expect(String(messageOf(event).value)).not.toContain('secret-value');
  });

  it('publish an event of a type no context defines as it is, and tolerate withheld fields that are missing', () => {
    const unknown = recorded('ThingHappened', { token: 't', passwordHash: 'h' });
    expect(envelopeOf(unknown).data).toEqual({ token: 't', passwordHash: 'h' });
    const withoutPaymentMethod = recorded('OrderPlaced', { orderId: 'o' });
    expect(envelopeOf(withoutPaymentMethod).data).toEqual({ orderId: 'o' });
  });

  it('send a dead letter without data, with the size of the published data and why', () => {
    const letter = deadLetterOf(orderPlaced, 'shopverse.ordering.v1', 'message too large');
    const value = DeadLetterSchema.parse(JSON.parse(String(letter.value)));
    expect(value.data).toEqual({});
    expect(value.dataBytes).toBe(Buffer.byteLength(JSON.stringify(envelopeOf(orderPlaced).data)));
    expect(letter.headers).toMatchObject({ [HEADER.deadLetterReason]: 'message too large', [HEADER.originalTopic]: 'shopverse.ordering.v1', [HEADER.eventType]: 'OrderPlaced' });
  });
});
