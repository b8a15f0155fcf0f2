import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { credentials, status } from '@grpc/grpc-js';
import serverFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import type * as ServerFeatures from '@eventstore/db-client/generated/serverfeatures_pb.js';
import { EventStoreDBClient, START, UnavailableError, jsonEvent } from '@eventstore/db-client';
import { afterEach, describe, expect, it } from 'vitest';
import { shared } from '../support/esdb-emulator/protocol.js';
import { collect, grpcAddress, recorded, rejection, startEmulator, testEvents, uniqueStream, type Running } from './helpers.js';

describe('emulator lifecycle', () => {
  const started: Running[] = [];

  afterEach(async () => {
    await Promise.all(started.splice(0).map((running) => running.stop()));
  });

  async function start(...options: Parameters<typeof startEmulator>): Promise<Running> {
    const running = await startEmulator(...options);
    started.push(running);
    return running;
  }

  it('listens on 127.0.0.1 only, without TLS', async () => {
    const { emulator } = await start();
    const url = new URL(emulator.url);
    expect(url.protocol).toBe('esdb:');
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('tls')).toBe('false');
    // Another loopback address reaches a server bound to 0.0.0.0, not one bound to 127.0.0.1.
    const elsewhere = connect(Number(url.port), '127.0.0.2');
    const [error] = (await once(elsewhere, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('stop() ends a live subscription promptly with UNAVAILABLE and refuses appends; restart() serves the same data', async () => {
    const { emulator, client } = await start();
    const stream = uniqueStream();
    await client.appendToStream(stream, testEvents(2));
    const subscription = client.subscribeToAll({ fromPosition: START });
    subscription.on('data', () => undefined);
    await once(subscription, 'caughtUp');

    const stoppedAt = Date.now();
    const failed = once(subscription, 'error') as Promise<[unknown]>;
    await emulator.stop();
    const [subscriptionError] = await failed;
    expect(subscriptionError).toBeInstanceOf(UnavailableError);
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    // The client refetches ServerFeatures after a dropped connection and rejects with that call's raw gRPC error.
    expect(await rejection(client.appendToStream(stream, testEvents(1)))).toMatchObject({ code: status.UNAVAILABLE });

    await emulator.restart();
    const appended = await client.appendToStream(stream, testEvents(1));
    expect(appended.nextExpectedRevision).toBe(2n);
    expect(recorded(await collect(client.readStream(stream))).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
  });

  it('client.dispose() returns promptly with a subscription and an append stream open', async () => {
    const { emulator } = await start();
    const client = EventStoreDBClient.connectionString(emulator.url);
    await client.appendToStream(uniqueStream(), testEvents(1));
    const subscription = client.subscribeToAll({ fromPosition: START });
    subscription.on('data', () => undefined);
    await once(subscription, 'caughtUp');

    const disposing = Date.now();
    await client.dispose();
    expect(Date.now() - disposing).toBeLessThan(2_000);
  });

  it.each([true, false])('reports version 23.10.0 and advertises BatchAppend only when asked (batchAppend: %s)', async (batchAppend) => {
    const { emulator } = await start({ batchAppend });
    const raw = new serverFeaturesGrpc.ServerFeaturesClient(grpcAddress(emulator), credentials.createInsecure());
    const supported = await new Promise<ServerFeatures.SupportedMethods>((resolve, reject) => {
      raw.getSupportedMethods(new shared.Empty(), (error, response) => {
        if (error === null) resolve(response);
        else reject(error);
      });
    });
    raw.close();
    const methods = supported.getMethodsList().map((method) => `${method.getServiceName()}/${method.getMethodName()}`);
    expect(supported.getEventStoreServerVersion()).toBe('23.10.0');
    expect(methods).toContain('event_store.client.streams.streams/append');
    expect(methods.includes('event_store.client.streams.streams/batchappend')).toBe(batchAppend);
  });

  it('runs standalone: prints its URL, serves it, and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/esdb-emulator/main.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit') as Promise<[number | null]>;
    const lines = createInterface({ input: child.stdout });
    const [url] = (await once(lines, 'line')) as [string];
    expect(url).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);

    const client = EventStoreDBClient.connectionString(url);
    const stream = uniqueStream();
    const appended = await client.appendToStream(stream, jsonEvent({ type: 'Standalone', data: {} }));
    await client.dispose();
    expect(appended.nextExpectedRevision).toBe(0n);

    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
