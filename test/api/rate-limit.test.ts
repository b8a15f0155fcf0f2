import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystem, type System } from '../../infra/composition/system.js';
import { loadConfig } from '../../infra/config/config.js';
import { createLogger } from '../../infra/logging/logger.js';
import { call, expectProblem } from '../support/http.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

// A Redis database of its own, emptied first, so no earlier run's counts linger.
const REDIS_URL = 'redis://127.0.0.1:6379/9';

describe('rate limits', () => {
  let database: TestDatabase;
  const dataDir = mkdtempSync(join(tmpdir(), 'shopverse-rate-'));
  const systems: System[] = [];
  const start = async (redisUrl: string): Promise<System> => {
    const system = await createSystem(
      loadConfig({ EVENTSTORE_URL: database.url, DATABASE_URL: database.url, SHOPVERSE_DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40), REDIS_URL: redisUrl, RATE_LIMIT_PER_MINUTE: '5' }),
      createLogger('silent'),
    );
    systems.push(system);
    return system;
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    const redis = new Redis(REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
  });
  afterAll(async () => {
    await Promise.all(systems.map((system) => system.stop()));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const attempt = (system: System) => call(system.http, 'POST', '/api/v1/auth/login', { email: 'nobody@shopverse.test', password: 'whatever' });

  it('count across gateway processes through Redis, then answer 429 with Retry-After', async () => {
    const [first, second] = [await start(REDIS_URL), await start(REDIS_URL)];
    const statuses = [];
    for (const system of [first, second, first, second, first]) statuses.push((await attempt(system)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await attempt(second);
    expectProblem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('let requests through while Redis is unreachable', async () => {
    const system = await start('redis://127.0.0.1:1/0');
    const statuses = [];
    for (let n = 0; n < 8; n++) statuses.push((await attempt(system)).statusCode);
    expect(statuses).toEqual(Array.from({ length: 8 }, () => 401));
  });
});
