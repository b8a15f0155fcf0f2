import { ANY, NO_STREAM, START, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, recorded, rejection, startEmulator, testEvents, uniqueStream, type Running } from './helpers.js';

describe('deleteStream (soft delete)', () => {
  let running: Running;

  beforeAll(async () => {
    running = await startEmulator();
  });

  afterAll(async () => {
    await running.stop();
  });

  it('makes reads say the stream is not found, and records a $metadata event in its $$ stream', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(3));
    const deleted = await running.client.deleteStream(stream);

    const error = await rejection(collect(running.client.readStream(stream)));
    expect(error).toBeInstanceOf(StreamNotFoundError);
    const [metadata] = recorded(await collect(running.client.readStream(`$$${stream}`, { fromRevision: 'end', direction: 'backwards', maxCount: 1 })));
    expect(metadata).toMatchObject({ type: '$metadata', position: deleted.position });
  });

  it('is undone by the next append, whose revisions continue after the last one; older events stay hidden', async () => {
    for (const expectedRevision of [ANY, NO_STREAM, 2n] as const) {
      const stream = uniqueStream();
      await running.client.appendToStream(stream, testEvents(3));
      await running.client.deleteStream(stream);
      const result = await running.client.appendToStream(stream, testEvents(2, 'Recreated'), { expectedRevision });
      expect(result.nextExpectedRevision).toBe(4n);
      const events = recorded(await collect(running.client.readStream(stream)));
      expect(events.map((event) => [event.revision, event.type])).toEqual([
        [3n, 'Recreated'],
        [4n, 'Recreated'],
      ]);
    }
  });

  it('honours the expected revision', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(3));
    const error = await rejection(running.client.deleteStream(stream, { expectedRevision: 1n }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: 1n, actualVersion: 2n });

    await running.client.deleteStream(stream, { expectedRevision: 2n });
    await expect(collect(running.client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('keeps the deleted events in $all', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(2));
    await running.client.deleteStream(stream);
    const all = recorded(await collect(running.client.readAll()));
    expect(all.filter((event) => event.streamId === stream)).toHaveLength(2);
  });
});

describe.each([{ batchAppend: true }, { batchAppend: false }])('tombstoneStream (hard delete), batchAppend: $batchAppend', ({ batchAppend }) => {
  let running: Running;

  beforeAll(async () => {
    running = await startEmulator({ batchAppend });
  });

  afterAll(async () => {
    await running.stop();
  });

  it('makes reads, appends, deletes and subscriptions fail with StreamDeletedError', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(2));
    await running.client.tombstoneStream(stream);

    const failures = [
      await rejection(collect(running.client.readStream(stream))),
      await rejection(running.client.appendToStream(stream, testEvents(1))),
      await rejection(running.client.deleteStream(stream)),
      await rejection(running.client.tombstoneStream(stream)),
      await rejection(collect(running.client.subscribeToStream(stream, { fromRevision: START }))),
    ];
    for (const error of failures) {
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect(error).toMatchObject({ streamName: stream });
    }
  });

  it('ends a subscription to the stream with StreamDeletedError after its events', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(2));
    const subscription = running.client.subscribeToStream(stream, { fromRevision: START });
    const received: bigint[] = [];
    subscription.on('caughtUp', () => {
      void running.client.tombstoneStream(stream);
    });
    const error = await rejection(
      (async () => {
        for await (const resolved of subscription) received.push(resolved.event?.revision ?? -1n);
      })(),
    );
    expect(received).toEqual([0n, 1n]);
    expect(error).toBeInstanceOf(StreamDeletedError);
  });

  it('honours the expected revision', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(1));
    const error = await rejection(running.client.tombstoneStream(stream, { expectedRevision: NO_STREAM }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: -1n, actualVersion: 0n });

    const tombstoned = await running.client.tombstoneStream(stream, { expectedRevision: 0n });
    const [tombstone] = recorded(await collect(running.client.readAll({ fromPosition: tombstoned.position ?? START, maxCount: 1 })));
    expect(tombstone).toMatchObject({ streamId: stream, type: '$streamDeleted', revision: 9223372036854775807n });
  });
});
