import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSystem, type System } from '../../infra/composition/system.js';
import { loadConfig } from '../../infra/config/config.js';
import { createLogger } from '../../infra/logging/logger.js';
import { ADMIN, JWT_SECRET } from '../support/api.js';
import { call } from '../support/http.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const LineSchema = z.looseObject({ msg: z.string(), correlationId: z.string().optional(), route: z.string().optional(), userId: z.string().optional(), url: z.string().optional() });

describe('request log lines', () => {
  let database: TestDatabase;
  let dataDir: string;
  let system: System;
  const raw: string[] = [];
  const lines = () => raw.flatMap((chunk) => chunk.split('\n')).filter((line) => line !== '').map((line) => LineSchema.parse(JSON.parse(line)));

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'shopverse-logs-'));
    const config = loadConfig({ EVENTSTORE_URL: database.url, DATABASE_URL: database.url, SHOPVERSE_DATA_DIR: dataDir, JWT_SECRET, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ROLES: 'api' });
    system = await createSystem(config, createLogger('info', { write: (chunk: string) => raw.push(chunk) }));
  });

  afterAll(async () => {
    await system.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('carry the correlation id and the route, and the user id once signed in; never the password or the token', async () => {
    const login = await call(system.http, 'POST', '/api/v1/auth/login', ADMIN, { headers: { 'x-correlation-id': 'logs-login-1' } });
    expect(login.statusCode).toBe(200);
    const { accessToken } = login.json<{ accessToken: string }>();
    const userId = z.object({ sub: z.string() }).parse(JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'))).sub;
    const created = await call(system.http, 'POST', '/api/v1/categories', { name: 'Logged' }, { token: accessToken, headers: { 'x-correlation-id': 'logs-category-1' } });
    expect(created.statusCode).toBe(201);
    const refused = await call(system.http, 'POST', '/api/v1/categories', { name: '' }, { token: accessToken, headers: { 'x-correlation-id': 'logs-category-2' } });
    expect(refused.statusCode).toBe(400);

    const ofRequests = lines().filter((line) => line.url?.startsWith('/api/v1/') === true);
    expect(ofRequests.length).toBeGreaterThanOrEqual(3);
    for (const line of ofRequests) expect(line.correlationId, JSON.stringify(line)).toMatch(/^logs-/);
    const category = lines().filter((line) => line.correlationId === 'logs-category-1');
    expect(category.length).toBeGreaterThanOrEqual(1);
    expect(category.map((line) => [line.route, line.userId])).toEqual(category.map(() => ['/api/v1/categories', userId]));
    expect(lines().find((line) => line.correlationId === 'logs-login-1')).toMatchObject({ route: '/api/v1/auth/login' });
    const everything = raw.join('');
    expect(everything).not.toContain(ADMIN.password);
    expect(everything).not.toContain(accessToken);
  });
});
