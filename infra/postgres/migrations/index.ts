import { eventStoreMigration } from './0001-event-store.js';
import { idempotencyKeysMigration } from './0001-idempotency-keys.js';
import { projectionRunnerMigration } from './0001-projection-runner.js';
import type { MigrationSet } from './migration.js';

/** The event store's schema. Append new migrations; never edit one that has shipped. */
export const eventStoreMigrations: MigrationSet = { component: 'event-store', migrations: [eventStoreMigration] };

/** The gateway's own tables, in the read-model database. */
export const gatewayMigrations: MigrationSet = { component: 'gateway', migrations: [idempotencyKeysMigration] };

/** The projection runner's own tables (each read model creates its tables itself, see `Projection.schema`). */
export const projectionMigrations: MigrationSet = { component: 'projections', migrations: [projectionRunnerMigration] };
