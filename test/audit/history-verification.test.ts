import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HistoryVerification } from '../../read-api/audit/history-verification.js';
import { recorded } from '../support/projections.js';

const delivered = (orderId: string, revision: bigint) => recorded(`order-${orderId}`, 'OrderDelivered', { orderId, deliveredAt: new Date().toISOString() }, { revision });

describe('history verification', () => {
  it('passes contiguous revisions of events that fit their schemas', () => {
    const orderId = randomUUID();
    const verification = new HistoryVerification();
    expect([0n, 1n, 2n].flatMap((revision) => verification.check(delivered(orderId, revision)))).toEqual([]);
    expect(verification.streams).toBe(1);
  });

  it('names the event after a gap (one removed) and a repeated revision (one inserted)', () => {
    const orderId = randomUUID();
    const verification = new HistoryVerification();
    const after = delivered(orderId, 2n);
    const again = delivered(orderId, 1n);
    const found = [delivered(orderId, 0n), after, again].flatMap((event) => verification.check(event));
    expect(found).toEqual([
      expect.objectContaining({ check: 'stream-revisions', eventId: after.eventId, revision: '2', problem: expect.stringContaining('revision 1 is missing') as unknown }),
      expect.objectContaining({ check: 'stream-revisions', eventId: again.eventId, revision: '1', problem: expect.stringContaining('again after 2') as unknown }),
    ]);
  });

  it('names an event whose data no longer fits its schema, of an unknown type, or of a version without upcaster', () => {
    const orderId = randomUUID();
    const verification = new HistoryVerification();
    const altered = recorded(`order-${orderId}`, 'OrderDelivered', { orderId, deliveredAt: 'last Tuesday' });
    const unknown = recorded(`order-${randomUUID()}`, 'OrderTeleported', {});
    const future = delivered(randomUUID(), 0n);
    const futureVersion = { ...future, metadata: { ...future.metadata, schemaVersion: 2 } };
    const found = [altered, unknown, futureVersion].flatMap((event) => verification.check(event));
    expect(found.map(({ check, eventId }) => [check, eventId])).toEqual([
      ['event-schema', altered.eventId],
      ['event-schema', unknown.eventId],
      ['event-schema', futureVersion.eventId],
    ]);
    expect(found[0]?.problem).toContain('deliveredAt');
    expect(found[2]?.problem).toContain('no upcaster');
  });
});
