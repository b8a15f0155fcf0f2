import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { registerCommandRoutes } from '../../command-handlers/http/routes.js';
import { erasureRoutes } from '../../command-handlers/users/erasure-routes.js';
import { classifyCommandError } from '../../command-handlers/http/problems.js';
import { ensureInitialAdmin } from '../../command-handlers/users/initial-admin.js';
import { EventStoreUnavailableError } from '../event-store/errors.js';
import { redactUrl } from '../logging/redact-url.js';
import type { Config } from '../config/config.js';
import { resolveJwtSecret } from '../config/jwt-secret.js';
import type { EventStore } from '../event-store/port.js';
import { EsdbEventStore } from '../event-store/esdb/esdb-event-store.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { buildHttpServer } from '../http/server.js';
import { isPostgresUnavailable } from '../postgres/errors.js';
import { migrate } from '../postgres/migrate.js';
import { eventStoreMigrations, gatewayMigrations, personalDataMigrations, projectionMigrations } from '../postgres/migrations/index.js';
import type { MigrationSet } from '../postgres/migrations/migration.js';
import { openPgDatabase } from '../postgres/pg-database.js';
import { openPgliteDatabase } from '../postgres/pglite-database.js';
import type { SqlDatabase } from '../postgres/sql-database.js';
import { openRedis } from '../redis/redis-client.js';
import { NotificationDelivery } from '../../process-managers/notifications/delivery.js';
import { orderSagaProjection } from '../../process-managers/order-fulfilment/order-saga-projection.js';
import { OrderSagaWorker } from '../../process-managers/order-fulfilment/saga-worker.js';
import { SimulatedPaymentProvider } from '../../process-managers/payment-provider/simulated-payment-provider.js';
import { bridgeHealthCheck, bridgeReadiness, registerBridgeMetrics } from '../../projections/kafka-bridge/bridge-monitoring.js';
import { KafkaBridge } from '../../projections/kafka-bridge/kafka-bridge.js';
import { readModelProjections } from '../../projections/read-models.js';
import { ReadModelRunners } from '../../projections/runner/read-model-runners.js';
import { classifyQueryError } from '../../read-api/http/problems.js';
import { ReadModelPositions } from '../../read-api/http/read-model-positions.js';
import { registerQueryRoutes } from '../../read-api/routes.js';
import { HashChainingEventStore } from '../event-store/hash-chain/hash-chaining-event-store.js';
import { InstrumentedEventStore } from '../event-store/instrumented-event-store.js';
import { PersonalDataEventStore } from '../personal-data/personal-data-event-store.js';
import { PersonalDataKeys } from '../personal-data/personal-data-keys.js';
import { createMetricsRegistry } from '../metrics/metrics.js';
import { registerWorkflowGauges } from '../metrics/workflow-gauges.js';
import { commandMetrics } from '../metrics/command-metrics.js';
import { sagaTimeoutMetrics } from '../metrics/saga-metrics.js';
import { eventBacklog } from '../../projections/runner/event-backlog.js';
import { wireAnalytics } from './analytics.js';
import { wireRecommendations } from './recommendations.js';
import { retryWhileUnavailable } from './retry.js';
import { startTracing } from '../tracing/tracing.js';

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
  const schemas: [SqlDatabase, MigrationSet][] = [
    [databases.readModels, gatewayMigrations],
    [databases.readModels, projectionMigrations],
    [databases.readModels, personalDataMigrations],
  ];
  if (databases.eventStore !== undefined) schemas.unshift([databases.eventStore, eventStoreMigrations]);
  for (const [db, set] of schemas) {
    try {
      const applied = await retryWhileUnavailable(`${set.component} migrations`, () => migrate(db, set), { logger, isTransient: isPostgresUnavailable, maxWaitMs: 60_000 });
      if (applied.length > 0) logger.info({ component: set.component, versions: applied }, 'migrations applied');
    } catch (error) {
      await databases.close();
      if (!isPostgresUnavailable(error)) throw error;
      throw new Error(`the ${set.component} database (${db.description}) is unavailable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return databases;
}

function isEventStoreDbUrl(url: string | undefined): url is string {
  return url !== undefined && url.startsWith('esdb');
}

/** EventStoreDB for `esdb://` URLs (connecting lazily: readiness tells whether it answers), else Postgres. */
async function openEventStoreAdapter(config: Config, databases: Databases, logger: Logger): Promise<EventStore> {
  if (databases.eventStore === undefined) {
    if (!isEventStoreDbUrl(config.eventStoreUrl)) throw new Error('no event store configured');
    return new EsdbEventStore(config.eventStoreUrl);
  }
  const { store, positionShift } = await PostgresEventStore.open(databases.eventStore);
  if (positionShift > 0n) logger.warn({ positionShift: positionShift.toString() }, 'event store holds events restored from another cluster: positions moved past them');
  return store;
}

/**
 * The event store as ShopVerse writes to it and reads from it: personal fields encrypted with their
 * owner's key (keys in the read-model database), every event appended hash-chained to the one before
 * it in its stream (over what is stored: erasing someone leaves the chain intact).
 */
export async function openEventStore(config: Config, databases: Databases, logger: Logger): Promise<PersonalDataEventStore> {
  return new PersonalDataEventStore(new HashChainingEventStore(await openEventStoreAdapter(config, databases, logger)), new PersonalDataKeys(databases.readModels));
}

/** The composition root: the only place that picks concrete adapters for the ports. */
export async function createSystem(config: Config, logger: Logger): Promise<System> {
  // First: the commands start-up sends (the initial admin) are traced too.
  const tracing = startTracing(config.tracing, logger);
  const jwtSecret = resolveJwtSecret(config, logger);
  const databases = await prepareDatabases(config, logger);
  const metrics = createMetricsRegistry();
  const personalData = await openEventStore(config, databases, logger);
  const eventStore = new InstrumentedEventStore(personalData, metrics);
  logger.info({ port: 'event store', adapter: eventStore.description }, 'event store adapter');
  logger.info({ port: 'read models', adapter: databases.readModels.description }, 'read model database');
  logger.info({ roles: [...config.roles] }, 'roles');

  // A Redis that goes away (or stops answering) fails the count fast; rate limits let requests pass meanwhile.
  const redis = config.redisUrl === undefined ? undefined : openRedis(config.redisUrl, logger, { purpose: 'rate limits', commandTimeoutMs: 250 });
  logger.info({ port: 'rate limits', adapter: config.redisUrl === undefined ? 'in-process' : `redis ${redactUrl(config.redisUrl)}` }, 'rate limit store');

  registerWorkflowGauges(metrics, databases.readModels);
  // Told of every command, from the API and the saga alike.
  const commands = commandMetrics(metrics, logger);
  const positions = new ReadModelPositions(databases.readModels);
  const readModels = await retryWhileUnavailable(
    'read model tables',
    // The order saga's intake runs as a projection too (lease, checkpoint, parking); its work is the worker's.
    () =>
      ReadModelRunners.prepare(
        [...readModelProjections, orderSagaProjection],
        { store: eventStore, db: databases.readModels, positions, logger, metrics, backlog: eventBacklog(eventStore, databases.eventStore) },
        {},
        (projection) => config.roles.has(projection === orderSagaProjection ? 'sagas' : 'projections'),
      ),
    { logger, isTransient: isPostgresUnavailable, maxWaitMs: 60_000 },
  );

  // The bridge runs only where Kafka is configured.
  const kafkaBridge =
    config.kafkaBrokers === undefined || !config.roles.has('bridge')
      ? undefined
      : new KafkaBridge({ store: eventStore, db: databases.readModels, brokers: config.kafkaBrokers, logger, topicPrefix: config.kafkaTopicPrefix, partitions: config.kafkaTopicPartitions });
  if (kafkaBridge !== undefined) {
    logger.info({ port: 'kafka bridge', adapter: `kafka ${config.kafkaBrokers?.join(',') ?? ''}`, topicPrefix: config.kafkaTopicPrefix }, 'kafka bridge');
    registerBridgeMetrics(kafkaBridge, metrics);
  }
  const recommendations = wireRecommendations(config, { store: eventStore, db: databases.readModels, logger, metrics });
  const analytics = wireAnalytics(config, { store: eventStore, db: databases.readModels, logger, metrics });

  const http = await buildHttpServer({
    logger,
    healthChecks: [
      { name: 'event store', adapter: eventStore.description, check: () => eventStore.ping() },
      { name: 'read model database', adapter: databases.readModels.description, check: () => databases.readModels.query('SELECT 1').then(() => undefined) },
      ...(kafkaBridge === undefined ? [] : [bridgeHealthCheck(kafkaBridge, config.kafkaBrokers ?? [])]),
      ...analytics.healthChecks,
    ],
    jwtSecret,
    gatewayDb: databases.readModels,
    rateLimit: { perMinute: config.rateLimitPerMinute, redis },
    maxRequestsInFlight: config.maxRequestsInFlight,
    projections: () => [...readModels.readiness(), ...(kafkaBridge === undefined ? [] : bridgeReadiness(kafkaBridge)), ...recommendations.readiness(), ...analytics.readiness()],
    metrics,
    classifyError: (error) => classifyCommandError(error) ?? classifyQueryError(error),
    routes: (app, tools) => {
      if (config.roles.has('api')) {
        registerCommandRoutes(app, eventStore, tools, commands, databases.readModels);
        erasureRoutes(app, eventStore, personalData, tools);
        registerQueryRoutes(app, { db: databases.readModels, positions, store: eventStore, recommendations: recommendations.reads, analytics: analytics.database });
      }
      return Promise.resolve();
    },
  });

  if (config.initialAdmin !== undefined) {
    const admin = config.initialAdmin;
    const outcome = await retryWhileUnavailable('initial admin', () => ensureInitialAdmin(eventStore, admin), {
      logger,
      isTransient: (error) => error instanceof EventStoreUnavailableError,
      maxWaitMs: 60_000,
    });
    logger.info({ email: admin.email, outcome }, 'initial admin');
  }

  readModels.start();
  const orderSaga = new OrderSagaWorker(
    { store: eventStore, db: databases.readModels, provider: new SimulatedPaymentProvider(config.paymentProviderLatencyMs), paymentTimeoutMs: config.paymentTimeoutMs, commands, ...sagaTimeoutMetrics(metrics) },
    logger,
  );
  if (config.roles.has('sagas')) orderSaga.start();
  const notifications = new NotificationDelivery(databases.readModels, eventStore, logger, { smtpUrl: config.smtpUrl, smtpFrom: config.smtpFrom, webhookUrl: config.notificationWebhookUrl });
  if (config.roles.has('notifications')) notifications.start();
  kafkaBridge?.start();
  recommendations.start();
  analytics.start();

  return {
    config,
    eventStore,
    database: databases.readModels,
    http,
    jwtSecret,
    listen: () => http.listen({ port: config.port, host: config.host }),
    async stop() {
      await http.close();
      await kafkaBridge?.stop();
      await recommendations.stop();
      await analytics.stop();
      await notifications.stop();
      await orderSaga.stop();
      await readModels.stop();
      await eventStore.close();
      redis?.disconnect();
      await databases.close();
      // Last: the spans of everything stopped above are exported.
      await tracing.shutdown();
    },
  };
}
