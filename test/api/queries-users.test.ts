import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, describeApi, type Api } from '../support/api.js';
import { call, expectProblem, registerAndLogin, uniqueEmail } from '../support/http.js';

interface User {
  userId: string;
  email: string;
  name: string;
  roles: string[];
  registeredAt: string;
}

async function login(api: Api, credentials: { email: string; password: string }): Promise<string> {
  const response = await call(api.app, 'POST', '/api/v1/auth/login', credentials);
  expect(response.statusCode).toBe(200);
  return response.json<{ accessToken: string }>().accessToken;
}

describeApi('user queries', (api) => {
  let admin = '';
  let support = '';

  const register = async (email = uniqueEmail(), name = 'Grace Hopper'): Promise<{ userId: string; position: string }> => {
    const response = await call(api().app, 'POST', '/api/v1/users', { email, password: 'correct horse battery', name });
    expect(response.statusCode).toBe(201);
    return response.json<{ userId: string; position: string }>();
  };
  const get = (url: string, options: { token?: string; minPosition?: string } = {}): Promise<LightMyRequestResponse> =>
    call(api().app, 'GET', url, undefined, { ...(options.token === undefined ? {} : { token: options.token }), ...(options.minPosition === undefined ? {} : { headers: { 'x-min-position': options.minPosition } }) });

  beforeAll(async () => {
    admin = await login(api(), ADMIN);
    const email = uniqueEmail();
    const password = 'correct horse battery';
    const { userId } = await registerAndLogin(api().app, email, password);
    expect((await call(api().app, 'POST', `/api/v1/users/${userId}/roles`, { roles: ['support'] }, { token: admin })).statusCode).toBe(200);
    support = await login(api(), { email, password });
  });

  describe('GET /api/v1/users/{userId}', () => {
    it('shows a new user on the first GET that waits for the registration\'s position, and a roles change after it', async () => {
      const email = uniqueEmail();
      const registered = await register(email);
      const first = await get(`/api/v1/users/${registered.userId}`, { token: support, minPosition: registered.position });
      expect(first.statusCode).toBe(200);
      expect(BigInt(first.headers['x-projection-position'] as string)).toBeGreaterThanOrEqual(BigInt(registered.position));
      expect(first.json()).toEqual({ userId: registered.userId, email, name: 'Grace Hopper', roles: ['customer'], registeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) as unknown });
      expect(first.body).not.toMatch(/password|hash/i);

      const changed = await call(api().app, 'POST', `/api/v1/users/${registered.userId}/roles`, { roles: ['auditor', 'customer'] }, { token: admin });
      expect(changed.statusCode).toBe(200);
      const second = await get(`/api/v1/users/${registered.userId}`, { token: admin, minPosition: changed.json<{ position: string }>().position });
      expect(second.json<User>().roles).toEqual(['customer', 'auditor']);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      expectProblem(await get(`/api/v1/users/${randomUUID()}`, { token: admin }), 404);
      expectProblem(await get('/api/v1/users/not-a-uuid', { token: admin }), 400);
    });
  });

  describe('GET /api/v1/users', () => {
    it('finds a user by email, compared trimmed and in lower case', async () => {
      const email = uniqueEmail();
      const registered = await register(email);
      const found = await get(`/api/v1/users?email=${encodeURIComponent(`  ${email.toUpperCase()} `)}`, { token: support, minPosition: registered.position });
      expect(found.statusCode).toBe(200);
      expect(found.json()).toEqual({ items: [expect.objectContaining({ userId: registered.userId, email })], nextCursor: null });
      expect((await get(`/api/v1/users?email=${encodeURIComponent(uniqueEmail())}`, { token: support })).json()).toEqual({ items: [], nextCursor: null });
    });

    it('pages through every user in the order they registered, each once', async () => {
      const registered: { userId: string; position: string }[] = [];
      for (let n = 0; n < 3; n += 1) registered.push(await register(uniqueEmail(), `User ${n}`));
      const listed: User[] = [];
      let response = await get('/api/v1/users?limit=2', { token: admin, minPosition: registered.at(-1)?.position ?? '0' });
      for (;;) {
        expect(response.statusCode).toBe(200);
        const page = response.json<{ items: User[]; nextCursor: string | null }>();
        expect(page.items.length).toBeLessThanOrEqual(2);
        listed.push(...page.items);
        if (page.nextCursor === null) break;
        response = await get(`/api/v1/users?limit=2&cursor=${page.nextCursor}`, { token: admin });
      }
      const ids = listed.map((user) => user.userId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => registered.some((user) => user.userId === id))).toEqual(registered.map((user) => user.userId));
      expect(listed.map((user) => user.email)).toContain(ADMIN.email);
      expect(listed.map((user) => user.registeredAt)).toEqual([...listed.map((user) => user.registeredAt)].sort());
    });

    it('refuses a malformed cursor or limit (400)', async () => {
      expectProblem(await get('/api/v1/users?cursor=not-a-cursor', { token: admin }), 400);
      expectProblem(await get('/api/v1/users?limit=0', { token: admin }), 400);
    });
  });

  it('documents both routes in the OpenAPI document', async () => {
    const document = (await get('/docs/json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(document.paths['/api/v1/users'] ?? {})).toContain('get');
    expect(Object.keys(document.paths['/api/v1/users/{userId}'] ?? {})).toContain('get');
  });

  describe('who may read', () => {
    it('needs a token (401) and admin or support (403 for a customer)', async () => {
      const { userId, accessToken: customer } = await registerAndLogin(api().app);
      for (const url of ['/api/v1/users', `/api/v1/users/${userId}`]) {
        const anonymous = await get(url);
        expectProblem(anonymous, 401);
        expect(anonymous.headers['www-authenticate']).toBe('Bearer');
        expectProblem(await get(url, { token: customer }), 403);
      }
    });
  });
});
