import { once } from 'node:events';
import { END, EventStoreDBClient, NO_STREAM, START, jsonEvent, streamNameFilter, type StreamSubscription } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, uniqueStream, type Running } from './helpers.js';

const WRITERS = 8;
const EVENTS_PER_WRITER = 5_000;
const EVENTS_PER_APPEND = 10;
const TOTAL = WRITERS * EVENTS_PER_WRITER;

interface Sequenced {
  readonly writer: number;
  readonly sequence: number;
}

interface Delivery {
  readonly count: number;
  readonly distinctIds: number;
  readonly inOrder: boolean;
}

/** Reads `TOTAL` events, checking $all order and each writer's sequence as they come. */
async function deliveries(subscription: StreamSubscription): Promise<Delivery> {
  const next = new Array<number>(WRITERS).fill(0);
  const ids = new Set<string>();
  let count = 0;
  let inOrder = true;
  let lastCommit = -1n;
  for await (const resolved of subscription) {
    const event = resolved.event;
    if (event === undefined) continue;
    const { writer, sequence } = event.data as unknown as Sequenced;
    const commit = event.position?.commit ?? -1n;
    inOrder &&= commit > lastCommit && next[writer] === sequence;
    next[writer] = sequence + 1;
    lastCommit = commit;
    ids.add(event.id);
    count += 1;
    if (count === TOTAL) break;
  }
  await subscription.unsubscribe();
  return { count, distinctIds: ids.size, inOrder };
}

describe.each([{ batchAppend: true }, { batchAppend: false }])('concurrency, batchAppend: $batchAppend', ({ batchAppend }) => {
  let running: Running;

  beforeAll(async () => {
    running = await startEmulator({ batchAppend });
  });

  afterAll(async () => {
    await running.stop();
  });

  // Some 10 s per path on two idle cores; room for a busy machine.
  it(`${WRITERS} writers × ${EVENTS_PER_WRITER} events: a live and a catching-up subscriber get each event once, in order`, { timeout: 180_000 }, async () => {
    const prefix = uniqueStream('load');
    const filter = streamNameFilter({ prefixes: [prefix] });
    const live = running.client.subscribeToAll({ fromPosition: END, filter });
    await once(live, 'caughtUp');
    const liveDelivery = deliveries(live);
    let catchingUp: Promise<Delivery> | undefined;

    // One client per writer, disposed of only when all are done: the client keeps BatchAppend's pending
    // appends in a module-wide map that disposing any client clears, failing the others' appends.
    const clients = Array.from({ length: WRITERS }, () => EventStoreDBClient.connectionString(running.emulator.url));
    const write = async (client: EventStoreDBClient, writer: number): Promise<void> => {
      for (let sequence = 0; sequence < EVENTS_PER_WRITER; sequence += EVENTS_PER_APPEND) {
        const events = Array.from({ length: EVENTS_PER_APPEND }, (_, offset) => jsonEvent({ type: 'Load', data: { writer, sequence: sequence + offset } }));
        await client.appendToStream(`${prefix}-${writer}`, events, { expectedRevision: sequence === 0 ? NO_STREAM : BigInt(sequence - 1) });
        // Halfway through, a second subscriber starts from the beginning and must catch up while writes go on.
        if (writer === 0 && sequence === EVENTS_PER_WRITER / 2) catchingUp = deliveries(running.client.subscribeToAll({ fromPosition: START, filter }));
      }
    };
    await Promise.all(clients.map(write));
    await Promise.all(clients.map((client) => client.dispose()));

    const expected: Delivery = { count: TOTAL, distinctIds: TOTAL, inOrder: true };
    expect(await liveDelivery).toEqual(expected);
    expect(await catchingUp).toEqual(expected);
  });
});
