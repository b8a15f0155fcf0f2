import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { createMetricsRegistry } from '../../infra/metrics/metrics.js';
import { buildHttpServer } from '../../infra/http/server.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { gatewayMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { useEventStoreDatabase } from '../support/postgres.js';

describe('the HTTP server', () => {
  const fixture = useEventStoreDatabase();
  let unreachable: SqlDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    await migrate(fixture.db, gatewayMigrations);
    store = (await PostgresEventStore.open(fixture.db)).store;
    // Nothing listens on port 1: a real refused connection, as when the server is down.
    unreachable = openPgDatabase('postgres://postgres@127.0.0.1:1/none');
  });
  afterAll(async () => {
    await store.close();
    await unreachable.close();
  });

  const serverWith = (databaseForReadModels: SqlDatabase) =>
    buildHttpServer({
      logger: pino({ level: 'silent' }),
      jwtSecret: 'a test secret that is long enough to sign tokens',
      gatewayDb: fixture.db,
      rateLimit: { perMinute: 1_000, redis: undefined },
      metrics: createMetricsRegistry(),
      healthChecks: [
        { name: 'event store', adapter: store.description, check: () => store.ping() },
        { name: 'read model database', adapter: databaseForReadModels.description, check: () => databaseForReadModels.query('SELECT 1').then(() => undefined) },
      ],
    });

  it('is live, and ready when every dependency answers', async () => {
    const app = await serverWith(fixture.db);
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'live' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', dependencies: [{ name: 'event store', status: 'up' }, { name: 'read model database', status: 'up' }] });
    await app.close();
  });

  it('answers 503 on /health/ready naming the dependency that is down', async () => {
    const app = await serverWith(unreachable);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    const body = ready.json<{ status: string; dependencies: { name: string; status: string; detail?: string }[] }>();
    expect(body.status).toBe('not_ready');
    expect(body.dependencies.find((dependency) => dependency.name === 'read model database')).toMatchObject({ status: 'down', detail: expect.stringMatching(/ECONNREFUSED/) as unknown });
    expect(body.dependencies.find((dependency) => dependency.name === 'event store')?.status).toBe('up');
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    await app.close();
  });

  it('echoes a supplied X-Correlation-Id and generates one otherwise', async () => {
    const app = await serverWith(fixture.db);
    const echoed = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-correlation-id': 'checkout-42' } });
    expect(echoed.headers['x-correlation-id']).toBe('checkout-42');
    const generated = await app.inject({ method: 'GET', url: '/health/live' });
    expect(generated.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-correlation-id': 'bad id\u0000with junk' } });
    expect(unsafe.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    await app.close();
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const app = await serverWith(fixture.db);
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'no route for GET /api/v1/nothing-here' });
    await app.close();
  });

  it('serves the OpenAPI document at /docs/json and the UI at /docs', async () => {
    const app = await serverWith(fixture.db);
    const spec = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    const document = spec.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const ui = await app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    await app.close();
  });
});
