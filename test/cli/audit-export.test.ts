import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { AuditEventSchema } from '../../read-api/audit/audit-event.js';
import { jsonLines, runCli } from '../support/cli.js';
import { metadata } from '../support/events.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const ndjson = (text: string) => jsonLines(text, AuditEventSchema);

describe('shopverse audit export', () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  let store: PostgresEventStore;
  let dir: string;
  const userId = randomUUID();
  const orderIds = [randomUUID(), randomUUID(), randomUUID()];
  let orderEvents: RecordedEvent[] = [];
  let between: { from: string; to: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openPgDatabase(database.url);
    await migrate(db, eventStoreMigrations);
    ({ store } = await PostgresEventStore.open(db));
    dir = mkdtempSync(join(tmpdir(), 'shopverse-audit-'));
    const registered = { userId, email: 'ada@example.test', name: 'Ada', passwordHash: 'scrypt$secret-hash', roles: ['customer'], registeredAt: new Date().toISOString() };
    await store.append(`user-${userId}`, [{ eventId: randomUUID(), type: 'UserRegistered', data: registered, metadata: metadata() }]);
    for (const orderId of orderIds) {
      await store.append(`order-${orderId}`, [{ eventId: randomUUID(), type: 'OrderShipped', data: { orderId, carrier: 'post', trackingNumber: 'T1', shippedAt: new Date().toISOString() }, metadata: metadata() }]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    orderEvents = (await store.readAll()).filter((event) => event.streamId.startsWith('order-'));
    const [first, second, third] = orderEvents;
    if (first === undefined || second === undefined || third === undefined) throw new Error('three order events were appended');
    between = { from: second.recordedAt.toISOString(), to: third.recordedAt.toISOString() };
  });

  afterAll(async () => {
    await db.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every event as a line of NDJSON with its metadata, in the store’s order, and shows progress on stderr', async () => {
    const result = runCli(database.url, 'audit', 'export');
    expect(result.status, result.stderr).toBe(0);
    const exported = ndjson(result.stdout);
    const all = await store.readAll();
    expect(exported.map((event) => event.eventId)).toEqual(all.map((event) => event.eventId));
    expect(exported.every((event) => typeof event.metadata.recordedAt === 'string' && event.metadata.correlationId !== '')).toBe(true);
    expect(result.stdout).not.toContain('secret-hash');
    expect(result.stdout).toContain('ada@example.test');
    expect(result.stderr).toMatch(/100%\s+4 events/);
    expect(result.stderr).toContain('exported 4 events');
  });

  it('keeps to [from, to), and to a category or a stream', () => {
    const window = runCli(database.url, 'audit', 'export', '--from', between.from, '--to', between.to, '--category', 'order');
    expect(window.status, window.stderr).toBe(0);
    expect(ndjson(window.stdout).map((event) => event.eventId)).toEqual([orderEvents[1]?.eventId]);

    const category = runCli(database.url, 'audit', 'export', '--category', 'user');
    expect(ndjson(category.stdout).map((event) => event.type)).toEqual(['UserRegistered']);

    const out = join(dir, 'order.ndjson');
    const stream = runCli(database.url, 'audit', 'export', '--stream', `order-${orderIds[2] ?? ''}`, '--out', out);
    expect(stream.status, stream.stderr).toBe(0);
    expect(stream.stdout).toBe('');
    expect(ndjson(readFileSync(out, 'utf8')).map((event) => event.streamId)).toEqual([`order-${orderIds[2] ?? ''}`]);
  });

  it('refuses bad options with the usage and exit code 2, exporting nothing', () => {
    for (const args of [['--from', 'yesterday'], ['--stream', 'order-1', '--category', 'order'], ['--category', 'Order!'], ['surplus']]) {
      const result = runCli(database.url, 'audit', 'export', ...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('usage:');
    }
  });
});
