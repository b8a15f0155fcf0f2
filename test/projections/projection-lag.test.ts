import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { createLogger } from '../../infra/logging/logger.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import type { Projection } from '../../projections/projection.js';
import { postgresStoreBacklog, storeBacklog, type BacklogAfter } from '../../projections/runner/event-backlog.js';
import { ReadModelRunners } from '../../projections/runner/read-model-runners.js';
import { ReadModelPositions } from '../../read-api/http/read-model-positions.js';
import { anEvent, freshCategory } from '../support/events.js';
import { useEventStoreDatabase } from '../support/postgres.js';

/** A projection that keeps nothing: only its checkpoint moves. */
function idle(name: string): Projection {
  return { name, schema: '', tables: [], apply: () => Promise.resolve() };
}

async function gauge(registry: Registry, name: string, projection: string): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  return (await metric?.get())?.values.find((sample) => sample.labels.projection === projection)?.value;
}

describe('projection lag metrics', () => {
  const fixture = useEventStoreDatabase();

  const backlogs: [string, (store: PostgresEventStore) => BacklogAfter][] = [
    ['counted in the event store table', () => postgresStoreBacklog(fixture.db)],
    ['read through the port', (store) => storeBacklog(store)],
  ];
  for (const [how, backlogOf] of backlogs) {
    it(`count the events after the checkpoint and the age of the oldest, then none once caught up (${how})`, async () => {
      await migrate(fixture.db, projectionMigrations);
      const { store } = await PostgresEventStore.open(fixture.db, { pollIntervalMs: 20 });
      const registry = new Registry();
      const projection = idle(`lag_${freshCategory()}`);
      const positions = new ReadModelPositions(fixture.db);
      const runners = await ReadModelRunners.prepare([projection], { store, db: fixture.db, positions, logger: createLogger('silent'), metrics: registry, backlog: backlogOf(store) });
      try {
        const category = freshCategory();
        const startedAt = Date.now();
        for (let n = 0; n < 3; n++) await store.append(`${category}-${String(n)}`, [anEvent('Counted', { n })]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        // Not started: the whole history waits (the file's other tests appended some too).
        const history = await store.readAll();
        expect(await gauge(registry, 'shopverse_projection_lag_events', projection.name)).toBe(history.length);
        const oldest = Math.min(...history.map((event) => event.recordedAt.getTime()));
        const lagSeconds = await gauge(registry, 'shopverse_projection_lag_seconds', projection.name);
        expect(lagSeconds).toBeGreaterThanOrEqual((startedAt - oldest + 50) / 1_000 - 0.01);
        expect(lagSeconds).toBeLessThanOrEqual((Date.now() - oldest) / 1_000 + 0.01);

        runners.start();
        const last = history.at(-1)?.position ?? -1n;
        await positions.waitFor([projection.name], last, 10_000);
        expect(await gauge(registry, 'shopverse_projection_lag_events', projection.name)).toBe(0);
        expect(await gauge(registry, 'shopverse_projection_lag_seconds', projection.name)).toBe(0);
      } finally {
        await runners.stop();
        await store.close();
      }
    });
  }
});
