import pg from 'pg';
import { testServices } from './services.js';

/** Fails the run at once, with the fix, when a service the tests need is not there. */
export default async function checkServices(): Promise<void> {
  const client = new pg.Client({ connectionString: testServices.postgresAdminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${testServices.postgresAdminUrl} (${String(error)}); run "bash scripts/services.sh up" or "npm test"`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
