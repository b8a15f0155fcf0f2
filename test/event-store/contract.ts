import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InvalidAppendError, StreamNotFoundError, WrongExpectedRevisionError } from '../../infra/event-store/errors.js';
import type { AppendResult, EventFilter, EventStore, EventToAppend, RecordedEvent } from '../../infra/event-store/port.js';
import { anEvent, collect, freshCategory, metadata } from '../support/events.js';

export interface ContractSubject {
  readonly store: EventStore;
  /** A second store on the same data, as another process would have (writers there do not wake our subscriptions). */
  readonly otherStore?: EventStore;
  teardown(): Promise<void>;
}

const events = (count: number, type?: string): EventToAppend[] => Array.from({ length: count }, () => anEvent(type));

async function conflictOf(attempt: Promise<unknown>): Promise<WrongExpectedRevisionError> {
  const error: unknown = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  return error as WrongExpectedRevisionError;
}

/**
 * An idempotent re-append answers with the first append's revision; its position is the first one's,
 * or -1 where the store does not report it (EventStoreDB answers idempotent writes without one).
 */
function expectSameAppend(again: AppendResult, first: AppendResult): void {
  expect(again.nextRevision).toBe(first.nextRevision);
  expect([first.position, -1n]).toContain(again.position);
}

/**
 * `$all` shows an event once the store can promise nothing will commit before it (on Postgres: once
 * every older transaction on the server ended, and other test files share the server): wait for it.
 */
async function visibleInAll(store: EventStore, filter: EventFilter, count: number): Promise<RecordedEvent[]> {
  let events: RecordedEvent[] = [];
  await vi.waitFor(
    async () => {
      events = await store.readAll({ filter });
      expect(events).toHaveLength(count);
    },
    { timeout: 10_000, interval: 20 },
  );
  return events;
}

function positionsIncrease(recorded: readonly RecordedEvent[]): boolean {
  return recorded.every((event, i) => i === 0 || event.position > (recorded[i - 1]?.position ?? -1n));
}

/**
 * The event store port's contract, written once and run against every adapter: EventStoreDB
 * semantics for expected revisions, idempotent appends, reads and `$all` subscriptions.
 */
