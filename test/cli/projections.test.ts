import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { eventStoreMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { readModelProjections } from '../../projections/read-models.js';
import { metadata } from '../support/events.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const names = readModelProjections.map((projection) => projection.name);

const ListSchema = z.array(
  z.object({
    name: z.string(),
    checkpoint: z.string().nullable(),
    lease: z.object({ owner: z.string(), expiresAt: z.string() }).nullable(),
    behind: z.object({ events: z.number(), more: z.boolean() }),
    lagSeconds: z.number(),
    parked: z.number(),
  }),
);

const productCreated = (productId: string, categoryId: string, name: string) => ({
  eventId: randomUUID(),
  type: 'ProductCreated',
  data: { productId, sku: `SKU-${productId.slice(0, 8)}`, name, description: 'Sleeps two.', price: { amount: 24_900, currency: 'EUR' }, categoryId, attributes: { colour: 'green' }, createdAt: new Date().toISOString() },
  metadata: metadata(),
});

// The tests run in order on one database: each builds on what the one before left.
describe('shopverse projections', () => {
  let database: TestDatabase;
  let db: SqlDatabase;
  let store: PostgresEventStore;
  const categoryId = randomUUID();
  const productIds = [randomUUID(), randomUUID()];

  const run = (...args: string[]) => runCli(database.url, 'projections', ...args);
  const list = () => {
    const result = run('list', '--json');
    expect(result.status, result.stderr).toBe(0);
    return new Map(ListSchema.parse(JSON.parse(result.stdout)).map((state) => [state.name, state]));
  };
  const count = async (sql: string): Promise<number> => Number(z.object({ n: z.string() }).parse((await db.query(`SELECT count(*)::text AS n FROM ${sql}`)).rows[0]).n);
  const head = async (): Promise<RecordedEvent> => {
    const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    if (last === undefined) throw new Error('the store is empty');
    return last;
  };
  const park = async (event: RecordedEvent, eventId = event.eventId): Promise<string> => {
    const { rows } = await db.query(
      `INSERT INTO projection_parked_events (projection, position, event_id, stream_id, type, error, attempts) VALUES ('catalog', $1, $2, $3, $4, 'Error: boom', 4) RETURNING id::text AS id`,
      [event.position.toString(), eventId, event.streamId, event.type],
    );
    return z.object({ id: z.string() }).parse(rows[0]).id;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = openPgDatabase(database.url);
    await migrate(db, eventStoreMigrations);
    ({ store } = await PostgresEventStore.open(db));
    await store.append(`category-${categoryId}`, [
      { eventId: randomUUID(), type: 'CategoryCreated', data: { categoryId, name: 'Tents', parentId: null, createdAt: new Date().toISOString() }, metadata: metadata() },
    ]);
    for (const [index, productId] of productIds.entries()) await store.append(`product-${productId}`, [productCreated(productId, categoryId, `Tent ${String(index)}`)]);
  });

  afterAll(async () => {
    await store.close();
    await db.close();
    await database.drop();
  });

  it('list shows every projection, with how far behind it is, on a database nothing ran on yet', () => {
    const table = run('list');
    expect(table.status, table.stderr).toBe(0);
    for (const name of names) expect(table.stdout).toMatch(new RegExp(`^${name}\\s+none\\s+free\\s+3\\s+\\d+\\.\\d s\\s+0$`, 'm'));
    const states = list();
    expect([...states.keys()]).toEqual(names);
    for (const state of states.values()) {
      expect(state).toMatchObject({ checkpoint: null, lease: null, behind: { events: 3, more: false }, parked: 0 });
      expect(state.lagSeconds).toBeGreaterThan(0);
    }
  });

  it('list tells which projections some process holds the lease of, and until when', async () => {
    await db.query(`INSERT INTO projection_leases (name, owner, expires_at) VALUES ('orders', 'worker-1/42/abc', now() + interval '1 minute'), ('users', 'gone/1/x', now() - interval '1 second')`);
    try {
      const states = list();
      expect(states.get('orders')?.lease).toEqual({ owner: 'worker-1/42/abc', expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) as unknown });
      expect(states.get('users')?.lease).toBeNull();
    } finally {
      await db.query('DELETE FROM projection_leases');
    }
  });

  it('rebuild fills the read model, shows progress and a summary, and moves the checkpoint to the last event', async () => {
    const last = await head();
    const result = run('rebuild', 'catalog');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^100%\s+3 events\s+[\d,]+\/s$/m);
    expect(result.stdout.trim()).toMatch(new RegExp(`^rebuilt catalog: 3 events in \\d+\\.\\d s \\([\\d,]+ events/s\\); checkpoint ${last.position.toString()}$`));
    expect(await count('catalog_products')).toBe(2);
    expect(await count('catalog_categories')).toBe(1);
    const states = list();
    expect(states.get('catalog')).toMatchObject({ checkpoint: last.position.toString(), behind: { events: 0, more: false }, lagSeconds: 0 });
    expect(states.get('inventory')).toMatchObject({ checkpoint: null, behind: { events: 3 } });
  });

  it('rebuild of an unknown projection exits 2 naming the projections there are', () => {
    const result = run('rebuild', 'nope');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`no projection named "nope"; the projections are: ${names.join(', ')}`);
  });

  it('parked lists a parked event, and retry applies it and takes it off the list', async () => {
    const productId = randomUUID();
    await store.append(`product-${productId}`, [productCreated(productId, categoryId, 'Late tent')]);
    // From its stream: $all may not show it yet while other tests' transactions are open.
    const [event] = await store.readStream(`product-${productId}`);
    if (event === undefined) throw new Error('the event was not appended');
    const id = await park(event);

    const parked = run('parked');
    expect(parked.status, parked.stderr).toBe(0);
    expect(parked.stdout).toMatch(new RegExp(`^${id}\\s+catalog\\s+${event.position.toString()}\\s+ProductCreated\\s+product-${productId}\\s+4\\s+\\S+Z\\s+Error: boom$`, 'm'));
    expect(run('parked', '--projection', 'orders').stdout.trim()).toBe('no parked events');

    const retried = run('retry', id);
    expect(retried.status, retried.stderr).toBe(0);
    expect(retried.stdout).toContain(`${id} catalog ProductCreated at ${event.position.toString()}: applied`);
    expect(await count('projection_parked_events')).toBe(0);
    expect(await count(`catalog_products WHERE product_id = '${productId}'`)).toBe(1);
  });

  it('retry exits 1 when a parked event still fails, and leaves it parked; an unknown id exits 2', async () => {
    const id = await park(await head(), randomUUID());
    const result = run('retry', '--all');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/still failing: the event \S+ is no longer at position \d+/);
    expect(result.stdout).toContain('0 applied, 1 still failing');
    expect(run('parked').stdout).toMatch(new RegExp(`^${id}\\s+catalog\\s`, 'm'));
    expect(run('retry', '987654321').status).toBe(2);
  });
});
