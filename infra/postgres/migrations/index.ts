import { eventStoreMigration } from './0001-event-store.js';
import { idempotencyKeysMigration } from './0001-idempotency-keys.js';
import { personalDataKeysMigration } from './0001-personal-data-keys.js';
import { projectionRunnerMigration } from './0001-projection-runner.js';
import type { MigrationSet } from './migration.js';

/** The event store's schema. Append new migrations; never edit one that has shipped. */
export const eventStoreMigrations: MigrationSet = { component: 'event-store', migrations: [eventStoreMigration] };

/** The gateway's own tables, in the read-model database. */
export const gatewayMigrations: MigrationSet = { component: 'gateway', migrations: [idempotencyKeysMigration] };

/** The projection runner's own tables (each read model creates its tables itself, see `Projection.schema`). */
export const projectionMigrations: MigrationSet = { component: 'projections', migrations: [projectionRunnerMigration] };

/**
 * The keys of personal data, in the read-model database (every role reaches it, whichever event store
 * is used). Unlike the read models they cannot be rebuilt: back this database up.
 */
export const personalDataMigrations: MigrationSet = { component: 'personal-data', migrations: [personalDataKeysMigration] };
