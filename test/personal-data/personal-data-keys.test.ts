import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PersonalDataKeys } from '../../infra/personal-data/personal-data-keys.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { personalDataMigrations } from '../../infra/postgres/migrations/index.js';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let database: TestDatabase;
let dbs: SqlDatabase[];

beforeAll(async () => {
  database = await createTestDatabase();
  dbs = [openPgDatabase(database.url, { maxConnections: 10 }), openPgDatabase(database.url, { maxConnections: 10 })];
  await migrate(dbs[0] as SqlDatabase, personalDataMigrations);
});

afterAll(async () => {
  await Promise.all(dbs.map((db) => db.close()));
  await database.drop();
});

// A customer's registration and first orders are appended at once, by one process or several: each makes their key on first need.
it('gives every writer of a new person, in one process or two, at the same moment, the one key that is stored', async () => {
  for (let round = 0; round < 20; round++) {
    // Eight processes' key stores (on two pools), each asked twice at once.
    const processes = Array.from({ length: 8 }, (_, index) => new PersonalDataKeys(dbs[index % 2] as SqlDatabase));
    const subject = randomUUID();
    const keys = await Promise.all(processes.flatMap((keys) => [keys.keyForWriting(subject), keys.keyForWriting(subject)]));
    const stored = (await dbs[0]?.query('SELECT key FROM personal_data_keys WHERE subject = $1', [subject]))?.rows[0]?.key;
    expect(stored).toBeInstanceOf(Uint8Array);
    for (const key of keys) expect(key?.equals(stored as Uint8Array)).toBe(true);
  }
});

it('answers null for a person erased, and makes no key for them again', async () => {
  const [keys] = dbs.map((db) => new PersonalDataKeys(db));
  const subject = randomUUID();
  await keys?.keyForWriting(subject);
  await keys?.erase(subject);
  expect(await new PersonalDataKeys(dbs[1] as SqlDatabase).keyForWriting(subject)).toBeNull();
  expect((await new PersonalDataKeys(dbs[1] as SqlDatabase).keysForReading([subject])).get(subject)).toBeNull();
});
