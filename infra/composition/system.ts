import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { resolveJwtSecret } from '../config/jwt-secret.js';
import type { EventStore } from '../event-store/port.js';
import { EsdbEventStore } from '../event-store/esdb/esdb-event-store.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { buildHttpServer } from '../http/server.js';
import { isPostgresUnavailable } from '../postgres/errors.js';
import { migrate } from '../postgres/migrate.js';
import { eventStoreMigrations } from '../postgres/migrations/index.js';
import { openPgDatabase } from '../postgres/pg-database.js';
import { openPgliteDatabase } from '../postgres/pglite-database.js';
import type { SqlDatabase } from '../postgres/sql-database.js';
import { retryWhileUnavailable } from './retry.js';

export interface System {
  readonly config: Config;
  readonly eventStore: EventStore;
  /** Read models, idempotency keys and checkpoints. */
  readonly database: SqlDatabase;
  readonly http: FastifyInstance;
  readonly jwtSecret: string;
  /** Starts listening on the configured host and port; resolves with the address. */
  listen(): Promise<string>;
  stop(): Promise<void>;
}

export interface Databases {
  /** The event store's database, when the event store is Postgres (not EventStoreDB). */
  readonly eventStore: SqlDatabase | undefined;
  readonly readModels: SqlDatabase;
  close(): Promise<void>;
}

/** Opens each configured Postgres once; both ports share the embedded PGlite when their URL is unset. */
async function openDatabases(config: Config): Promise<Databases> {
  const opened = new Map<string, SqlDatabase>();
  const open = async (url: string | undefined): Promise<SqlDatabase> => {
    const key = url ?? 'embedded';
    let db = opened.get(key);
    if (db === undefined) {
      db = url === undefined ? await openPgliteDatabase(join(config.dataDir, 'pgdata')) : openPgDatabase(url);
      opened.set(key, db);
    }
    return db;
  };
  const eventStore = isEventStoreDbUrl(config.eventStoreUrl) ? undefined : await open(config.eventStoreUrl);
  const readModels = await open(config.databaseUrl);
  return {
    eventStore,
    readModels,
    close: async () => {
      await Promise.all([...opened.values()].map((db) => db.close()));
    },
  };
}

/** Opens the databases and brings their schemas up to date, waiting up to a minute for a server still starting. */
export async function prepareDatabases(config: Config, logger: Logger): Promise<Databases> {
  const databases = await openDatabases(config);
  const eventStoreDb = databases.eventStore;
  if (eventStoreDb === undefined) return databases;
  try {
    const applied = await retryWhileUnavailable('event store migrations', () => migrate(eventStoreDb, eventStoreMigrations), {
      logger,
      isTransient: isPostgresUnavailable,
      maxWaitMs: 60_000,
    });
    if (applied.length > 0) logger.info({ component: eventStoreMigrations.component, versions: applied }, 'migrations applied');
    return databases;
  } catch (error) {
    await databases.close();
    if (!isPostgresUnavailable(error)) throw error;
    throw new Error(`the event store database (${eventStoreDb.description}) is unavailable: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

function isEventStoreDbUrl(url: string | undefined): url is string {
  return url !== undefined && url.startsWith('esdb');
}

/** EventStoreDB for `esdb://` URLs (connecting lazily: readiness tells whether it answers), else Postgres. */
async function openEventStore(config: Config, databases: Databases, logger: Logger): Promise<EventStore> {
  if (databases.eventStore === undefined) {
    if (!isEventStoreDbUrl(config.eventStoreUrl)) throw new Error('no event store configured');
    return new EsdbEventStore(config.eventStoreUrl);
  }
  const { store, positionShift } = await PostgresEventStore.open(databases.eventStore);
  if (positionShift > 0n) logger.warn({ positionShift: positionShift.toString() }, 'event store holds events restored from another cluster: positions moved past them');
  return store;
}

/** The composition root: the only place that picks concrete adapters for the ports. */
export async function createSystem(config: Config, logger: Logger): Promise<System> {
  const jwtSecret = resolveJwtSecret(config, logger);
  const databases = await prepareDatabases(config, logger);
  const eventStore = await openEventStore(config, databases, logger);
  logger.info({ port: 'event store', adapter: eventStore.description }, 'event store adapter');
  logger.info({ port: 'read models', adapter: databases.readModels.description }, 'read model database');

  const http = await buildHttpServer({
    logger,
    healthChecks: [
      { name: 'event store', adapter: eventStore.description, check: () => eventStore.ping() },
      { name: 'read model database', adapter: databases.readModels.description, check: () => databases.readModels.query('SELECT 1').then(() => undefined) },
    ],
  });

  return {
    config,
    eventStore,
    database: databases.readModels,
    http,
    jwtSecret,
    listen: () => http.listen({ port: config.port, host: config.host }),
    async stop() {
      await http.close();
      await eventStore.close();
      await databases.close();
    },
  };
}
