import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgDatabase } from '../../infra/postgres/pg-database.js';
import { freePort } from '../support/free-port.js';
import { createTestDatabase } from '../support/postgres.js';

const CLI = ['--import', 'tsx', 'infra/cli/main.ts'];

/** The environment a user would have: none of our variables unless the test sets them. */
function cleanEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PORT|HOST|EVENTSTORE_URL|DATABASE_URL|REDIS_URL|KAFKA_BROKERS|CLICKHOUSE_URL|JWT_SECRET|ADMIN_|LOG_LEVEL|SHOPVERSE_)/.test(key)));
  return { ...env, ...vars };
}

describe('the shopverse command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shopverse-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops on bad configuration with a message naming each variable, not a stack trace', () => {
    const result = spawnSync(process.execPath, [...CLI, 'serve'], {
      env: cleanEnv({ PORT: 'abc', EVENTSTORE_URL: 'mysql://db/x', SHOPVERSE_DATA_DIR: dataDir }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid configuration');
    expect(result.stderr).toContain('PORT="abc": must be a port number');
    expect(result.stderr).toContain('EVENTSTORE_URL="mysql://db/x"');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('rejects an unknown command with the usage', () => {
    const result = spawnSync(process.execPath, [...CLI, 'frobnicate'], { env: cleanEnv({ SHOPVERSE_DATA_DIR: dataDir }), encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown command "frobnicate"[\s\S]*usage: shopverse/);
  });

  it('admin create makes an admin once; a second run changes nothing', async () => {
    const database = await createTestDatabase();
    try {
      const env = cleanEnv({ EVENTSTORE_URL: database.url, DATABASE_URL: database.url, SHOPVERSE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      const run = () =>
        spawnSync(process.execPath, [...CLI, 'admin', 'create', '--name', 'Boss'], { env: { ...env, ADMIN_EMAIL: 'Boss@Shop.test', ADMIN_PASSWORD: 'a long admin password' }, encoding: 'utf8' });
      const first = run();
      expect({ status: first.status, out: first.stdout.trim() }).toEqual({ status: 0, out: 'admin Boss@Shop.test created' });
      const second = run();
      expect({ status: second.status, out: second.stdout.trim() }).toEqual({ status: 0, out: 'a user with the email Boss@Shop.test already exists; nothing changed' });
      const db = openPgDatabase(database.url);
      const { rows } = await db.query("SELECT data FROM es_events WHERE type = 'UserRegistered'");
      await db.close();
      expect(rows).toHaveLength(1);
      // Personal fields are stored encrypted (crypto-shredding).
      expect(rows[0]?.data).toMatchObject({ email: expect.stringMatching(/^enc:v1:/) as unknown, name: expect.stringMatching(/^enc:v1:/) as unknown, roles: ['customer', 'admin'] });
      const missing = spawnSync(process.execPath, [...CLI, 'admin', 'create', '--name', 'Nobody'], { env, encoding: 'utf8' });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/needs --email/);
    } finally {
      await database.drop();
    }
  });

  it('serves on embedded defaults: logs its adapters, is ready, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [...CLI, 'serve'], { env: cleanEnv({ PORT: String(port), SHOPVERSE_DATA_DIR: dataDir }), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const deadline = Date.now() + 30_000;
      while (!output.includes('shopverse is serving')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
      const lines = output.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual(expect.objectContaining({ port: 'event store', adapter: `postgres event store on pglite ${join(dataDir, 'pgdata')}` }));
      expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/JWT_SECRET is not set/) as unknown }));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
