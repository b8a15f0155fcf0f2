import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ERASED } from '../../domain/shared/personal-data.js';
import { emailReservationStreamFor } from '../../domain/users/email-reservation.js';
import { KafkaBridge } from '../../projections/kafka-bridge/kafka-bridge.js';
import { BridgeTopics } from '../../projections/kafka-bridge/topics.js';
import { ADMIN, describeApi } from '../support/api.js';
import { runCliAlongside } from '../support/cli.js';
import { call, expectProblem } from '../support/http.js';
import { ensureBroker, TEST_BROKER } from '../kafka-bridge/support/broker.js';
import { freshPrefix, silentLogger, waitForPosition } from '../kafka-bridge/support/fixture.js';
import { readWithKcat } from '../kafka-bridge/support/read-topics.js';

const OrderSchema = z.looseObject({ total: z.unknown(), items: z.unknown(), shippingAddress: z.record(z.string(), z.string()) });

describeApi('erasure of personal data', (api) => {
  const tag = randomUUID().slice(0, 8);
  // Distinctive, so that finding any of them anywhere means it leaked.
  const person = {
    email: `erasable-${tag}@example.test`,
    name: `Ermintrude ${tag} Erasable`,
    line1: `${tag} Forgetting Lane`,
    postalCode: `PC-${tag}`,
    phone: '+14155550199',
  };
  const secrets = [person.email, person.name, person.line1, person.postalCode, person.phone];
  const address = { name: person.name, line1: person.line1, city: 'Oblivion', postalCode: person.postalCode, country: 'US' };
  let admin = '';
  let customer = { userId: '', accessToken: '', refreshToken: '' };
  let orderId = '';
  let correlationId = '';

  const post = (url: string, body: unknown, token?: string) => call(api().app, 'POST', url, body, token === undefined ? {} : { token });
  const get = (url: string, token = admin, minPosition?: string) => call(api().app, 'GET', url, undefined, { token, ...(minPosition === undefined ? {} : { headers: { 'x-min-position': minPosition } }) });
  const leaked = (text: string): string[] => secrets.filter((secret) => text.includes(secret));

  /** Every row of every table of the read-model database (and of the event store's, where it is the same), as text. */
  async function wholeDatabase(): Promise<string> {
    const { rows } = await api().db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    const tables = z.array(z.object({ tablename: z.string() })).parse(rows);
    const dumps = await Promise.all(tables.map(async ({ tablename }) => `${tablename}: ${JSON.stringify((await api().db.query(`SELECT t::text AS row FROM public."${tablename}" t`)).rows)}`));
    return dumps.join('\n');
  }

  beforeAll(async () => {
    const { app } = api();
    admin = (await call(app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    const registered = await post('/api/v1/users', { email: person.email, password: 'correct horse battery', name: person.name });
    expect(registered.statusCode).toBe(201);
    const tokens = (await post('/api/v1/auth/login', { email: person.email, password: 'correct horse battery' })).json<{ accessToken: string; refreshToken: string }>();
    customer = { userId: registered.json<{ userId: string }>().userId, ...tokens };
    const preferences = await call(app, 'PUT', '/api/v1/me/notification-preferences', { email: true, sms: true, push: false, phone: person.phone }, { token: customer.accessToken });
    expect(preferences.statusCode).toBe(200);

    const categoryId = (await post('/api/v1/categories', { name: `Forgettables ${tag}` }, admin)).json<{ categoryId: string }>().categoryId;
    const product = { sku: `forget-${tag}`, name: 'Memory eraser', description: 'Works.', price: { amount: 2_500, currency: 'USD' }, categoryId };
    const productId = (await post('/api/v1/products', product, admin)).json<{ productId: string }>().productId;
    expect((await post(`/api/v1/inventory/${productId}/restock`, { quantity: 5 }, admin)).statusCode).toBe(200);
    correlationId = `erasure-${tag}`;
    const placed = await call(app, 'POST', '/api/v1/orders', { items: [{ productId, quantity: 2 }], shippingAddress: address, payment: { method: 'card', token: 'tok_visa' } }, { token: customer.accessToken, headers: { 'x-correlation-id': correlationId } });
    expect(placed.statusCode).toBe(202);
    orderId = placed.json<{ orderId: string }>().orderId;
    // Confirmed by the saga, and told by email and SMS.
    await vi.waitFor(async () => expect((await get('/api/v1/notifications', customer.accessToken)).json<unknown[]>().length).toBeGreaterThanOrEqual(2), { timeout: 20_000, interval: 100 });
  }, 60_000);

  it('is for admins only, and about users who exist', async () => {
    expectProblem(await post(`/api/v1/users/${customer.userId}/erase`, undefined, customer.accessToken), 403);
    expectProblem(await post(`/api/v1/users/${customer.userId}/erase`, undefined), 401);
    expectProblem(await post(`/api/v1/users/${randomUUID()}/erase`, undefined, admin), 404);
    expectProblem(await post('/api/v1/users/not-a-uuid/erase', undefined, admin), 400);
  });

  it('leaves no email, name, address or phone of the user in any read model, audit answer, export or new Kafka message, and every other fact as it was', async () => {
    const before = OrderSchema.parse((await get(`/api/v1/orders/${orderId}`)).json());
    expect(before.shippingAddress).toMatchObject({ name: person.name, line1: person.line1 });
    expect(leaked(await wholeDatabase())).toContain(person.email);

    const erased = await post(`/api/v1/users/${customer.userId}/erase`, undefined, admin);
    expect(erased.statusCode).toBe(200);
    const { position } = erased.json<{ position: string; status: string }>();
    expect(erased.json()).toMatchObject({ userId: customer.userId, status: 'erased' });
    expect((await post(`/api/v1/users/${customer.userId}/erase`, undefined, admin)).statusCode).toBe(200);

    // Gone for good: no sign-in, no new tokens.
    expectProblem(await post('/api/v1/auth/login', { email: person.email, password: 'correct horse battery' }), 401);
    expectProblem(await post('/api/v1/auth/refresh', { refreshToken: customer.refreshToken }), 401);

    // Read models, once they passed the erasure.
    expect((await get(`/api/v1/users/${customer.userId}`, admin, position)).json()).toMatchObject({ userId: customer.userId, email: ERASED, name: ERASED });
    const after = OrderSchema.parse((await get(`/api/v1/orders/${orderId}`, admin, position)).json());
    expect(after.total).toEqual(before.total);
    expect(after.items).toEqual(before.items);
    expect(after.shippingAddress).toEqual({ name: ERASED, line1: ERASED, city: ERASED, postalCode: ERASED, country: 'US' });
    await vi.waitFor(async () => {
      const { rows } = await api().db.query('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1', [customer.userId]);
      expect(rows).toEqual([{ n: 0 }]);
    }, { timeout: 15_000, interval: 100 });
    // Every table, the event store's too where it is this database: the events keep only ciphertext.
    expect(leaked(await wholeDatabase())).toEqual([]);

    // Audit views: the history as recorded, personal fields erased; the order's amounts as they were.
    for (const stream of [`user-${customer.userId}`, `order-${orderId}`, `notification-preferences-${customer.userId}`, emailReservationStreamFor(person.email)]) {
      const history = await get(`/api/v1/audit/streams/${stream}`);
      expect(history.statusCode, stream).toBe(200);
      expect(leaked(history.body), stream).toEqual([]);
    }
    const byCorrelation = await get(`/api/v1/audit/events?correlationId=${correlationId}`);
    expect(byCorrelation.json<{ items: unknown[] }>().items.length).toBeGreaterThan(2);
    expect(leaked(byCorrelation.body)).toEqual([]);
    const userState = await get(`/api/v1/audit/users/${customer.userId}/state`);
    expect(userState.json()).toMatchObject({ state: { status: 'erased' } });
    const orderAtPlacement = await get(`/api/v1/audit/orders/${orderId}/state?revision=0`);
    expect(leaked(orderAtPlacement.body)).toEqual([]);
    expect(orderAtPlacement.json()).toMatchObject({ state: { total: before.total } });

    // The export, and `verify`: the hash chains still hold (they cover the ciphertext), and the read models equal a rebuild.
    const exported = await runCliAlongside(api().urls, 'audit', 'export');
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(orderId);
    expect(leaked(exported.stdout)).toEqual([]);
    const verified = await runCliAlongside(api().urls, 'audit', 'verify');
    expect(verified.stdout).toBe('');
    expect(verified.status, verified.stderr).toBe(0);

    // Kafka: a bridge publishing the history now (as a replay would) sends none of it.
    await ensureBroker();
    const prefix = freshPrefix();
    const bridge = new KafkaBridge({ store: api().store, db: api().db, brokers: [TEST_BROKER], logger: silentLogger, topicPrefix: prefix, partitions: 1 });
    try {
      bridge.start();
      await waitForPosition(bridge, BigInt(position));
    } finally {
      await bridge.stop();
    }
    const messages = (await Promise.all(new BridgeTopics(prefix).all().map((topic) => readWithKcat(topic)))).flat();
    expect(messages.some((message) => message.key === `order-${orderId}`)).toBe(true);
    const registration = messages.find((message) => message.key === `user-${customer.userId}` && message.value.type === 'UserRegistered');
    expect(registration?.value).toMatchObject({ schemaVersion: 2, data: { email: ERASED, name: ERASED } });
    expect(leaked(JSON.stringify(messages))).toEqual([]);
  }, 180_000);
});
