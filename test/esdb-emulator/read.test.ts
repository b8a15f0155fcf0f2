import { credentials } from '@grpc/grpc-js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import { BACKWARDS, END, START, StreamNotFoundError, binaryEvent, jsonEvent, type Position } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shared, streams } from '../support/esdb-emulator/protocol.js';
import { collect, grpcAddress, recorded, rejection, startEmulator, uniqueStream, type Running } from './helpers.js';

describe('reads', () => {
  let running: Running;
  const stream = uniqueStream('read');

  beforeAll(async () => {
    running = await startEmulator();
    // One event per append: the emulator collects stats every few writes, so system events land between these.
    for (let index = 0; index < 12; index += 1) {
      await running.client.appendToStream(stream, jsonEvent({ type: index % 2 === 0 ? 'Even' : 'Odd', data: { index }, metadata: { index } }));
    }
  });

  afterAll(async () => {
    await running.stop();
  });

  describe('readStream', () => {
    it('reads forwards from the start, each event with its id, revision, position, type, data, metadata and creation time', async () => {
      const events = recorded(await collect(running.client.readStream(stream)));
      expect(events.map((event) => event.revision)).toEqual(Array.from({ length: 12 }, (_, index) => BigInt(index)));
      const [first] = events;
      expect(first).toMatchObject({ streamId: stream, type: 'Even', data: { index: 0 }, metadata: { index: 0 }, isJson: true });
      expect(first?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(first?.position?.commit).toBeGreaterThan(0n);
      expect(Math.abs((first?.created.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    });

    it('reads forwards from a revision, inclusive, up to maxCount', async () => {
      const events = recorded(await collect(running.client.readStream(stream, { fromRevision: 4n, maxCount: 3 })));
      expect(events.map((event) => event.revision)).toEqual([4n, 5n, 6n]);
    });

    it('reads backwards from the end and from a revision, inclusive', async () => {
      const fromEnd = recorded(await collect(running.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 2 })));
      const fromRevision = recorded(await collect(running.client.readStream(stream, { direction: BACKWARDS, fromRevision: 3n })));
      expect(fromEnd.map((event) => event.revision)).toEqual([11n, 10n]);
      expect(fromRevision.map((event) => event.revision)).toEqual([3n, 2n, 1n, 0n]);
    });

    it('fails with StreamNotFoundError for a stream without events', async () => {
      const missing = uniqueStream();
      const error = await rejection(collect(running.client.readStream(missing)));
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect(error).toMatchObject({ streamName: missing });
    });

    it('returns binary data and metadata as written', async () => {
      const binary = uniqueStream();
      const data = Uint8Array.from([0, 1, 2, 254, 255]);
      await running.client.appendToStream(binary, binaryEvent({ type: 'Blob', data, metadata: Uint8Array.from([9]) }));
      const [event] = recorded(await collect(running.client.readStream(binary)));
      expect(event?.isJson).toBe(false);
      expect(Buffer.from(event?.data as Uint8Array)).toEqual(Buffer.from(data));
      expect(Buffer.from(event?.metadata as Uint8Array)).toEqual(Buffer.from([9]));
    });
  });

  describe('readAll', () => {
    it('contains $-prefixed system events, some between user events', async () => {
      const all = recorded(await collect(running.client.readAll()));
      const mine = all.filter((event) => event.streamId === stream);
      const firstMine = mine[0]?.position?.commit ?? 0n;
      const lastMine = mine.at(-1)?.position?.commit ?? 0n;
      const systemBetween = all.filter((event) => event.type.startsWith('$') && (event.position?.commit ?? 0n) > firstMine && (event.position?.commit ?? 0n) < lastMine);
      expect(mine).toHaveLength(12);
      expect(all.some((event) => event.type === '$metadata' && event.streamId.startsWith('$$'))).toBe(true);
      expect(systemBetween.length).toBeGreaterThan(0);
      expect(systemBetween.every((event) => event.streamId.startsWith('$stats-'))).toBe(true);
    });

    it('orders events by strictly increasing position, backwards being the reverse of forwards', async () => {
      const forwards = recorded(await collect(running.client.readAll()));
      const backwards = recorded(await collect(running.client.readAll({ direction: BACKWARDS, fromPosition: END })));
      const commits = forwards.map((event) => event.position?.commit ?? -1n);
      expect(commits.every((commit, index) => index === 0 || commit > (commits[index - 1] ?? 0n))).toBe(true);
      expect(backwards.map((event) => event.id)).toEqual(forwards.map((event) => event.id).reverse());
    });

    it('reads forwards from a position inclusive and backwards from it exclusive, up to maxCount', async () => {
      const forwards = recorded(await collect(running.client.readAll({ fromPosition: START })));
      const pivot = forwards[5];
      const position = pivot?.position as Position;
      const after = recorded(await collect(running.client.readAll({ fromPosition: position, maxCount: 2 })));
      const before = recorded(await collect(running.client.readAll({ fromPosition: position, direction: BACKWARDS, maxCount: 2 })));
      expect(after.map((event) => event.id)).toEqual(forwards.slice(5, 7).map((event) => event.id));
      expect(before.map((event) => event.id)).toEqual([forwards[4]?.id, forwards[3]?.id]);
    });
  });

  describe('through the generated gRPC client', () => {
    let raw: streamsGrpc.StreamsClient;

    beforeAll(() => {
      raw = new streamsGrpc.StreamsClient(grpcAddress(running.emulator), credentials.createInsecure());
    });

    afterAll(() => {
      raw.close();
    });

    function allRequest(configure: (options: Streams.ReadReq.Options) => void): Streams.ReadReq {
      const options = new streams.ReadReq.Options()
        .setAll(new streams.ReadReq.Options.AllOptions().setStart(new shared.Empty()))
        .setCount('1000')
        .setUuidOption(new streams.ReadReq.Options.UUIDOption().setString(new shared.Empty()))
        .setNoFilter(new shared.Empty());
      configure(options);
      return new streams.ReadReq().setOptions(options);
    }

    function readRaw(request: Streams.ReadReq): Promise<Streams.ReadResp.ReadEvent.RecordedEvent[]> {
      return new Promise((resolve, reject) => {
        const events: Streams.ReadResp.ReadEvent.RecordedEvent[] = [];
        raw
          .read(request)
          .on('data', (response: Streams.ReadResp) => {
            const event = response.getEvent()?.getEvent();
            if (event !== undefined) events.push(event);
          })
          .on('end', () => {
            resolve(events);
          })
          .on('error', reject);
      });
    }

    const streamName = (event: Streams.ReadResp.ReadEvent.RecordedEvent): string => Buffer.from(event.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString();

    it('filters $all reads by stream name prefix and by event type regex, counting only matches', async () => {
      const byStream = await readRaw(
        allRequest((options) =>
          options.setCount('5').setFilter(
            new streams.ReadReq.Options.FilterOptions()
              .setStreamIdentifier(new streams.ReadReq.Options.FilterOptions.Expression().setPrefixList(['read-']))
              .setCount(new shared.Empty())
              .setCheckpointintervalmultiplier(1),
          ),
        ),
      );
      const byType = await readRaw(
        allRequest((options) =>
          options.setFilter(
            new streams.ReadReq.Options.FilterOptions()
              .setEventType(new streams.ReadReq.Options.FilterOptions.Expression().setRegex('^Od+$'))
              .setMax(3)
              .setCheckpointintervalmultiplier(1),
          ),
        ),
      );
      expect(byStream).toHaveLength(5);
      expect(byStream.every((event) => streamName(event).startsWith('read-'))).toBe(true);
      expect(byType).toHaveLength(6);
      expect(byType.every((event) => event.getMetadataMap().get('type') === 'Odd')).toBe(true);
    });

    it('sends structured UUIDs when asked, the same ids as strings', async () => {
      const asStrings = await readRaw(allRequest(() => undefined));
      const structured = await readRaw(allRequest((options) => options.setUuidOption(new streams.ReadReq.Options.UUIDOption().setStructured(new shared.Empty()))));
      const [first] = structured;
      const hex = [first?.getId()?.getStructured()?.getMostSignificantBits(), first?.getId()?.getStructured()?.getLeastSignificantBits()]
        .map((half) => BigInt.asUintN(64, BigInt(half ?? '0')).toString(16).padStart(16, '0'))
        .join('');
      expect(first?.getId()?.hasStructured()).toBe(true);
      expect(hex).toBe(asStrings[0]?.getId()?.getString().replaceAll('-', ''));
    });
  });
});
