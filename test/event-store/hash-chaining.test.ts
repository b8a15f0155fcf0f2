import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../../infra/event-store/errors.js';
import { HashChainingEventStore } from '../../infra/event-store/hash-chain/hash-chaining-event-store.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { HistoryVerification } from '../../read-api/audit/history-verification.js';
import { eventStoreAdapters, type AdapterSubject } from '../support/event-store-adapters.js';
import { anEvent } from '../support/events.js';

/** The hash-chain findings of verifying the stream as stored. */
async function chainFindings(store: EventStore, streamId: string) {
  const verification = new HistoryVerification();
  return (await store.readStream(streamId)).flatMap((event) => verification.check(event)).filter(({ check }) => check === 'hash-chain');
}

for (const [name, open] of Object.entries(eventStoreAdapters)) {
  describe(`hash-chained appends on ${name}`, () => {
    let subject: AdapterSubject;
    let one: HashChainingEventStore;
    let other: HashChainingEventStore;

    beforeAll(async () => {
      subject = await open();
      one = new HashChainingEventStore(subject.stores[0]);
      other = new HashChainingEventStore(subject.stores[1]);
    });

    afterAll(async () => {
      await subject.teardown();
    });

    it('chains every event, whatever revision each append expected, including a head it has never read', async () => {
      const streamId = `chain-${randomUUID()}`;
      await one.append(streamId, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
      await one.append(streamId, [anEvent()], { expectedRevision: 1n });
      await other.append(streamId, [anEvent()], { expectedRevision: 2n });
      await one.append(streamId, [anEvent()]);
      await other.append(streamId, [anEvent(), anEvent()], { expectedRevision: 'stream_exists' });
      const stored = await subject.stores[0].readStream(streamId);
      expect(stored).toHaveLength(7);
      expect(stored[0]?.metadata.previousHash).toBeNull();
      expect(stored.every((event) => /^[0-9a-f]{64}$/.test(event.metadata.hash ?? ''))).toBe(true);
      expect(await chainFindings(subject.stores[0], streamId)).toEqual([]);
    });

    it('starts a chain with an append at any revision to a new stream', async () => {
      const streamId = `chain-${randomUUID()}`;
      await one.append(streamId, [anEvent()], { expectedRevision: 'any' });
      expect(await chainFindings(subject.stores[0], streamId)).toEqual([]);
    });

    it('never forks the chain when two processes append at any revision at once', async () => {
      const streamId = `chain-${randomUUID()}`;
      await Promise.all(Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? one : other).append(streamId, [anEvent()], { expectedRevision: 'any' })));
      expect(await subject.stores[0].readStream(streamId)).toHaveLength(30);
      expect(await chainFindings(subject.stores[0], streamId)).toEqual([]);
    });

    it('writes nothing when an append at any revision is retried after it was written', async () => {
      const streamId = `chain-${randomUUID()}`;
      await one.append(streamId, [anEvent()]);
      const events = [anEvent(), anEvent()];
      const first = await one.append(streamId, events, { expectedRevision: 'any' });
      const again = await other.append(streamId, events, { expectedRevision: 'any' });
      expect(again.nextRevision).toBe(first.nextRevision);
      expect(await subject.stores[0].readStream(streamId)).toHaveLength(3);
      expect(await chainFindings(subject.stores[0], streamId)).toEqual([]);
    });

    it('still refuses an append at a revision the stream is not at, writing nothing', async () => {
      const streamId = `chain-${randomUUID()}`;
      await one.append(streamId, [anEvent()], { expectedRevision: 'no_stream' });
      await expect(other.append(streamId, [anEvent()], { expectedRevision: 5n })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(other.append(streamId, [anEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(other.append(`chain-${randomUUID()}`, [anEvent()], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await subject.stores[0].readStream(streamId)).toHaveLength(1);
    });
  });
}
