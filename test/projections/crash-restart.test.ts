import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { ShopHistory } from '../../bench/support/domain-history.js';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { createLogger } from '../../infra/logging/logger.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { readModelProjections } from '../../projections/read-models.js';
import { ReadModelRunners } from '../../projections/runner/read-model-runners.js';
import { rebuildProjections } from '../../projections/runner/rebuild.js';
import { ReadModelPositions } from '../../read-api/http/read-model-positions.js';
import { useEventStoreDatabase } from '../support/postgres.js';

async function snapshot(db: SqlExecutor): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of readModelProjections.flatMap((projection) => projection.tables)) {
    tables[table] = (await db.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`)).rows.map((row) => String(row.row));
  }
  return tables;
}

const checkpoints = async (db: SqlExecutor): Promise<bigint[]> => (await db.query('SELECT position::text AS position FROM projection_checkpoints')).rows.map((row) => BigInt(String(row.position)));

const fixture = useEventStoreDatabase();

it('a runner process killed in the middle of its batches, then restarted, ends with the read models a rebuild from scratch makes', async () => {
  await migrate(fixture.db, projectionMigrations);
  const { store } = await PostgresEventStore.open(fixture.db);
  const history = new ShopHistory(7);
  let last = -1n;
  for (let events = 0; events < 6_000; ) {
    const appends = history.next();
    for (const { position } of await Promise.all(appends.map((append) => store.append(append.streamId, append.events)))) if (position > last) last = position;
    events += appends.reduce((sum, append) => sum + append.events.length, 0);
  }

  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/read-model-runner-process.ts', fixture.url], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const deadline = Date.now() + 30_000;
    // Kill it once some batches are in and while others are still to come.
    for (;;) {
      const reached = await checkpoints(fixture.db);
      if (reached.length === readModelProjections.length && reached.some((position) => position > 0n)) break;
      if (Date.now() > deadline) throw new Error('the runner process never got going');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGKILL');
  }
  await once(child, 'exit');
  const atKill = await checkpoints(fixture.db);
  expect(atKill.some((position) => position < last)).toBe(true);

  const positions = new ReadModelPositions(fixture.db);
  const runners = await ReadModelRunners.prepare(readModelProjections, { store, db: fixture.db, positions, logger: createLogger('silent') }, { leaseMs: 1_500 });
  runners.start();
  try {
    expect(await positions.waitFor(readModelProjections.map((projection) => projection.name), last, 30_000)).toBeDefined();
  } finally {
    await runners.stop();
  }
  const restarted = await snapshot(fixture.db);
  expect(restarted.orders?.length).toBeGreaterThan(0);
  await rebuildProjections(fixture.db, store, readModelProjections);
  expect(await snapshot(fixture.db)).toEqual(restarted);
  await store.close();
});