export function describeEventStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => {
      await subject.teardown();
    });

    describe('append with an expected revision', () => {
      it('no_stream creates a stream starting at revision 0', async () => {
        const stream = `${freshCategory()}-1`;
        const result = await store.append(stream, events(1), { expectedRevision: 'no_stream' });
        expect(result.nextRevision).toBe(0n);
        const [recorded] = await store.readStream(stream);
        expect(recorded?.position).toBe(result.position);
      });

      it('no_stream on an existing stream is a conflict carrying the actual revision', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, events(2));
        const conflict = await conflictOf(store.append(stream, events(1), { expectedRevision: 'no_stream' }));
        expect(conflict.actualRevision).toBe(1n);
        expect(conflict.streamId).toBe(stream);
      });

      it('stream_exists on a missing stream is a conflict with actual revision no_stream', async () => {
        const stream = `${freshCategory()}-1`;
        const conflict = await conflictOf(store.append(stream, events(1), { expectedRevision: 'stream_exists' }));
        expect(conflict.actualRevision).toBe('no_stream');
        await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('stream_exists on an existing stream appends', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, events(1));
        const result = await store.append(stream, events(2), { expectedRevision: 'stream_exists' });
        expect(result.nextRevision).toBe(2n);
      });

      it('an exact revision appends when it matches and is a conflict otherwise', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, events(3), { expectedRevision: 'no_stream' });
        const result = await store.append(stream, events(1), { expectedRevision: 2n });
        expect(result.nextRevision).toBe(3n);
        const stale = await conflictOf(store.append(stream, events(1), { expectedRevision: 2n }));
        expect(stale.actualRevision).toBe(3n);
        expect(stale.expectedRevision).toBe(2n);
        const ahead = await conflictOf(store.append(stream, events(1), { expectedRevision: 7n }));
        expect(ahead.actualRevision).toBe(3n);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it('an exact revision on a missing stream is a conflict with actual revision no_stream', async () => {
        const conflict = await conflictOf(store.append(`${freshCategory()}-1`, events(1), { expectedRevision: 0n }));
        expect(conflict.actualRevision).toBe('no_stream');
      });

      it('any appends whatever the stream holds', async () => {
        const stream = `${freshCategory()}-1`;
        expect((await store.append(stream, events(1), { expectedRevision: 'any' })).nextRevision).toBe(0n);
        expect((await store.append(stream, events(1))).nextRevision).toBe(1n);
      });

      it('several events in one append get consecutive revisions and increasing positions', async () => {
        const stream = `${freshCategory()}-1`;
        const result = await store.append(stream, events(5), { expectedRevision: 'no_stream' });
        const recorded = await store.readStream(stream);
        expect(recorded.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(positionsIncrease(recorded)).toBe(true);
        expect(recorded.at(-1)?.position).toBe(result.position);
      });

      it('of concurrent appends at the same expected revision exactly one wins; the others conflict', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, events(1));
        const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => store.append(stream, events(2), { expectedRevision: 0n })));
        const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
        const lost = attempts.filter((attempt) => attempt.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.every((attempt) => attempt.reason instanceof WrongExpectedRevisionError && attempt.reason.actualRevision === 2n)).toBe(true);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('a conflict does not disturb appends to other streams made at the same time', async () => {
        const category = freshCategory();
        await store.append(`${category}-taken`, events(1));
        const [conflicting, ...others] = await Promise.allSettled([
          store.append(`${category}-taken`, events(1), { expectedRevision: 'no_stream' }),
          ...Array.from({ length: 5 }, (_, n) => store.append(`${category}-free${n}`, events(2), { expectedRevision: 'no_stream' })),
        ]);
        expect(conflicting.status).toBe('rejected');
        expect(others.every((attempt) => attempt.status === 'fulfilled' && attempt.value.nextRevision === 1n)).toBe(true);
      });

      it('a conflicting append writes nothing', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, events(1));
        await conflictOf(store.append(stream, events(3), { expectedRevision: 'no_stream' }));
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('idempotent re-append of the same event ids', () => {
      it('at the same expected revision is a no-op that succeeds with the first result', async () => {
        const stream = `${freshCategory()}-1`;
        const batch = events(3);
        const first = await store.append(stream, batch, { expectedRevision: 'no_stream' });
        const again = await store.append(stream, batch, { expectedRevision: 'no_stream' });
        expectSameAppend(again, first);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('with an exact revision after the stream moved on', async () => {
        const stream = `${freshCategory()}-1`;
        await store.append(stream, events(1));
        const batch = events(2);
        const first = await store.append(stream, batch, { expectedRevision: 0n });
        await store.append(stream, events(1), { expectedRevision: 2n });
        const again = await store.append(stream, batch, { expectedRevision: 0n });
        expectSameAppend(again, first);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it('with expected revision any', async () => {
        const stream = `${freshCategory()}-1`;
        const batch = events(2);
        const first = await store.append(stream, batch);
        await store.append(stream, events(1));
        expectSameAppend(await store.append(stream, batch), first);
        const recorded = await store.readStream(stream);
        expect(recorded.map((event) => event.eventId)).toEqual([...batch.map((event) => event.eventId), recorded[2]?.eventId]);
      });

      it('an exact revision that matches appends, even when an id stood earlier in the stream', async () => {
        const stream = `${freshCategory()}-1`;
        const [reused] = events(1);
        if (reused === undefined) throw new Error('no event');
        await store.append(stream, [reused]);
        await store.append(stream, events(1), { expectedRevision: 0n });
        const result = await store.append(stream, [reused], { expectedRevision: 1n });
        expect(result.nextRevision).toBe(2n);
        expect((await store.readStream(stream)).map((event) => event.eventId)).toHaveLength(3);
      });
    });

    describe('reading a stream', () => {
      it('forwards and backwards, from a revision, at most maxCount', async () => {
        const stream = `${freshCategory()}-1`;
        const batch = events(6);
        await store.append(stream, batch);
        const ids = batch.map((event) => event.eventId);
        expect((await store.readStream(stream)).map((event) => event.eventId)).toEqual(ids);
        expect((await store.readStream(stream, { direction: 'backwards' })).map((event) => event.eventId)).toEqual([...ids].reverse());
        expect((await store.readStream(stream, { fromRevision: 2n, maxCount: 3 })).map((event) => event.revision)).toEqual([2n, 3n, 4n]);
        expect((await store.readStream(stream, { direction: 'backwards', fromRevision: 3n, maxCount: 2 })).map((event) => event.revision)).toEqual([3n, 2n]);
        expect((await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))[0]?.revision).toBe(5n);
        expect(await store.readStream(stream, { fromRevision: 'end' })).toEqual([]);
      });

      it('a missing stream is StreamNotFoundError', async () => {
        await expect(store.readStream(`${freshCategory()}-1`)).rejects.toBeInstanceOf(StreamNotFoundError);
        await expect(store.readStream(`${freshCategory()}-1`, { direction: 'backwards' })).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('round-trips the envelope: ids, type, data and every metadata field', async () => {
        const stream = `${freshCategory()}-1`;
        const written: EventToAppend = {
          eventId: randomUUID(),
          type: 'OrderPlaced',
          data: { total: { amount: 1999, currency: 'USD' }, lines: [{ sku: 'A', quantity: 2 }], note: 'ünïcødé ✓ "quoted" back\\slash {braces}, commas' },
          metadata: metadata({ causationId: randomUUID(), actorId: randomUUID(), schemaVersion: 3, tenant: 'extra keys survive' }),
        };
        const before = Date.now();
        await store.append(stream, [written]);
        const [recorded] = await store.readStream(stream);
        expect(recorded).toMatchObject({ eventId: written.eventId, type: 'OrderPlaced', streamId: stream, revision: 0n, data: written.data });
        expect(recorded?.metadata).toEqual(written.metadata);
        expect(recorded?.recordedAt).toBeInstanceOf(Date);
        expect(Math.abs((recorded?.recordedAt.getTime() ?? 0) - before)).toBeLessThan(60_000);
      });

      it('rejects malformed appends without writing, and without disturbing appends made at the same time', async () => {
        const stream = `${freshCategory()}-1`;
        const duplicate = anEvent();
        const malformed: [string, Promise<unknown>][] = [
          ['no events', store.append(stream, [])],
          ['event id not a UUID', store.append(stream, [{ ...anEvent(), eventId: 'not-a-uuid' }])],
          ['system stream', store.append('$system', events(1))],
          ['empty stream id', store.append('', events(1))],
          ['NUL in the stream id', store.append(`${stream}\u0000x`, events(1))],
          ['system event type', store.append(stream, [anEvent('$metadata')])],
          ['NUL in the type', store.append(stream, [anEvent('Bad\u0000Type')])],
          ['NUL in the data', store.append(stream, [anEvent('Fine', { text: 'a\u0000b' })])],
          ['lone surrogate in the data', store.append(stream, [anEvent('Fine', { text: 'a\uD800b' })])],
          ['data JSON cannot carry', store.append(stream, [anEvent('Fine', { amount: 10n })])],
          ['negative expected revision', store.append(stream, events(1), { expectedRevision: -1n })],
          ['expected revision past 2^63-1', store.append(stream, events(1), { expectedRevision: 2n ** 63n })],
          ['one event id twice', store.append(stream, [duplicate, duplicate])],
        ];
        const neighbour = `${freshCategory()}-1`;
        const fine = store.append(neighbour, events(2));
        for (const [what, attempt] of malformed) {
          await expect(attempt, what).rejects.toBeInstanceOf(InvalidAppendError);
        }
        expect((await fine).nextRevision).toBe(1n);
        await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('reads a stream longer than one page whole when no maxCount is given', async () => {
        const stream = `${freshCategory()}-1`;
        for (let n = 0; n < 11; n++) await store.append(stream, events(1_000));
        const recorded = await store.readStream(stream);
        expect(recorded).toHaveLength(11_000);
        expect(recorded.every((event, i) => event.revision === BigInt(i))).toBe(true);
        expect(await store.readStream(stream, { direction: 'backwards', maxCount: 10_500 })).toHaveLength(10_500);
        await visibleInAll(store, { streamPrefixes: [stream] }, 11_000);
      });
    });

    describe('reading $all', () => {
      it('forwards from a position (inclusive) and backwards, in position order, without system events', async () => {
        const category = freshCategory();
        const first = await store.append(`${category}-a`, events(2));
        await store.append(`${category}-b`, events(2));
        const filter = { streamPrefixes: [`${category}-`] };
        const all = await visibleInAll(store, filter, 4);
        expect(positionsIncrease(all)).toBe(true);
        const fromSecond = await store.readAll({ fromPosition: first.position, filter });
        expect(fromSecond.map((event) => event.streamId)).toEqual([`${category}-a`, `${category}-b`, `${category}-b`]);
        const backwards = await store.readAll({ direction: 'backwards', fromPosition: 'end', filter, maxCount: 3 });
        expect(backwards.map((event) => event.position)).toEqual(all.slice(1).map((event) => event.position).reverse());
        const unfiltered = await store.readAll({ direction: 'backwards', maxCount: 50 });
        expect(unfiltered.every((event) => !event.type.startsWith('$') && !event.streamId.startsWith('$'))).toBe(true);
      });

      it('filters by event type', async () => {
        const category = freshCategory();
        await store.append(`${category}-1`, [anEvent('Kept'), anEvent('Dropped'), anEvent('Kept')]);
        const kept = await visibleInAll(store, { eventTypes: ['Kept'], streamPrefixes: [`${category}-`] }, 2);
        expect(kept.map((event) => event.revision)).toEqual([0n, 2n]);
      });
    });

    describe('subscribing to $all', () => {
      it('from the start: catches up on history, then delivers live events, in order', async () => {
        const category = freshCategory();
        await store.append(`${category}-1`, events(3));
        const collector = collect(store.subscribeToAll({ fromPosition: 'start', filter: { streamPrefixes: [`${category}-`] } }));
        await collector.waitFor(3);
        await store.append(`${category}-2`, events(2));
        await (subject.otherStore ?? store).append(`${category}-3`, events(1));
        const received = await collector.waitFor(6);
        await collector.stop();
        expect(received.map((event) => event.streamId)).toEqual([1, 1, 1, 2, 2, 3].map((n) => `${category}-${n}`));
        expect(positionsIncrease(received)).toBe(true);
      });

      it('takes the read-ahead hint without skipping or repeating: pages smaller than the history', async () => {
        const category = freshCategory();
        await store.append(`${category}-1`, events(7));
        await store.append(`${category}-2`, events(4));
        const collector = collect(store.subscribeToAll({ fromPosition: 'start', filter: { streamPrefixes: [`${category}-`] }, readAhead: 3 }));
        const received = await collector.waitFor(11);
        await collector.stop();
        expect(received.map((event) => `${event.streamId}/${String(event.revision)}`)).toEqual([
          ...[0, 1, 2, 3, 4, 5, 6].map((revision) => `${category}-1/${String(revision)}`),
          ...[0, 1, 2, 3].map((revision) => `${category}-2/${String(revision)}`),
        ]);
        expect(positionsIncrease(received)).toBe(true);
      });

      it('from a position: the first event delivered is the one after it', async () => {
        const category = freshCategory();
        const first = await store.append(`${category}-1`, events(1));
        await store.append(`${category}-1`, events(2));
        const collector = collect(store.subscribeToAll({ fromPosition: first.position, filter: { streamPrefixes: [`${category}-`] } }));
        const received = await collector.waitFor(2);
        const rest = await collector.stop();
        expect(received.map((event) => event.revision)).toEqual([1n, 2n]);
        expect(rest).toHaveLength(2);
      });

      it('from the end: only events appended after subscribing', async () => {
        const category = freshCategory();
        await store.append(`${category}-1`, events(2));
        // `end` is the end of what `$all` shows: on Postgres, events stay behind its horizon while an
        // older transaction on the server (another test file's) is open, and would then come after it.
        await visibleInAll(store, { streamPrefixes: [`${category}-`] }, 2);
        const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [`${category}-`] } });
        const collector = collect(subscription);
        // Give the subscription time to find the end before appending.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await store.append(`${category}-1`, events(1));
        const received = await collector.waitFor(1);
        await collector.stop();
        expect(received.map((event) => event.revision)).toEqual([2n]);
      });

      it('filters by event type and by stream prefix, never delivering system events', async () => {
        const wanted = freshCategory();
        const other = freshCategory();
        const collector = collect(store.subscribeToAll({ fromPosition: 'end', filter: { eventTypes: ['Wanted'], streamPrefixes: [`${wanted}-`] } }));
        const everything = collect(store.subscribeToAll({ fromPosition: 'end' }));
        await new Promise((resolve) => setTimeout(resolve, 300));
        await store.append(`${other}-1`, [anEvent('Wanted')]);
        await store.append(`${wanted}-1`, [anEvent('Unwanted'), anEvent('Wanted')]);
        await store.append(`${wanted}-2`, [anEvent('Wanted')]);
        const received = await collector.waitFor(2);
        await everything.waitFor(4);
        const [filtered, all] = await Promise.all([collector.stop(), everything.stop()]);
        expect(received.map((event) => `${event.streamId}@${event.revision}`)).toEqual([`${wanted}-1@1`, `${wanted}-2@0`]);
        expect(filtered).toHaveLength(2);
        expect(all.every((event) => !event.type.startsWith('$') && !event.streamId.startsWith('$'))).toBe(true);
      });

      it('8 concurrent writers append 5,000 events: a live subscriber sees each exactly once, in position order', async () => {
        const category = freshCategory('race');
        const writers = 8;
        const total = 5_000;
        const collector = collect(store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [`${category}-`] } }));
        await new Promise((resolve) => setTimeout(resolve, 300));
        const written: string[] = [];
        let remaining = total;
        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            const writerStore = writer % 2 === 1 && subject.otherStore ? subject.otherStore : store;
            for (let n = 0; remaining > 0; n++) {
              // Batches of 1 to 3 events, each writer on its own streams, some shared streams with `any`.
              const size = Math.min(remaining, 1 + ((writer + n) % 3));
              remaining -= size;
              const batch = events(size);
              written.push(...batch.map((event) => event.eventId));
              const stream = n % 5 === 0 ? `${category}-shared${n % 7}` : `${category}-w${writer}s${n % 50}`;
              await writerStore.append(stream, batch);
            }
          }),
        );
        expect(written).toHaveLength(total);
        await collector.waitFor(total, 60_000);
        // Anything extra (a duplicate) would arrive right behind the rest.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const received = await collector.stop();
        expect(received).toHaveLength(total);
        expect(new Set(received.map((event) => event.eventId))).toEqual(new Set(written));
        expect(positionsIncrease(received)).toBe(true);
      });
    });
  });
}
