import { describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { createLogger } from '../../infra/logging/logger.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { Projection } from '../../projections/projection.js';
import { listParkedEvents, retryParkedEvent } from '../../projections/runner/parked-events.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { rebuildProjections } from '../../projections/runner/rebuild.js';
import { installProjectionSchema } from '../../projections/runner/schema.js';
import { ReadModelPositions } from '../../read-api/http/read-model-positions.js';
import { anEvent, freshCategory } from '../support/events.js';
import { useEventStoreDatabase } from '../support/postgres.js';

const logger = createLogger('silent');

/** A read model of the events a category's streams hold: one row per event, written idempotently. */
function seenEvents(name: string, category: string, fault?: (event: RecordedEvent, tx: SqlExecutor) => Promise<void>): Projection {
  const table = `seen_${name}`;
  return {
    name,
    schema: `CREATE TABLE IF NOT EXISTS ${table} (event_id uuid PRIMARY KEY, position bigint NOT NULL, stream_id text NOT NULL, n integer NOT NULL);`,
    tables: [table],
    async apply(tx, events) {
      for (const event of events) await fault?.(event, tx);
      const mine = events.filter((event) => event.streamId.startsWith(`${category}-`));
      if (mine.length === 0) return;
      await tx.query(
        `INSERT INTO ${table} (event_id, position, stream_id, n) SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::int[]) ON CONFLICT (event_id) DO NOTHING`,
        [mine.map((event) => event.eventId), mine.map((event) => event.position.toString()), mine.map((event) => event.streamId), mine.map((event) => Number(event.data.n))],
      );
    },
  };
}

describe('the projection runner', () => {
  const fixture = useEventStoreDatabase();

  const setUp = async (projection: Projection) => {
    await migrate(fixture.db, projectionMigrations);
    await installProjectionSchema(fixture.db, projection);
    const { store } = await PostgresEventStore.open(fixture.db, { pollIntervalMs: 20 });
    return { store, positions: new ReadModelPositions(fixture.db) };
  };
  const rows = async (projection: Projection) => (await fixture.db.query(`SELECT event_id, position::text AS position, n FROM ${projection.tables[0] ?? ''} ORDER BY position`)).rows;
  /** Appends `count` events over 7 streams; the position of the last one (what a runner must reach). */
  const appendMany = async (store: PostgresEventStore, category: string, count: number, from = 0): Promise<bigint> => {
    let last = -1n;
    for (let n = from; n < from + count; n += 10) {
      const results = await Promise.all(Array.from({ length: Math.min(10, from + count - n) }, (_, i) => store.append(`${category}-${(n + i) % 7}`, [anEvent('Counted', { n: n + i })])));
      for (const result of results) if (result.position > last) last = result.position;
    }
    return last;
  };

  it('catches up, then follows live appends; read-your-writes waiters wake as batches commit', async () => {
    const category = freshCategory();
    const projection = seenEvents(`live_${category}`, category);
    const { store, positions } = await setUp(projection);
    const first = await appendMany(store, category, 300);
    const runner = new ProjectionRunner(projection, store, fixture.db, positions, logger, { batchSize: 100 });
    runner.start();
    try {
      expect(await positions.waitFor([projection.name], first, 10_000)).toBeDefined();
      const head = await appendMany(store, category, 50, 300);
      expect(await positions.waitFor([projection.name], head, 10_000)).toBeGreaterThanOrEqual(head);
      const seen = await rows(projection);
      expect(seen.map((row) => row.n).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 350 }, (_, n) => n));
      expect(runner.status()).toMatchObject({ leader: true, running: true, lagMs: 0 });
    } finally {
      await runner.stop();
      await store.close();
    }
  });

  it('after an error thrown inside a batch\'s transaction, ends with the read model a rebuild from scratch makes', async () => {
    const category = freshCategory();
    let crashes = 0;
    const crashing = seenEvents(`crash_${category}`, category, async (event, tx) => {
      // Write part of the batch, then fail inside the same transaction, three times in all.
      if (event.streamId.startsWith(`${category}-`) && Number(event.data.n) % 97 === 50 && crashes < 3) {
        crashes++;
        await tx.query(`INSERT INTO seen_crash_${category} VALUES ('00000000-0000-4000-8000-000000000000', 0, 'half-done', -1)`);
        throw new Error('crash in the middle of a batch');
      }
    });
    const { store, positions } = await setUp(crashing);
    const last = await appendMany(store, category, 400);
    const runner = new ProjectionRunner(crashing, store, fixture.db, positions, logger, { batchSize: 64, backoffMs: 5, attempts: 5 });
    runner.start();
    try {
      expect(await positions.waitFor([crashing.name], last, 20_000)).toBeDefined();
    } finally {
      await runner.stop();
    }
    expect(crashes).toBe(3);
    const live = await rows(crashing);
    await rebuildProjections(fixture.db, store, [seenEvents(crashing.name, category)]);
    expect(await rows(crashing)).toEqual(live);
    expect(live).toHaveLength(400);
    expect(await listParkedEvents(fixture.db, crashing.name)).toEqual([]);
    await store.close();
  });

  it('parks an event that keeps failing, applies the rest, and applies it on retry once the cause is gone', async () => {
    const category = freshCategory();
    let broken = true;
    const faulty = seenEvents(`park_${category}`, category, (event) => (broken && event.streamId.startsWith(`${category}-`) && event.data.n === 13 ? Promise.reject(new Error('cannot read event 13')) : Promise.resolve()));
    const { store, positions } = await setUp(faulty);
    const last = await appendMany(store, category, 40);
    const runner = new ProjectionRunner(faulty, store, fixture.db, positions, logger, { batchSize: 16, backoffMs: 1, attempts: 2 });
    runner.start();
    try {
      expect(await positions.waitFor([faulty.name], last, 20_000)).toBeDefined();
    } finally {
      await runner.stop();
    }
    expect((await rows(faulty)).map((row) => row.n)).not.toContain(13);
    expect(await rows(faulty)).toHaveLength(39);
    const parkedEvents = await listParkedEvents(fixture.db, faulty.name);
    expect(parkedEvents).toHaveLength(1);
    const [parked] = parkedEvents;
    expect(parked).toMatchObject({ projection: faulty.name, type: 'Counted', error: 'Error: cannot read event 13', attempts: 2 });
    if (parked === undefined) throw new Error('nothing was parked');
    expect(await retryParkedEvent(fixture.db, store, [faulty], parked)).toEqual({ ok: false, error: 'cannot read event 13' });
    broken = false;
    expect(await retryParkedEvent(fixture.db, store, [faulty], parked)).toEqual({ ok: true });
    expect((await rows(faulty)).map((row) => row.n)).toContain(13);
    expect(await listParkedEvents(fixture.db, faulty.name)).toEqual([]);
    await store.close();
  });

  it('runs a projection in one runner at a time; another takes over when it stops', async () => {
    const category = freshCategory();
    const projection = seenEvents(`lease_${category}`, category);
    const { store, positions } = await setUp(projection);
    const options = { batchSize: 10, leaseMs: 600 };
    const first = new ProjectionRunner(projection, store, fixture.db, positions, logger, options);
    const second = new ProjectionRunner(projection, store, fixture.db, positions, logger, options);
    first.start();
    expect(await positions.waitFor([projection.name], await appendMany(store, category, 20), 10_000)).toBeDefined();
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect([first.status().leader, second.status().leader]).toEqual([true, false]);
    await first.stop();
    expect(await positions.waitFor([projection.name], await appendMany(store, category, 20, 20), 10_000)).toBeDefined();
    expect(second.status().leader).toBe(true);
    await second.stop();
    expect(await rows(projection)).toHaveLength(40);
    await store.close();
  });
});
