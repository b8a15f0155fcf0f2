import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventHash } from '../../infra/event-store/hash-chain/event-hash.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { HistoryVerification } from '../../read-api/audit/history-verification.js';
import { recorded } from '../support/projections.js';

const delivered = (orderId: string, revision: bigint) => recorded(`order-${orderId}`, 'OrderDelivered', { orderId, deliveredAt: new Date().toISOString() }, { revision });

/** The events with the hashes the event store would have given them, each linked to the one before. */
function chained(events: readonly RecordedEvent[]): RecordedEvent[] {
  let previousHash: string | null = null;
  return events.map((event) => {
    const withLink = { ...event, metadata: { ...event.metadata, previousHash } };
    const hash = eventHash(withLink);
    previousHash = hash;
    return { ...withLink, metadata: { ...withLink.metadata, hash } };
  });
}

/** The event with its own hash recomputed over what it now says (as a forger would). */
const rehashed = (event: RecordedEvent): RecordedEvent => ({ ...event, metadata: { ...event.metadata, hash: eventHash(event) } });

const checkAll = (events: readonly RecordedEvent[]) => {
  const verification = new HistoryVerification();
  return events.flatMap((event) => verification.check(event));
};

describe('history verification', () => {
  it('passes contiguous revisions of chained events that fit their schemas', () => {
    const orderId = randomUUID();
    const verification = new HistoryVerification();
    expect(chained([0n, 1n, 2n].map((revision) => delivered(orderId, revision))).flatMap((event) => verification.check(event))).toEqual([]);
    expect(verification.streams).toBe(1);
  });

  it('names the event after a gap (one removed) and a repeated revision (one inserted)', () => {
    const orderId = randomUUID();
    const [first, second, third] = chained([0n, 1n, 2n].map((revision) => delivered(orderId, revision)));
    if (first === undefined || second === undefined || third === undefined) throw new Error('three events');
    const found = checkAll([first, third, second]);
    expect(found.filter(({ check }) => check === 'stream-revisions')).toEqual([
      expect.objectContaining({ eventId: third.eventId, revision: '2', problem: expect.stringContaining('revision 1 is missing') as unknown }),
      expect.objectContaining({ eventId: second.eventId, revision: '1', problem: expect.stringContaining('again after 2') as unknown }),
    ]);
  });

  it('names an event whose data no longer fits its schema, of an unknown type, or of a version without upcaster', () => {
    const altered = recorded(`order-${randomUUID()}`, 'OrderDelivered', { orderId: randomUUID(), deliveredAt: 'last Tuesday' });
    const unknown = recorded(`order-${randomUUID()}`, 'OrderTeleported', {});
    const future = delivered(randomUUID(), 0n);
    const futureVersion = { ...future, metadata: { ...future.metadata, schemaVersion: 2 } };
    const found = checkAll(chained([altered]).concat(chained([unknown]), chained([futureVersion]))).filter(({ check }) => check === 'event-schema');
    expect(found.map(({ eventId }) => eventId)).toEqual([altered.eventId, unknown.eventId, futureVersion.eventId]);
    expect(found[0]?.problem).toContain('deliveredAt');
    expect(found[2]?.problem).toContain('no upcaster');
  });

  describe('the hash chain', () => {
    const orderId = randomUUID();
    const history = chained([0n, 1n, 2n].map((revision) => delivered(orderId, revision)));
    const [first, second, third] = history;
    if (first === undefined || second === undefined || third === undefined) throw new Error('three events');
    const hashFindings = (events: readonly RecordedEvent[]) => checkAll(events).filter(({ check }) => check === 'hash-chain');

    it('names an event whose data was altered, still fitting its schema', () => {
      const altered = { ...second, data: { ...second.data, deliveredAt: '2020-01-01T00:00:00.000Z' } };
      expect(hashFindings([first, altered, third])).toEqual([expect.objectContaining({ eventId: second.eventId, problem: expect.stringContaining('no longer matches its hash') as unknown })]);
    });

    it('names the event after one altered with its own hash recomputed', () => {
      const forged = rehashed({ ...second, metadata: { ...second.metadata, actorId: 'someone-else' } });
      expect(hashFindings([first, forged, third])).toEqual([expect.objectContaining({ eventId: third.eventId, problem: expect.stringContaining('does not link') as unknown })]);
    });

    it('names the event after one removed, even with the revisions renumbered', () => {
      expect(hashFindings([first, third])).toEqual([expect.objectContaining({ eventId: third.eventId })]);
      const renumbered = { ...third, revision: 1n };
      expect(hashFindings([first, renumbered]).map(({ eventId }) => eventId)).toEqual([third.eventId]);
      expect(hashFindings([second, third])).toEqual([expect.objectContaining({ eventId: second.eventId, problem: expect.stringContaining('none comes before it') as unknown })]);
    });

    it('names an event inserted without a hash, and the event after one inserted with a hash', () => {
      const inserted = delivered(orderId, 1n);
      expect(hashFindings([first, inserted])).toEqual([expect.objectContaining({ eventId: inserted.eventId, problem: expect.stringContaining('has no hash') as unknown })]);
      const [, forgedInsert] = chained([first, delivered(orderId, 1n)]);
      if (forgedInsert === undefined) throw new Error('chained');
      expect(hashFindings([first, forgedInsert, { ...second, revision: 2n }, { ...third, revision: 3n }]).map(({ eventId }) => eventId)).toContain(second.eventId);
    });
  });
});
