import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../infra/http/server.js';
import { createMetricsRegistry } from '../../infra/metrics/metrics.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { gatewayMigrations } from '../../infra/postgres/migrations/index.js';
import { useEventStoreDatabase } from '../support/postgres.js';

/** Past its capacity the API answers 503 at once instead of queueing work its callers give up on (found by npm run bench:system). */
describe('load shedding', () => {
  const fixture = useEventStoreDatabase();
  let app: FastifyInstance;
  let origin = '';
  const gates: (() => void)[] = [];

  beforeAll(async () => {
    await migrate(fixture.db, gatewayMigrations);
    app = await buildHttpServer({
      logger: pino({ level: 'silent' }),
      jwtSecret: 'a test secret that is long enough to sign tokens',
      gatewayDb: fixture.db,
      rateLimit: { perMinute: 1_000, redis: undefined },
      maxRequestsInFlight: 2,
      metrics: createMetricsRegistry(),
      healthChecks: [],
      // eslint-disable-next-line @typescript-eslint/require-await -- routes are registered synchronously
      routes: async (routes) => {
        routes.get('/slow', async () => {
          await new Promise<void>((resolve) => gates.push(resolve));
          return { done: true };
        });
      },
    });
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    for (const open of gates.splice(0)) open();
    await app.close();
  });

  const waitForGates = async (count: number): Promise<void> => {
    while (gates.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('answers 503 with Retry-After while as many requests as allowed are being worked on, and serves again after', async () => {
    const first = fetch(`${origin}/slow`);
    const second = fetch(`${origin}/slow`);
    await waitForGates(2);

    const shed = await fetch(`${origin}/slow`);
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(shed.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await shed.json()).toMatchObject({ status: 503, detail: expect.stringMatching(/capacity/) as unknown });
    // Probes and scrapes still answer.
    expect((await fetch(`${origin}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${origin}/metrics`)).text()).toMatch(/^shopverse_http_requests_shed_total 1$/m);

    for (const open of gates.splice(0)) open();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    const after = fetch(`${origin}/slow`);
    await waitForGates(1);
    for (const open of gates.splice(0)) open();
    expect((await after).status).toBe(200);
  });

  it('stops counting a request whose caller went away', async () => {
    const abandoned = new AbortController();
    const gone = fetch(`${origin}/slow`, { signal: abandoned.signal }).catch(() => undefined);
    const kept = fetch(`${origin}/slow`);
    await waitForGates(2);
    abandoned.abort();
    await gone;

    // The connection's close reaches the server a moment later.
    while (!/^shopverse_http_requests_in_flight 1$/m.test(await (await fetch(`${origin}/metrics`)).text())) await new Promise((resolve) => setTimeout(resolve, 5));

    const next = fetch(`${origin}/slow`);
    await waitForGates(3);
    for (const open of gates.splice(0)) open();
    expect((await next).status).toBe(200);
    expect((await kept).status).toBe(200);
  });
});
