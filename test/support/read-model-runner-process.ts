/**
 * Runs every read model's runner against the Postgres database at argv[2] until killed: the process a
 * crash-safety test kills in the middle of a batch.
 */
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import { createLogger } from '../../infra/logging/logger.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import { readModelProjections } from '../../projections/read-models.js';
import { ReadModelRunners } from '../../projections/runner/read-model-runners.js';
import { ReadModelPositions } from '../../read-api/http/read-model-positions.js';

const url = process.argv[2];
if (url === undefined) throw new Error('usage: read-model-runner-process <postgres url>');
const db = openPgDatabase(url);
const { store } = await PostgresEventStore.open(db);
const runners = await ReadModelRunners.prepare(readModelProjections, { store, db, positions: new ReadModelPositions(db), logger: createLogger('silent') }, { batchSize: 50, leaseMs: 1_500 });
runners.start();
process.stdout.write('running\n');
