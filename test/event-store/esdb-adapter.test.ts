import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError } from '../../infra/event-store/errors.js';
import { EsdbEventStore } from '../../infra/event-store/esdb/esdb-event-store.js';
import { EsdbEmulator } from '../support/esdb-emulator/emulator.js';
import { anEvent, collect, freshCategory } from '../support/events.js';

async function conflict(attempt: Promise<unknown>): Promise<WrongExpectedRevisionError> {
  const error: unknown = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof WrongExpectedRevisionError)) throw new Error(`expected a WrongExpectedRevisionError, got ${String(error)}`);
  return error;
}

describe('the EventStoreDB adapter', () => {
  let emulator: EsdbEmulator;
  let store: EsdbEventStore;
  beforeAll(async () => {
    emulator = await EsdbEmulator.start();
    store = new EsdbEventStore(emulator.url);
  });
  afterAll(async () => {
    await store.close();
    await emulator.close();
  });

  it('maps every form of wrong expected version onto WrongExpectedRevisionError with the stream and both revisions', async () => {
    const existing = `${freshCategory()}-1`;
    await store.append(existing, [anEvent(), anEvent()]);
    const missing = `${freshCategory()}-1`;
    const cases = [
      { stream: existing, expected: 'no_stream' as const, actual: 1n },
      { stream: existing, expected: 0n, actual: 1n },
      { stream: existing, expected: 5n, actual: 1n },
      { stream: missing, expected: 'stream_exists' as const, actual: 'no_stream' as const },
      { stream: missing, expected: 3n, actual: 'no_stream' as const },
    ];
    for (const { stream, expected, actual } of cases) {
      const error = await conflict(store.append(stream, [anEvent()], { expectedRevision: expected }));
      expect({ stream: error.streamId, expected: error.expectedRevision, actual: error.actualRevision }).toEqual({ stream, expected, actual });
    }
  });

  it('reports a stream without events as StreamNotFoundError, in both directions', async () => {
    const missing = `${freshCategory()}-1`;
    await expect(store.readStream(missing)).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(store.readStream(missing, { direction: 'backwards' })).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('reports a stopped server as EventStoreUnavailableError, and works again once it is back', async () => {
    const stream = `${freshCategory()}-1`;
    await emulator.stop();
    try {
      await expect(store.append(stream, [anEvent()])).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readStream(stream)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await emulator.restart();
    }
    await expect(store.append(stream, [anEvent()])).resolves.toMatchObject({ nextRevision: 0n });
  });

  it('a subscription resumes after the server restarts mid-stream, losing and repeating nothing', async () => {
    const category = freshCategory();
    const collector = collect(store.subscribeToAll({ filter: { streamPrefixes: [`${category}-`] } }));
    for (let n = 0; n < 20; n++) await store.append(`${category}-${n % 4}`, [anEvent()]);
    await collector.waitFor(20);
    await emulator.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await emulator.restart();
    const writer = new EsdbEventStore(emulator.url);
    try {
      for (let n = 20; n < 40; n++) await writer.append(`${category}-${n % 4}`, [anEvent()]);
    } finally {
      await writer.close();
    }
    await collector.waitFor(40, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const received = await collector.stop();
    expect(received).toHaveLength(40);
    expect(new Set(received.map((event) => event.eventId)).size).toBe(40);
    expect(received.every((event, i) => i === 0 || event.position > (received[i - 1]?.position ?? -1n))).toBe(true);
  });

  it('a subscription closed while the server is going away and coming back ends at once', async () => {
    const subscriptions = Array.from({ length: 6 }, () => store.subscribeToAll());
    const consuming = subscriptions.map(async (subscription) => {
      for await (const event of subscription) expect(event.type).not.toMatch(/^\$/);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await emulator.stop();
    await emulator.restart();
    const closed = Promise.all([...subscriptions.map((subscription) => subscription.close()), ...consuming]).then(() => 'closed');
    expect(await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000, 'still open after 5 s'))])).toBe('closed');
  });

  it('close() ends subscriptions and lets the process exit on its own', async () => {
    const script = `
      import { EsdbEventStore } from './infra/event-store/esdb/esdb-event-store.ts';
      const store = new EsdbEventStore(process.argv[1]);
      await store.append('closing-1', [{ eventId: crypto.randomUUID(), type: 'T', data: {}, metadata: { correlationId: 'c', causationId: null, actorId: null, occurredAt: new Date().toISOString(), schemaVersion: 1 } }]);
      const subscription = store.subscribeToAll({ fromPosition: 'end' });
      const consuming = (async () => { for await (const _ of subscription) { /* live */ } })();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await store.close();
      await consuming;
      console.log('closed');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, emulator.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 20_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'closed' });
  });
});
