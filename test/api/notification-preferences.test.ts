import { describe, expect, it } from 'vitest';
import { describeApi } from '../support/api.js';
import { call, eventCount, expectProblem, registerAndLogin } from '../support/http.js';

const phone = '+14155550123';
const pushEndpoint = 'https://push.example.com/devices/42';

describeApi('notification preferences', (api) => {
  const put = (token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
    call(api().app, 'PUT', '/api/v1/me/notification-preferences', body, { ...(token === undefined ? {} : { token }), headers });

  it('sets the channels of the signed-in user: 200 with the preferences, the position and the ETag', async () => {
    const { userId, accessToken } = await registerAndLogin(api().app);
    const initial = await call(api().app, 'GET', '/api/v1/me/notification-preferences', undefined, { token: accessToken });
    expect(initial.json()).toEqual({ email: true, sms: false, push: false, phone: null, pushEndpoint: null });

    const response = await put(accessToken, { email: true, sms: true, push: false, phone });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"0"');
    const [event] = await api().store.readStream(`notification-preferences-${userId}`);
    expect(event?.type).toBe('NotificationPreferencesSet');
    expect(event?.metadata.actorId).toBe(userId);
    expect(event?.metadata.correlationId).toBe(response.headers['x-correlation-id']);
    expect(response.json()).toEqual({ email: true, sms: true, push: false, phone, pushEndpoint: null, position: event?.position.toString() });

    const after = await call(api().app, 'GET', '/api/v1/me/notification-preferences', undefined, { token: accessToken });
    expect(after.json()).toEqual({ email: true, sms: true, push: false, phone, pushEndpoint: null });
  });

  it('keeps the phone when it is omitted, appends nothing for the same preferences, and honours If-Match', async () => {
    const { userId, accessToken } = await registerAndLogin(api().app);
    await put(accessToken, { email: true, sms: true, push: true, phone, pushEndpoint });
    const again = await put(accessToken, { email: true, sms: true, push: true });
    expect(again.statusCode).toBe(200);
    expect(await api().store.readStream(`notification-preferences-${userId}`)).toHaveLength(1);

    expectProblem(await put(accessToken, { email: false, sms: true, push: true }, { 'if-match': '"7"' }), 412);
    const matched = await put(accessToken, { email: false, sms: true, push: true }, { 'if-match': '"0"' });
    expect(matched.statusCode).toBe(200);
    expect(matched.json()).toMatchObject({ email: false, phone, pushEndpoint });
    expect(matched.headers.etag).toBe('"1"');
  });

  it('refuses bad input and anonymous callers with a problem, appending nothing', async () => {
    const { accessToken } = await registerAndLogin(api().app);
    const before = await eventCount(api().store);
    expectProblem(await put(undefined, { email: true, sms: false, push: false }), 401);
    expectProblem(await put('not.a.token', { email: true, sms: false, push: false }), 401);
    expectProblem(await put(accessToken, { email: 'yes', sms: false, push: false }), 400);
    expectProblem(await put(accessToken, { email: true, sms: false }), 400);
    expectProblem(await put(accessToken, { email: true, sms: false, push: false, fax: true }), 400);
    expectProblem(await put(accessToken, { email: true, sms: true, push: false, phone: '555-0123' }), 400);
    expectProblem(await put(accessToken, { email: true, sms: false, push: true, pushEndpoint: 'javascript:alert(1)' }), 400);
    const noPhone = await put(accessToken, { email: true, sms: true, push: false });
    expectProblem(noPhone, 422);
    expect(noPhone.json<{ detail: string }>().detail).toMatch(/phone/);
    expectProblem(await put(accessToken, { email: true, sms: false, push: true }), 422);
    expect(await eventCount(api().store)).toBe(before);
  });

  describe('in OpenAPI', () => {
    it('documents the route', async () => {
      const document = (await call(api().app, 'GET', '/docs/json')).json<{ paths: Record<string, Record<string, unknown>> }>();
      expect(Object.keys(document.paths['/api/v1/me/notification-preferences'] ?? {})).toEqual(expect.arrayContaining(['put', 'get']));
    });
  });
});
