import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildHttpServer } from '../../infra/http/server.js';
import { ProblemSchema } from '../../infra/http/problem.js';
import { createMetricsRegistry } from '../../infra/metrics/metrics.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { gatewayMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { useEventStoreDatabase } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/**
 * The database holding the idempotency keys goes away while a request with an Idempotency-Key is
 * being answered (found by `npm run chaos`: the answer became a 500 after the work was done). API.md:
 * a repeat never has a double effect.
 */
describe('an idempotent request whose answer cannot be stored', () => {
  const fixture = useEventStoreDatabase();
  let proxy: TcpProxy;
  let gatewayDb: SqlDatabase;
  let handled = 0;
  let cutWhileHandling = true;

  beforeAll(async () => {
    await migrate(fixture.db, gatewayMigrations);
    const proxied = await TcpProxy.inFrontOf(fixture.url);
    proxy = proxied.proxy;
    gatewayDb = openPgDatabase(proxied.url);
  });
  afterAll(async () => {
    await proxy.close();
    await gatewayDb.close();
  });

  const server = () =>
    buildHttpServer({
      logger: pino({ level: 'silent' }),
      jwtSecret: 'a test secret that is long enough to sign tokens',
      gatewayDb,
      rateLimit: { perMinute: 1_000, redis: undefined },
      metrics: createMetricsRegistry(),
      healthChecks: [],
      // eslint-disable-next-line @typescript-eslint/require-await -- routes are registered synchronously
      routes: async (app, { idempotent }) => {
        app.withTypeProvider<ZodTypeProvider>().post(
          '/work',
          { preHandler: [idempotent], schema: { response: { 202: z.object({ handled: z.number() }), 409: ProblemSchema } } },
          async (_request, reply) => {
            handled += 1;
            // The work is done; the database goes away before its answer is stored.
            if (cutWhileHandling) await proxy.cut();
            return reply.code(202).send({ handled });
          },
        );
      },
    });

  it('still answers with the work done, and a repeat never does the work again', async () => {
    const app = await server();
    const first = await app.inject({ method: 'POST', url: '/work', headers: { 'idempotency-key': 'k-1' } });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ handled: 1 });

    await proxy.restore();
    cutWhileHandling = false;
    const [claim] = (await fixture.db.query("SELECT status FROM idempotency_keys WHERE key = 'k-1'")).rows;
    expect(claim).toEqual({ status: null });
    // However long ago it was claimed: redone, a command on an existing stream (a restock) would count twice.
    await fixture.db.query("UPDATE idempotency_keys SET created_at = now() - interval '1 hour' WHERE key = 'k-1'");

    const repeat = await app.inject({ method: 'POST', url: '/work', headers: { 'idempotency-key': 'k-1' } });
    expect(repeat.statusCode).toBe(409);
    expect(repeat.json()).toMatchObject({ detail: expect.stringMatching(/still being processed/) as unknown });
    expect(handled).toBe(1);
    await app.close();
  });
});
