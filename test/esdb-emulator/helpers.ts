import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent, type EventData, type ResolvedEvent } from '@eventstore/db-client';
import { EsdbEmulator, type EsdbEmulatorOptions } from '../support/esdb-emulator/emulator.js';

export interface Running {
  readonly emulator: EsdbEmulator;
  readonly client: EventStoreDBClient;
  stop(): Promise<void>;
}

/** An emulator and a client of it; `stop` disposes of both. */
export async function startEmulator(options: EsdbEmulatorOptions = {}): Promise<Running> {
  const emulator = await EsdbEmulator.start(options);
  const client = EventStoreDBClient.connectionString(emulator.url);
  return {
    emulator,
    client,
    stop: async () => {
      await client.dispose();
      await emulator.close();
    },
  };
}

/** A stream name no other test uses. */
export function uniqueStream(prefix = 'stream'): string {
  return `${prefix}-${randomUUID()}`;
}

export function testEvents(count: number, type = 'TestEvent'): EventData[] {
  return Array.from({ length: count }, (_, index) => jsonEvent({ type, data: { index } }));
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

/** The recorded events of a read, failing the test on a link-only entry. */
export function recorded(resolved: readonly ResolvedEvent[]): NonNullable<ResolvedEvent['event']>[] {
  return resolved.map((entry) => {
    if (entry.event === undefined) throw new Error('expected a recorded event');
    return entry.event;
  });
}

/** The gRPC address (host:port) of an emulator, for the generated clients. */
export function grpcAddress(emulator: EsdbEmulator): string {
  return new URL(emulator.url).host;
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
