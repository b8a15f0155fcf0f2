import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventHash } from '../../infra/event-store/hash-chain/event-hash.js';
import { EventMetadataSchema } from '../../infra/event-store/metadata.js';
import { HashChainingEventStore } from '../../infra/event-store/hash-chain/hash-chaining-event-store.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { jsonLines, runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { anOrder } from '../support/shop-events.js';

const FindingSchema = z.looseObject({ check: z.string() });
const findingsIn = (stdout: string) => jsonLines(stdout, FindingSchema);

// In order, on one database: each test tampers a little more with what the one before left.
describe('shopverse audit verify', () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  const orders = [anOrder(randomUUID(), [randomUUID()], 'confirmed'), anOrder(randomUUID(), [randomUUID(), randomUUID()], 'cancelled')];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openPgDatabase(database.url);
    await migrate(db, eventStoreMigrations);
    // Appended as ShopVerse appends: chained.
    const store = new HashChainingEventStore((await PostgresEventStore.open(db)).store);
    for (const order of orders) await store.append(order.streamId, order.events, { expectedRevision: 'no_stream' });
  });

  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const eventIdAt = async (streamId: string, revision: number): Promise<string> =>
    z.object({ event_id: z.string() }).parse((await db.query('SELECT event_id::text FROM es_events WHERE stream_id = $1 AND revision = $2', [streamId, revision])).rows[0]).event_id;

  it('passes a clean store whose read models are up to date, with progress and a summary on stderr', () => {
    const rebuilt = runCli(database.url, 'projections', 'rebuild', '--all');
    expect(rebuilt.status, rebuilt.stderr).toBe(0);
    const result = runCli(database.url, 'audit', 'verify');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/100%/);
    expect(result.stderr).toContain('no findings');
  });

  it('fails naming the table and the row of a read model row corrupted directly in Postgres', async () => {
    const orderId = z.object({ orderId: z.string() }).parse(orders[0]?.events[0]?.data).orderId;
    await db.query(`UPDATE orders SET status = 'shipped' WHERE order_id = $1`, [orderId]);
    const result = runCli(database.url, 'audit', 'verify');
    expect(result.status).toBe(1);
    const findings = findingsIn(result.stdout);
    expect(findings).toEqual([
      expect.objectContaining({ check: 'read-model', kind: 'row', projection: 'orders', table: 'orders', only: 'live', row: expect.objectContaining({ order_id: orderId, status: 'shipped' }) as unknown }),
      expect.objectContaining({ check: 'read-model', kind: 'row', projection: 'orders', table: 'orders', only: 'rebuilt', row: expect.objectContaining({ order_id: orderId, status: 'confirmed' }) as unknown }),
    ]);
    expect(result.stderr).toContain('2 findings');
    expect(runCli(database.url, 'projections', 'rebuild', 'orders').status).toBe(0);
    expect(runCli(database.url, 'audit', 'verify').status).toBe(0);
  });

  it('fails naming the event whose data was altered in Postgres, still fitting its schema, and the one after an event whose hash was forged too', async () => {
    const [first] = orders;
    if (first === undefined) throw new Error('orders were appended');
    const altered = await eventIdAt(first.streamId, 0);
    await db.query(`UPDATE es_events SET metadata = jsonb_set(metadata, '{actorId}', '"someone-else"') WHERE event_id = $1`, [altered]);
    const result = runCli(database.url, 'audit', 'verify');
    expect(result.status).toBe(1);
    expect(findingsIn(result.stdout)).toEqual([expect.objectContaining({ check: 'hash-chain', eventId: altered, streamId: first.streamId, revision: '0', problem: expect.stringContaining('no longer matches its hash') as unknown })]);

    const { rows } = await db.query('SELECT stream_id, revision::text, event_id::text, type, data, metadata FROM es_events WHERE event_id = $1', [altered]);
    const row = z.object({ stream_id: z.string(), revision: z.string(), event_id: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()), metadata: EventMetadataSchema }).parse(rows[0]);
    const forgedHash = eventHash({ streamId: row.stream_id, revision: BigInt(row.revision), eventId: row.event_id, type: row.type, data: row.data, metadata: row.metadata });
    await db.query(`UPDATE es_events SET metadata = jsonb_set(metadata, '{hash}', to_jsonb($2::text)) WHERE event_id = $1`, [altered, forgedHash]);
    const next = await eventIdAt(first.streamId, 1);
    const forged = runCli(database.url, 'audit', 'verify');
    expect(forged.status).toBe(1);
    expect(findingsIn(forged.stdout)).toEqual([expect.objectContaining({ check: 'hash-chain', eventId: next, revision: '1', problem: expect.stringContaining('does not link') as unknown })]);
  });

  it('fails naming the event whose data was altered in Postgres so that it no longer fits its schema', async () => {
    const [first] = orders;
    if (first === undefined) throw new Error('orders were appended');
    const altered = await eventIdAt(first.streamId, 0);
    await db.query(`UPDATE es_events SET data = jsonb_set(data, '{lines}', '"none"') WHERE event_id = $1`, [altered]);
    const result = runCli(database.url, 'audit', 'verify');
    expect(result.status).toBe(1);
    expect(findingsIn(result.stdout)).toContainEqual(expect.objectContaining({ check: 'event-schema', eventId: altered, streamId: first.streamId, revision: '0' }));
  });

  it('fails naming where an event was deleted from the middle of a stream', async () => {
    const second = orders[1];
    if (second === undefined) throw new Error('orders were appended');
    const following = await eventIdAt(second.streamId, 1);
    await db.query('DELETE FROM es_events WHERE stream_id = $1 AND revision = 0', [second.streamId]);
    const result = runCli(database.url, 'audit', 'verify');
    expect(result.status).toBe(1);
    expect(findingsIn(result.stdout)).toContainEqual(expect.objectContaining({ check: 'stream-revisions', streamId: second.streamId, eventId: following, problem: expect.stringContaining('revision 0 is missing') as unknown }));
  });
});
