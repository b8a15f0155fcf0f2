import { ANY, NO_STREAM, STREAM_EXISTS, StreamDeletedError, WrongExpectedVersionError, jsonEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, recorded, rejection, startEmulator, testEvents, uniqueStream, type Running } from './helpers.js';

describe.each([
  { method: 'BatchAppend', other: 'Append', batchAppend: true },
  { method: 'Append', other: 'BatchAppend', batchAppend: false },
] as const)('appendToStream through Streams.$method', ({ method, other, batchAppend }) => {
  let running: Running;

  beforeAll(async () => {
    running = await startEmulator({ batchAppend });
  });

  afterAll(async () => {
    await running.stop();
  });

  it(`is served by Streams.${method} only`, async () => {
    const before = running.emulator.appendCount(method);
    await running.client.appendToStream(uniqueStream(), testEvents(2));
    expect(running.emulator.appendCount(method)).toBe(before + 1);
    expect(running.emulator.appendCount(other)).toBe(0);
  });

  it('any: creates the stream, then appends after its last revision', async () => {
    const stream = uniqueStream();
    const created = await running.client.appendToStream(stream, testEvents(2), { expectedRevision: ANY });
    const appended = await running.client.appendToStream(stream, testEvents(1), { expectedRevision: ANY });
    expect(created.nextExpectedRevision).toBe(1n);
    expect(appended.nextExpectedRevision).toBe(2n);
  });

  it('no_stream: creates the stream, then conflicts with its current revision', async () => {
    const stream = uniqueStream();
    const created = await running.client.appendToStream(stream, testEvents(2), { expectedRevision: NO_STREAM });
    expect(created.nextExpectedRevision).toBe(1n);

    const error = await rejection(running.client.appendToStream(stream, testEvents(1), { expectedRevision: NO_STREAM }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: NO_STREAM, actualVersion: 1n });
  });

  it('stream_exists: conflicts on a missing stream (actual no_stream), appends to an existing one', async () => {
    const stream = uniqueStream();
    const error = await rejection(running.client.appendToStream(stream, testEvents(1), { expectedRevision: STREAM_EXISTS }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: STREAM_EXISTS, actualVersion: NO_STREAM });

    await running.client.appendToStream(stream, testEvents(1));
    const appended = await running.client.appendToStream(stream, testEvents(1), { expectedRevision: STREAM_EXISTS });
    expect(appended.nextExpectedRevision).toBe(1n);
  });

  it('exact revision: appends at the current revision and conflicts at any other, reporting the current one', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(3));
    const appended = await running.client.appendToStream(stream, testEvents(1), { expectedRevision: 2n });
    expect(appended.nextExpectedRevision).toBe(3n);

    for (const expectedRevision of [1n, 7n]) {
      const error = await rejection(running.client.appendToStream(stream, testEvents(1), { expectedRevision }));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamName: stream, expectedVersion: expectedRevision, actualVersion: 3n });
    }
    const missing = await rejection(running.client.appendToStream(uniqueStream(), testEvents(1), { expectedRevision: 0n }));
    expect(missing).toMatchObject({ expectedVersion: 0n, actualVersion: NO_STREAM });
  });

  it('re-appending the same event ids at the same expected revision returns the original result and writes nothing', async () => {
    const stream = uniqueStream();
    const first = testEvents(2);
    const original = await running.client.appendToStream(stream, first, { expectedRevision: NO_STREAM });
    const second = testEvents(1);
    const next = await running.client.appendToStream(stream, second, { expectedRevision: 1n });

    expect(await running.client.appendToStream(stream, first, { expectedRevision: NO_STREAM })).toEqual(original);
    expect(await running.client.appendToStream(stream, second, { expectedRevision: 1n })).toEqual(next);
    expect(recorded(await collect(running.client.readStream(stream))).map((event) => event.id)).toEqual([...first, ...second].map((event) => event.id));
  });

  it('with any, re-appending the last appended ids returns the original result and writes nothing', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(1));
    const last = testEvents(2);
    const original = await running.client.appendToStream(stream, last, { expectedRevision: ANY });

    expect(await running.client.appendToStream(stream, last, { expectedRevision: ANY })).toEqual(original);
    expect(await collect(running.client.readStream(stream))).toHaveLength(3);
  });

  it('serves concurrent appends from one client, and an append the client splits into several requests', async () => {
    const streams = Array.from({ length: 20 }, () => uniqueStream());
    const results = await Promise.all(streams.map((stream, index) => running.client.appendToStream(stream, testEvents(index + 1))));
    expect(results.map((result) => result.nextExpectedRevision)).toEqual(streams.map((_, index) => BigInt(index)));

    const stream = uniqueStream();
    const before = running.emulator.appendCount(method);
    const big = testEvents(50);
    const split = await running.client.appendToStream(stream, big, { batchAppendSize: 200 });
    expect(split.nextExpectedRevision).toBe(49n);
    expect(running.emulator.appendCount(method)).toBe(before + 1);
    expect(recorded(await collect(running.client.readStream(stream))).map((event) => event.id)).toEqual(big.map((event) => event.id));
  });

  it('reports the $all position of the last event: commit equals prepare, growing by more than one per event', async () => {
    const stream = uniqueStream();
    const results = [];
    for (let index = 0; index < 3; index += 1) results.push(await running.client.appendToStream(stream, jsonEvent({ type: 'Positioned', data: { index } })));
    const positions = results.map((result) => result.position);
    for (const position of positions) expect(position?.commit).toBe(position?.prepare);
    const commits = positions.map((position) => position?.commit ?? 0n);
    expect(commits[0]).toBeGreaterThan(0n);
    expect((commits[1] ?? 0n) - (commits[0] ?? 0n)).toBeGreaterThan(1n);
    expect((commits[2] ?? 0n) - (commits[1] ?? 0n)).toBeGreaterThan(1n);

    const read = recorded(await collect(running.client.readStream(stream)));
    expect(read.map((event) => event.position)).toEqual(positions);
  });

  it('fails with StreamDeletedError on a tombstoned stream, whatever the expected revision', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(1));
    await running.client.tombstoneStream(stream);
    for (const expectedRevision of [ANY, NO_STREAM, STREAM_EXISTS, 0n] as const) {
      const error = await rejection(running.client.appendToStream(stream, testEvents(1), { expectedRevision }));
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect(error).toMatchObject({ streamName: stream });
    }
  });
});
