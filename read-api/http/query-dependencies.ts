import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import type { ReadModelPositions } from './read-model-positions.js';

/** What the query routes read: the read-model database and how far each read model has got. */
export interface QueryDependencies {
  readonly db: SqlExecutor;
  readonly positions: ReadModelPositions;
}
