import { credentials } from '@grpc/grpc-js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import { END, START, eventTypeFilter, excludeSystemEvents, jsonEvent, streamNameFilter, type Position, type ResolvedEvent, type StreamSubscription } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shared, streams } from '../support/esdb-emulator/protocol.js';
import { grpcAddress, startEmulator, testEvents, uniqueStream, type Running } from './helpers.js';

/** The recorded events a subscription delivers until `done` says so; then it unsubscribes. */
async function receive(subscription: StreamSubscription, done: (events: readonly ResolvedEvent[]) => boolean): Promise<ResolvedEvent[]> {
  const events: ResolvedEvent[] = [];
  for await (const resolved of subscription) {
    events.push(resolved);
    if (done(events)) break;
  }
  await subscription.unsubscribe();
  return events;
}

const typeOf = (resolved: ResolvedEvent): string => resolved.event?.type ?? '';

describe('subscriptions', () => {
  let running: Running;

  beforeAll(async () => {
    running = await startEmulator();
    await running.client.appendToStream(uniqueStream('before'), testEvents(12));
  });

  afterAll(async () => {
    await running.stop();
  });

  it('to $all from the start: catch-up events, caughtUp, then live events, each once and in order', async () => {
    const prefix = uniqueStream('live');
    await running.client.appendToStream(`${prefix}-a`, testEvents(3));
    const subscription = running.client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [prefix] }) });
    let caughtUp = false;
    subscription.on('caughtUp', () => {
      caughtUp = true;
      void running.client.appendToStream(`${prefix}-b`, testEvents(2));
    });
    const events = await receive(subscription, (received) => received.length === 5);
    expect(caughtUp).toBe(true);
    expect(events.map((resolved) => `${resolved.event?.streamId.slice(-1) ?? ''}${resolved.event?.revision.toString() ?? ''}`)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    const commits = events.map((resolved) => resolved.event?.position?.commit ?? 0n);
    expect(commits.every((commit, index) => index === 0 || commit > (commits[index - 1] ?? 0n))).toBe(true);
  });

  it('to $all from a position: only what comes after it', async () => {
    const stream = uniqueStream();
    const first = await running.client.appendToStream(stream, testEvents(1));
    await running.client.appendToStream(stream, jsonEvent({ type: 'Second', data: {} }));
    const subscription = running.client.subscribeToAll({ fromPosition: first.position as Position, filter: streamNameFilter({ prefixes: [stream] }) });
    const [event] = await receive(subscription, (received) => received.length === 1);
    expect(event?.event).toMatchObject({ streamId: stream, type: 'Second', revision: 1n });
  });

  it('to $all from the end: only events appended afterwards', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(2));
    const subscription = running.client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ prefixes: [stream] }) });
    subscription.on('confirmation', () => {
      void running.client.appendToStream(stream, jsonEvent({ type: 'Later', data: {} }));
    });
    const [event] = await receive(subscription, (received) => received.length === 1);
    expect(event?.event).toMatchObject({ type: 'Later', revision: 2n });
  });

  it('delivers system events unfiltered, and excludeSystemEvents removes them', async () => {
    const marker = `Marker-${uniqueStream()}`;
    await running.client.appendToStream(uniqueStream(), jsonEvent({ type: marker, data: {} }));
    const untilMarker = (received: readonly ResolvedEvent[]): boolean => received.some((resolved) => typeOf(resolved) === marker);
    const everything = await receive(running.client.subscribeToAll({ fromPosition: START }), untilMarker);
    const userOnly = await receive(running.client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() }), untilMarker);
    expect(everything.some((resolved) => typeOf(resolved).startsWith('$'))).toBe(true);
    expect(userOnly.some((resolved) => typeOf(resolved).startsWith('$'))).toBe(false);
    expect(userOnly.map((resolved) => resolved.event?.id)).toEqual(everything.filter((resolved) => !typeOf(resolved).startsWith('$')).map((resolved) => resolved.event?.id));
  });

  it('filters on the event type by regex', async () => {
    const type = `Typed${Math.random().toString(36).slice(2)}`;
    await running.client.appendToStream(uniqueStream(), [jsonEvent({ type: `${type}A`, data: {} }), jsonEvent({ type: 'Other', data: {} })]);
    await running.client.appendToStream(uniqueStream(), jsonEvent({ type: `${type}B`, data: {} }));
    const subscription = running.client.subscribeToAll({ fromPosition: START, filter: eventTypeFilter({ regex: `^${type}[AB]$` }) });
    const events = await receive(subscription, (received) => received.length === 2);
    expect(events.map(typeOf)).toEqual([`${type}A`, `${type}B`]);
  });

  it('sends a checkpoint every maxSearchWindow × checkpointInterval considered events, to resume past non-matching ones', async () => {
    const prefix = uniqueStream('matching');
    const start = await running.client.appendToStream(prefix, testEvents(1));
    for (let append = 0; append < 6; append += 1) await running.client.appendToStream(uniqueStream('other'), testEvents(10));
    const last = await running.client.appendToStream(prefix, jsonEvent({ type: 'Last', data: {} }));
    const startCommit = start.position?.commit ?? 0n;
    const lastCommit = last.position?.commit ?? 0n;

    const checkpoints: Position[] = [];
    const filter = streamNameFilter({
      prefixes: [prefix],
      maxSearchWindow: 10,
      checkpointInterval: 2,
      checkpointReached: (_subscription, position) => {
        checkpoints.push(position);
      },
    });
    const [event] = await receive(running.client.subscribeToAll({ fromPosition: start.position as Position, filter }), (received) => received.length === 1);
    expect(event?.event?.type).toBe('Last');
    // 60 non-matching user events and the system events between them: at least 3 intervals of 20.
    expect(checkpoints.length).toBeGreaterThanOrEqual(3);
    const commits = checkpoints.map((position) => position.commit);
    expect(commits.every((commit, index) => commit > startCommit && commit < lastCommit && commit > (commits[index - 1] ?? 0n))).toBe(true);
    expect(checkpoints.every((position) => position.prepare === position.commit)).toBe(true);

    const resumed = await receive(running.client.subscribeToAll({ fromPosition: checkpoints.at(-1) as Position, filter: streamNameFilter({ prefixes: [prefix] }) }), (received) => received.length === 1);
    expect(resumed[0]?.event?.id).toBe(event?.event?.id);
  });

  it('to a stream from the start, from a revision (exclusive) and from the end', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(3));
    const revisions = (events: readonly ResolvedEvent[]): bigint[] => events.map((resolved) => resolved.event?.revision ?? -1n);

    const fromStart = running.client.subscribeToStream(stream, { fromRevision: START });
    const fromRevision = running.client.subscribeToStream(stream, { fromRevision: 1n });
    const fromEnd = running.client.subscribeToStream(stream, { fromRevision: END });
    fromEnd.on('confirmation', () => {
      void running.client.appendToStream(stream, testEvents(1));
    });
    const [started, revised, ended] = await Promise.all([
      receive(fromStart, (received) => received.length === 4),
      receive(fromRevision, (received) => received.length === 2),
      receive(fromEnd, (received) => received.length === 1),
    ]);
    expect(revisions(started)).toEqual([0n, 1n, 2n, 3n]);
    expect(revisions(revised)).toEqual([2n, 3n]);
    expect(revisions(ended)).toEqual([3n]);
  });

  it('sends confirmation, catch-up events, caught_up, then live events on the wire', async () => {
    const stream = uniqueStream();
    await running.client.appendToStream(stream, testEvents(2));
    const raw = new streamsGrpc.StreamsClient(grpcAddress(running.emulator), credentials.createInsecure());
    const options = new streams.ReadReq.Options()
      .setStream(new streams.ReadReq.Options.StreamOptions().setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(stream))).setStart(new shared.Empty()))
      .setSubscription(new streams.ReadReq.Options.SubscriptionOptions())
      .setUuidOption(new streams.ReadReq.Options.UUIDOption().setString(new shared.Empty()))
      .setNoFilter(new shared.Empty());
    const call = raw.read(new streams.ReadReq().setOptions(options));
    const kinds = await new Promise<string[]>((resolve, reject) => {
      const seen: string[] = [];
      call.on('data', (response: Streams.ReadResp) => {
        seen.push(response.hasConfirmation() ? 'confirmation' : response.hasCaughtUp() ? 'caughtUp' : response.hasEvent() ? 'event' : 'other');
        if (response.hasCaughtUp()) void running.client.appendToStream(stream, testEvents(1));
        if (seen.length === 5) resolve(seen);
      });
      call.on('error', reject);
    });
    call.cancel();
    raw.close();
    expect(kinds).toEqual(['confirmation', 'event', 'event', 'caughtUp', 'event']);
  });
});
