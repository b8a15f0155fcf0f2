import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { createSystem, type System } from '../../infra/composition/system.js';
import { loadConfig } from '../../infra/config/config.js';
import type { EventStore } from '../../infra/event-store/port.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { createLogger } from '../../infra/logging/logger.js';
import type { CliTarget } from './cli.js';
import { EsdbEmulator } from './esdb-emulator/emulator.js';
import { createTestDatabase } from './postgres.js';

export const ADMIN = { email: 'admin@shopverse.test', password: 'admin-password-1234' };
export const JWT_SECRET = 'the api tests sign their tokens with this secret';

export interface Api {
  readonly app: FastifyInstance;
  readonly store: EventStore;
  /** The read models' database. */
  readonly db: SqlDatabase;
  /** Where the system's event store and read models are, for the CLI. */
  readonly urls: CliTarget;
}

type EventStoreKind = 'postgres' | 'esdb';

/** The settings every whole-system test starts with: its own stores and data directory, the test admin and secret. */
export function systemTestSettings(eventStoreUrl: string, databaseUrl: string, dataDir: string): Record<string, string> {
  return { EVENTSTORE_URL: eventStoreUrl, DATABASE_URL: databaseUrl, SHOPVERSE_DATA_DIR: dataDir, JWT_SECRET, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
}

async function startApi(kind: EventStoreKind, env: Record<string, string>): Promise<Api & { close(): Promise<void> }> {
  const database = await createTestDatabase();
  const emulator = kind === 'esdb' ? await EsdbEmulator.start() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'shopverse-api-'));
  let system: System;
  try {
    system = await createSystem(
      loadConfig({
        ...systemTestSettings(emulator?.url ?? database.url, database.url, dataDir),
        RATE_LIMIT_PER_MINUTE: '100000',
        PAYMENT_TIMEOUT_MS: '1500',
        ...env,
      }),
      createLogger('silent'),
    );
  } catch (error) {
    await emulator?.close();
    await database.drop();
    throw error;
  }
  return {
    app: system.http,
    store: system.eventStore,
    db: system.database,
    urls: { eventStore: emulator?.url ?? database.url, database: database.url },
    async close() {
      await system.stop();
      await emulator?.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the same API tests against the whole system on each event store adapter. `env` adds settings,
 * e.g. `ROLES` without `sagas` for tests that move orders through their states by hand; as a function,
 * it is asked at each start (e.g. for a Redis key prefix of each system's own).
 */
export function describeApi(name: string, tests: (api: () => Api) => void, env: Record<string, string> | (() => Record<string, string>) = {}): void {
  for (const kind of ['postgres', 'esdb'] as const) {
    describe(`${name} (${kind === 'esdb' ? 'EventStoreDB adapter on the emulator' : 'Postgres adapter'})`, () => {
      let api: (Api & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        api = await startApi(kind, typeof env === 'function' ? env() : env);
      });
      afterAll(async () => {
        await api?.close();
      });
      tests(() => {
        if (api === undefined) throw new Error('the API starts in beforeAll');
        return api;
      });
    });
  }
}
