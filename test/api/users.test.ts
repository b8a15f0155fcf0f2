import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ADMIN, describeApi, JWT_SECRET } from '../support/api.js';
import { call, eventCount, expectProblem, registerAndLogin, uniqueEmail } from '../support/http.js';

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(header: Record<string, unknown>, claims: Record<string, unknown>, secret = JWT_SECRET): string {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describeApi('users and sessions', (api) => {
  describe('registration', () => {
    it('registers a customer: 201 with the user id and the position of the last event', async () => {
      const email = uniqueEmail();
      const response = await call(api().app, 'POST', '/api/v1/users', { email, password: 'correct horse battery', name: 'Ada' });
      expect(response.statusCode).toBe(201);
      const body = response.json<{ userId: string; position: string }>();
      expect(body.userId).toMatch(/^[0-9a-f-]{36}$/);
      const [registered] = await api().store.readStream(`user-${body.userId}`);
      expect(registered?.type).toBe('UserRegistered');
      expect(registered?.position.toString()).toBe(body.position);
      expect(registered?.metadata.correlationId).toBe(response.headers['x-correlation-id']);
    });

    it('answers 409 when the email is taken, whatever its case', async () => {
      const email = uniqueEmail();
      await call(api().app, 'POST', '/api/v1/users', { email, password: 'correct horse battery', name: 'First' });
      const before = await eventCount(api().store);
      expectProblem(await call(api().app, 'POST', '/api/v1/users', { email: email.toUpperCase(), password: 'another password', name: 'Second' }), 409);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('50 parallel registrations of one email create exactly one user', async () => {
      const email = uniqueEmail();
      const responses = await Promise.all(Array.from({ length: 50 }, (_, n) => call(api().app, 'POST', '/api/v1/users', { email, password: 'correct horse battery', name: `Racer ${n}` })));
      expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
      expect(responses.filter((response) => response.statusCode === 409)).toHaveLength(49);
      // Wait until $all shows every event committed so far (see eventCount).
      await eventCount(api().store);
      const registrations = (await api().store.readAll({ filter: { eventTypes: ['UserRegistered'] } })).filter((event) => event.data.email === email);
      expect(registrations).toHaveLength(1);
    });

    it('refuses bad input with a problem and appends nothing', async () => {
      const before = await eventCount(api().store);
      const post = (body: string, contentType = 'application/json') =>
        api().app.inject({ method: 'POST', url: '/api/v1/users', payload: body, headers: { 'content-type': contentType } });
      expectProblem(await post('{"email": '), 400);
      const wrongTypes = await post(JSON.stringify({ email: 42, password: ['x'], name: 'A' }));
      expectProblem(wrongTypes, 400);
      expect(wrongTypes.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual(expect.arrayContaining(['body.email', 'body.password']));
      expectProblem(await post(JSON.stringify({ email: uniqueEmail(), password: 'correct horse battery', name: 'A', roles: ['admin'] })), 400);
      expectProblem(await post(JSON.stringify({ email: 'not-an-email', password: 'correct horse battery', name: 'A' })), 400);
      expectProblem(await post('email=a@b.c', 'application/x-www-form-urlencoded'), 415);
      expectProblem(await post(JSON.stringify({ email: uniqueEmail(), password: 'x'.repeat(100), name: 'y'.repeat(2_000_000) })), 413);
      expect(await eventCount(api().store)).toBe(before);
    });
  });

  describe('sessions', () => {
    it('signs in, answers /me, rotates the refresh token, and logs out', async () => {
      const email = uniqueEmail();
      const { userId, accessToken, refreshToken } = await registerAndLogin(api().app, email);
      const me = await call(api().app, 'GET', '/api/v1/me', undefined, { token: accessToken });
      expect(me.json()).toEqual({ userId, email, name: 'Test User', roles: ['customer'] });

      const refreshed = await call(api().app, 'POST', '/api/v1/auth/refresh', { refreshToken });
      expect(refreshed.statusCode).toBe(200);
      const pair = refreshed.json<{ accessToken: string; refreshToken: string; expiresIn: number }>();
      expect(pair.expiresIn).toBeGreaterThan(0);
      expect(pair.refreshToken).not.toBe(refreshToken);

      expect((await call(api().app, 'POST', '/api/v1/auth/logout', undefined, { token: pair.accessToken })).statusCode).toBe(204);
      expectProblem(await call(api().app, 'POST', '/api/v1/auth/refresh', { refreshToken: pair.refreshToken }), 401);
    });

    it('an old refresh token presented again stops working and ends its session', async () => {
      const { refreshToken } = await registerAndLogin(api().app);
      const rotated = (await call(api().app, 'POST', '/api/v1/auth/refresh', { refreshToken })).json<{ refreshToken: string }>();
      expectProblem(await call(api().app, 'POST', '/api/v1/auth/refresh', { refreshToken }), 401);
      // Reuse revoked the session, so the token issued in between is dead too.
      expectProblem(await call(api().app, 'POST', '/api/v1/auth/refresh', { refreshToken: rotated.refreshToken }), 401);
    });

    it('answers 401 to a wrong password or an unknown email, alike', async () => {
      const email = uniqueEmail();
      await registerAndLogin(api().app, email);
      expectProblem(await call(api().app, 'POST', '/api/v1/auth/login', { email, password: 'wrong password' }), 401);
      expectProblem(await call(api().app, 'POST', '/api/v1/auth/login', { email: uniqueEmail(), password: 'wrong password' }), 401);
    });

    it('refuses missing, tampered, expired and alg:none tokens with 401', async () => {
      const { userId, accessToken } = await registerAndLogin(api().app);
      const claims = { sub: userId, sid: randomUUID(), roles: ['customer', 'admin'] };
      const now = Math.floor(Date.now() / 1000);
      const [header, , signature] = accessToken.split('.');
      const cases = [
        undefined,
        `${header}.${base64url({ ...claims, exp: now + 600 })}.${signature}`,
        token({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }),
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, exp: now + 600 })}.`,
        token({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: now + 600 }, 'some other secret of the right length'),
      ];
      for (const bad of cases) {
        const response = await call(api().app, 'GET', '/api/v1/me', undefined, bad === undefined ? {} : { token: bad });
        expectProblem(response, 401);
      }
    });
  });

  describe('roles', () => {
    it('an admin sets roles (200); a customer may not (403); an unknown user is 404', async () => {
      const admin = (await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>();
      const { userId, accessToken } = await registerAndLogin(api().app);
      const changed = await call(api().app, 'POST', `/api/v1/users/${userId}/roles`, { roles: ['customer', 'support'] }, { token: admin.accessToken });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ userId, roles: ['customer', 'support'], position: expect.stringMatching(/^\d+$/) as unknown });
      expectProblem(await call(api().app, 'POST', `/api/v1/users/${userId}/roles`, { roles: ['admin'] }, { token: accessToken }), 403);
      expectProblem(await call(api().app, 'POST', `/api/v1/users/${randomUUID()}/roles`, { roles: ['admin'] }, { token: admin.accessToken }), 404);
      expectProblem(await call(api().app, 'POST', `/api/v1/users/${userId}/roles`, { roles: ['superuser'] }, { token: admin.accessToken }), 400);
      // Who may ask is settled before the body is looked at: no token and a bad body is a 401.
      expectProblem(await call(api().app, 'POST', `/api/v1/users/${userId}/roles`, { roles: 'superuser' }), 401);
    });
  });

  describe('idempotency keys', () => {
    it('the same key and body answer the same, once; another body is a 422; concurrent repeats have one effect', async () => {
      const email = uniqueEmail();
      const body = { email, password: 'correct horse battery', name: 'Once' };
      const key = { 'idempotency-key': randomUUID() };
      const concurrent = await Promise.all(Array.from({ length: 5 }, () => call(api().app, 'POST', '/api/v1/users', body, { headers: key })));
      const again = await call(api().app, 'POST', '/api/v1/users', body, { headers: key });
      for (const response of [...concurrent, again]) {
        expect({ status: response.statusCode, body: response.body }).toEqual({ status: concurrent[0]?.statusCode, body: concurrent[0]?.body });
      }
      expect(concurrent[0]?.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      // Wait until $all shows every event committed so far (see eventCount).
      await eventCount(api().store);
      const registrations = (await api().store.readAll({ filter: { eventTypes: ['UserRegistered'] } })).filter((event) => event.data.email === email);
      expect(registrations).toHaveLength(1);
      expectProblem(await call(api().app, 'POST', '/api/v1/users', { ...body, name: 'Other' }, { headers: key }), 422);
    });
  });
});
