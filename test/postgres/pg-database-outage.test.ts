import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';

let database: TestDatabase;
let proxy: TcpProxy;
let db: SqlDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const proxied = await TcpProxy.inFrontOf(database.url);
  proxy = proxied.proxy;
  db = openPgDatabase(proxied.url);
});

afterAll(async () => {
  await db.close();
  await proxy.close();
  await database.drop();
});

// A connection lost while a transaction holds it used to emit an 'error' nobody listened to: the process died (found by the chaos run).
it('fails a transaction whose connection is lost, without crashing the process, and serves again once the server is back', async () => {
  const transaction = db.transaction(async (tx) => {
    await tx.query('SELECT 1');
    await tx.query('SELECT pg_sleep(5)');
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await proxy.cut();
  await expect(transaction).rejects.toThrow();
  // Between two statements of a transaction, too: the connection goes while the code holds it.
  await proxy.restore();
  const between = db.transaction(async (tx) => {
    await tx.query('SELECT 1');
    await proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await tx.query('SELECT 2');
  });
  await expect(between).rejects.toThrow();
  await proxy.restore();
  expect((await db.transaction((tx) => tx.query('SELECT 41 + 1 AS answer'))).rows).toEqual([{ answer: 42 }]);
});
