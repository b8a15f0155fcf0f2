import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleCommand, type CommandContext } from '../../command-handlers/handle-command.js';
import { categoryDecider, categoryStream } from '../../domain/catalog/category.js';
import { categoryEvents, productEvents } from '../../domain/catalog/events.js';
import { productDecider, productStream } from '../../domain/catalog/product.js';
import { orderAggregate } from '../../domain/ordering/aggregates.js';
import { orderStream } from '../../domain/ordering/order.js';
import { paymentAggregate } from '../../domain/payments/aggregates.js';
import { paymentIdFor, paymentStream } from '../../domain/payments/payment.js';
import type { Money } from '../../domain/shared/money.js';
import type { EventStore } from '../../infra/event-store/port.js';
import { ADMIN, describeApi } from '../support/api.js';
import { call, eventCount, expectProblem, registerAndLogin } from '../support/http.js';

// The catalogue routes are written elsewhere: products are set up through the catalogue's deciders.
const categoryAggregate = { decider: categoryDecider, events: categoryEvents } as const;
const productAggregate = { decider: productDecider, events: productEvents } as const;

const gbp = (amount: number): Money => ({ amount, currency: 'GBP' });
const address = { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };
const card = { method: 'card', token: 'tok_visa' };

function context(): CommandContext {
  return { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actorId: null, occurredAt: new Date().toISOString() };
}

async function createCategory(store: EventStore): Promise<string> {
  const categoryId = randomUUID();
  await handleCommand(store, categoryAggregate, categoryStream(categoryId), { type: 'CreateCategory', categoryId, name: 'Kitchen', parentId: null, parentExists: false, at: new Date().toISOString() }, context());
  return categoryId;
}

async function createProduct(store: EventStore, categoryId: string, price: Money, name = 'Mug'): Promise<string> {
  const productId = randomUUID();
  await handleCommand(
    store,
    productAggregate,
    productStream(productId),
    { type: 'CreateProduct', productId, sku: `SKU-${productId}`, name, description: 'A product', price, categoryId, categoryExists: true, attributes: {}, at: new Date().toISOString() },
    context(),
  );
  return productId;
}

/** Confirms the order as the saga would. */
async function confirm(store: EventStore, orderId: string): Promise<void> {
  await handleCommand(store, orderAggregate, orderStream(orderId), { type: 'ConfirmOrder', orderId, paymentId: paymentIdFor(orderId), at: new Date().toISOString() }, context());
}

async function ship(store: EventStore, orderId: string): Promise<void> {
  await handleCommand(store, orderAggregate, orderStream(orderId), { type: 'ShipOrder', orderId, carrier: 'Royal Mail', trackingNumber: 'RM1', at: new Date().toISOString() }, context());
}

/** The order's payment, initiated, authorized and captured for `amount` (revisions 0, 1, 2). */
async function capturePayment(store: EventStore, orderId: string, customerId: string, amount: Money): Promise<string> {
  const paymentId = paymentIdFor(orderId);
  const stream = paymentStream(paymentId);
  const at = new Date().toISOString();
  await handleCommand(store, paymentAggregate, stream, { type: 'InitiatePayment', paymentId, orderId, customerId, amount, token: 'tok_visa', at }, context());
  await handleCommand(store, paymentAggregate, stream, { type: 'RecordAuthorization', paymentId, providerReference: `auth-${paymentId}`, amount, at }, context());
  await handleCommand(store, paymentAggregate, stream, { type: 'CapturePayment', paymentId, at }, context());
  return paymentId;
}

async function login(app: Parameters<typeof call>[0], credentials: { email: string; password: string }): Promise<string> {
  const response = await call(app, 'POST', '/api/v1/auth/login', credentials);
  expect(response.statusCode).toBe(200);
  return response.json<{ accessToken: string }>().accessToken;
}

const positionPattern = /^\d+$/;

describeApi('orders and payments', (api) => {
  let admin: string;
  let customer: { userId: string; accessToken: string };
  let otherCustomer: { userId: string; accessToken: string };
  let support: string;
  let categoryId: string;

  beforeAll(async () => {
    const { app, store } = api();
    admin = await login(app, ADMIN);
    customer = await registerAndLogin(app);
    otherCustomer = await registerAndLogin(app);
    const supportEmail = `support-${randomUUID()}@shopverse.test`;
    const supportUser = await registerAndLogin(app, supportEmail);
    expect((await call(app, 'POST', `/api/v1/users/${supportUser.userId}/roles`, { roles: ['support'] }, { token: admin })).statusCode).toBe(200);
    support = await login(app, { email: supportEmail, password: 'correct horse battery' });
    categoryId = await createCategory(store);
  });

  const orderBody = (items: { productId: string; quantity: number }[]) => ({ items, shippingAddress: address, payment: card });

  async function placeOrder(items: { productId: string; quantity: number }[], token = customer.accessToken): Promise<string> {
    const response = await call(api().app, 'POST', '/api/v1/orders', orderBody(items), { token });
    expect(response.statusCode).toBe(202);
    return response.json<{ orderId: string }>().orderId;
  }

  async function aPendingOrder(token = customer.accessToken): Promise<string> {
    return placeOrder([{ productId: await createProduct(api().store, categoryId, gbp(1250)), quantity: 2 }], token);
  }

  async function orderEvents(orderId: string): Promise<string[]> {
    return (await api().store.readStream(orderStream(orderId))).map((event) => event.type);
  }

  async function expectRefused(response: Promise<LightMyRequestResponse>, status: number): Promise<void> {
    const before = await eventCount(api().store);
    expectProblem(await response, status);
    expect(await eventCount(api().store)).toBe(before);
  }

  it('documents the order routes in the OpenAPI document, with If-Match on the commands to one order', async () => {
    const spec = (await call(api().app, 'GET', '/docs/json')).json<{ paths: Record<string, { post?: { parameters?: { in: string; name: string }[] } }> }>();
    for (const action of ['cancel', 'ship', 'deliver', 'refunds']) {
      expect(spec.paths[`/api/v1/orders/{id}/${action}`]?.post?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'if-match' })]));
    }
    expect(spec.paths['/api/v1/orders']?.post).toBeDefined();
  });

  describe('POST /api/v1/orders', () => {
    it('places an order: 202 pending with the order id and position, the catalogue prices captured, ETag of the order stream', async () => {
      const mug = await createProduct(api().store, categoryId, gbp(1250), 'Mug');
      const tea = await createProduct(api().store, categoryId, gbp(499), 'Tea');
      const response = await call(api().app, 'POST', '/api/v1/orders', orderBody([{ productId: mug, quantity: 2 }, { productId: tea, quantity: 3 }]), { token: customer.accessToken });
      expect(response.statusCode).toBe(202);
      const body = response.json<{ orderId: string; status: string; position: string }>();
      expect(body).toEqual({ orderId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, status: 'pending', position: expect.stringMatching(positionPattern) as unknown });
      expect(response.headers.etag).toBe('"0"');
      const [placed, ...rest] = await api().store.readStream(orderStream(body.orderId));
      expect(rest).toEqual([]);
      expect(placed?.type).toBe('OrderPlaced');
      expect(placed?.position.toString()).toBe(body.position);
      expect(placed?.metadata).toMatchObject({ correlationId: response.headers['x-correlation-id'], actorId: customer.userId });
      expect(placed?.data).toMatchObject({
        orderId: body.orderId,
        customerId: customer.userId,
        lines: [
          { productId: mug, sku: `SKU-${mug}`, name: 'Mug', quantity: 2, unitPrice: gbp(1250), lineTotal: gbp(2500) },
          { productId: tea, sku: `SKU-${tea}`, name: 'Tea', quantity: 3, unitPrice: gbp(499), lineTotal: gbp(1497) },
        ],
        total: gbp(3997),
        shippingAddress: address,
        paymentMethod: card,
      });
    });

    it('answers 422 for an unknown or discontinued product, mixed currencies, a repeated product or a bad address, and appends nothing', async () => {
      const { store } = api();
      const mug = await createProduct(store, categoryId, gbp(1250));
      const dollars = await createProduct(store, categoryId, { amount: 1500, currency: 'USD' });
      const discontinued = await createProduct(store, categoryId, gbp(800));
      await handleCommand(store, productAggregate, productStream(discontinued), { type: 'DiscontinueProduct', productId: discontinued, at: new Date().toISOString() }, context());
      const post = (body: unknown) => call(api().app, 'POST', '/api/v1/orders', body, { token: customer.accessToken });

      await expectRefused(post(orderBody([{ productId: mug, quantity: 1 }, { productId: randomUUID(), quantity: 1 }])), 422);
      await expectRefused(post(orderBody([{ productId: discontinued, quantity: 1 }])), 422);
      await expectRefused(post(orderBody([{ productId: mug, quantity: 1 }, { productId: dollars, quantity: 1 }])), 422);
      await expectRefused(post(orderBody([{ productId: mug, quantity: 1 }, { productId: mug, quantity: 2 }])), 422);
      await expectRefused(post({ ...orderBody([{ productId: mug, quantity: 1 }]), shippingAddress: { ...address, name: '  ' } }), 422);
      await expectRefused(post({ ...orderBody([{ productId: mug, quantity: 1 }]), shippingAddress: { ...address, country: 'gb' } }), 422);
      await expectRefused(post({ ...orderBody([{ productId: mug, quantity: 1 }]), payment: { method: 'card', token: ' ' } }), 422);
    });

    it('refuses malformed input with 400 (415 for another content type) and appends nothing', async () => {
      const mug = await createProduct(api().store, categoryId, gbp(1250));
      const valid = orderBody([{ productId: mug, quantity: 1 }]);
      const post = (body: unknown) => call(api().app, 'POST', '/api/v1/orders', body, { token: customer.accessToken });
      const raw = (payload: string, contentType = 'application/json') =>
        api().app.inject({ method: 'POST', url: '/api/v1/orders', payload, headers: { 'content-type': contentType, authorization: `Bearer ${customer.accessToken}` } });

      await expectRefused(raw('{"items": ['), 400);
      await expectRefused(raw('items=1', 'application/x-www-form-urlencoded'), 415);
      for (const quantity of [0, -1, 1.5, '2', null]) {
        await expectRefused(post({ ...valid, items: [{ productId: mug, quantity }] }), 400);
      }
      await expectRefused(post({ ...valid, items: [] }), 400);
      await expectRefused(post({ ...valid, items: [{ productId: 'not-a-uuid', quantity: 1 }] }), 400);
      await expectRefused(post({ ...valid, items: [{ productId: mug, quantity: 1, unitPrice: gbp(1) }] }), 400);
      await expectRefused(post({ ...valid, total: gbp(1) }), 400);
      await expectRefused(post({ ...valid, payment: { method: 'paypal', token: 'tok_visa' } }), 400);
      await expectRefused(post({ items: valid.items, payment: card }), 400);
      await expectRefused(post({ ...valid, shippingAddress: { ...address, city: 42 } }), 400);
      const wrongTypes = await post({ items: 'mug', shippingAddress: address, payment: 'card' });
      expectProblem(wrongTypes, 400);
      expect(wrongTypes.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual(expect.arrayContaining(['body.items', 'body.payment']));
    });

    it('needs a customer: 401 without a token, 403 for a support-only user', async () => {
      const valid = orderBody([{ productId: await createProduct(api().store, categoryId, gbp(1250)), quantity: 1 }]);
      await expectRefused(call(api().app, 'POST', '/api/v1/orders', valid), 401);
      await expectRefused(call(api().app, 'POST', '/api/v1/orders', valid, { token: support }), 403);
    });

    it('an Idempotency-Key repeat answers the same order id and places one order; another body with the key is a 422', async () => {
      const mug = await createProduct(api().store, categoryId, gbp(1250));
      const body = orderBody([{ productId: mug, quantity: 1 }]);
      const headers = { 'idempotency-key': randomUUID() };
      const before = await eventCount(api().store);
      const first = await call(api().app, 'POST', '/api/v1/orders', body, { token: customer.accessToken, headers });
      const again = await call(api().app, 'POST', '/api/v1/orders', body, { token: customer.accessToken, headers });
      expect(first.statusCode).toBe(202);
      expect({ status: again.statusCode, body: again.body, etag: again.headers.etag }).toEqual({ status: 202, body: first.body, etag: first.headers.etag });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await eventCount(api().store)).toBe(before + 1);
      // Wait until $all shows every event committed so far (see eventCount).
      await eventCount(api().store);
      const placed = (await api().store.readAll({ filter: { eventTypes: ['OrderPlaced'] } })).filter((event) => event.data.customerId === customer.userId && JSON.stringify(event.data.lines).includes(mug));
      expect(placed.map((event) => event.data.orderId)).toEqual([first.json<{ orderId: string }>().orderId]);
      await expectRefused(call(api().app, 'POST', '/api/v1/orders', orderBody([{ productId: mug, quantity: 2 }]), { token: customer.accessToken, headers }), 422);
    });
  });

  describe('POST /api/v1/orders/{id}/cancel', () => {
    it('the owner cancels a pending order: 202 with the position, ETag, reason customer', async () => {
      const orderId = await aPendingOrder();
      const response = await call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, undefined, { token: customer.accessToken });
      expect(response.statusCode).toBe(202);
      expect(response.headers.etag).toBe('"1"');
      const [, cancelled] = await api().store.readStream(orderStream(orderId));
      expect(response.json()).toEqual({ position: cancelled?.position.toString() });
      expect(cancelled).toMatchObject({ type: 'OrderCancelled', data: { orderId, reason: 'customer', previousStatus: 'pending' } });
    });

    it('an admin cancels a customer’s confirmed order with reason admin', async () => {
      const orderId = await aPendingOrder();
      await confirm(api().store, orderId);
      const response = await call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, undefined, { token: admin });
      expect(response.statusCode).toBe(202);
      const [, , cancelled] = await api().store.readStream(orderStream(orderId));
      expect(cancelled).toMatchObject({ type: 'OrderCancelled', data: { reason: 'admin', previousStatus: 'confirmed' } });
    });

    it('answers 404 for another customer’s order or an unknown one, 409 once shipped, and appends nothing', async () => {
      const orderId = await aPendingOrder();
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, undefined, { token: otherCustomer.accessToken }), 404);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${randomUUID()}/cancel`, undefined, { token: customer.accessToken }), 404);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${randomUUID()}/cancel`, undefined, { token: admin, headers: { 'if-match': '"0"' } }), 404);
      await confirm(api().store, orderId);
      await ship(api().store, orderId);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, undefined, { token: customer.accessToken }), 409);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, undefined, { token: admin }), 409);
      expect(await orderEvents(orderId)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderShipped']);
    });

    it('refuses a missing token (401), a support-only user (403), a bad id or a body (400)', async () => {
      const orderId = await aPendingOrder();
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`), 401);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, undefined, { token: support }), 403);
      await expectRefused(call(api().app, 'POST', '/api/v1/orders/not-a-uuid/cancel', undefined, { token: customer.accessToken }), 400);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, { reason: 'admin' }, { token: customer.accessToken }), 400);
      expect(await orderEvents(orderId)).toEqual(['OrderPlaced']);
    });

    it('honours If-Match: 412 for a stale revision, 400 for a malformed one, 202 for the current one', async () => {
      const orderId = await aPendingOrder();
      await confirm(api().store, orderId);
      const cancel = (ifMatch: string) => call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, undefined, { token: customer.accessToken, headers: { 'if-match': ifMatch } });
      await expectRefused(cancel('"0"'), 412);
      await expectRefused(cancel('1'), 400);
      const response = await cancel('"1"');
      expect(response.statusCode).toBe(202);
      expect(response.headers.etag).toBe('"2"');
      expect(await orderEvents(orderId)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderCancelled']);
    });
  });

  describe('POST /api/v1/orders/{id}/ship and /deliver', () => {
    it('an admin ships a confirmed order (200) and then records its delivery (200), each with the position and ETag', async () => {
      const orderId = await aPendingOrder();
      await confirm(api().store, orderId);
      const shipped = await call(api().app, 'POST', `/api/v1/orders/${orderId}/ship`, { carrier: 'DHL', trackingNumber: 'JD0146' }, { token: admin });
      expect(shipped.statusCode).toBe(200);
      expect(shipped.headers.etag).toBe('"2"');
      const delivered = await call(api().app, 'POST', `/api/v1/orders/${orderId}/deliver`, undefined, { token: admin });
      expect(delivered.statusCode).toBe(200);
      expect(delivered.headers.etag).toBe('"3"');
      const [, , shipEvent, deliverEvent] = await api().store.readStream(orderStream(orderId));
      expect(shipEvent).toMatchObject({ type: 'OrderShipped', data: { orderId, carrier: 'DHL', trackingNumber: 'JD0146' } });
      expect(deliverEvent?.type).toBe('OrderDelivered');
      expect(shipped.json()).toEqual({ position: shipEvent?.position.toString() });
      expect(delivered.json()).toEqual({ position: deliverEvent?.position.toString() });
    });

    it('answers 409 to shipping an order that is not confirmed or delivering one not shipped, 404 to an unknown order', async () => {
      const orderId = await aPendingOrder();
      const shipIt = (id: string) => call(api().app, 'POST', `/api/v1/orders/${id}/ship`, { carrier: 'DHL', trackingNumber: 'JD0146' }, { token: admin });
      const deliverIt = (id: string) => call(api().app, 'POST', `/api/v1/orders/${id}/deliver`, undefined, { token: admin });
      await expectRefused(shipIt(orderId), 409);
      await expectRefused(deliverIt(orderId), 409);
      await confirm(api().store, orderId);
      await expectRefused(deliverIt(orderId), 409);
      await expectRefused(shipIt(randomUUID()), 404);
      await expectRefused(deliverIt(randomUUID()), 404);
      expect(await orderEvents(orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });

    it('a customer cannot ship or deliver, even their own order (403); no token is a 401', async () => {
      const orderId = await aPendingOrder();
      await confirm(api().store, orderId);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/ship`, { carrier: 'DHL', trackingNumber: 'JD0146' }, { token: customer.accessToken }), 403);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/ship`, { carrier: 'DHL', trackingNumber: 'JD0146' }, { token: support }), 403);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/ship`, { carrier: 'DHL', trackingNumber: 'JD0146' }), 401);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/deliver`, undefined, { token: customer.accessToken }), 403);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/deliver`), 401);
    });

    it('refuses a bad shipment: 400 for missing, mistyped or unknown fields, 422 for a blank carrier', async () => {
      const orderId = await aPendingOrder();
      await confirm(api().store, orderId);
      const shipIt = (body: unknown) => call(api().app, 'POST', `/api/v1/orders/${orderId}/ship`, body, { token: admin });
      await expectRefused(shipIt({ carrier: 'DHL' }), 400);
      await expectRefused(shipIt({ carrier: 42, trackingNumber: 'JD0146' }), 400);
      await expectRefused(shipIt({ carrier: 'DHL', trackingNumber: 'JD0146', status: 'delivered' }), 400);
      await expectRefused(shipIt({ carrier: ' ', trackingNumber: 'JD0146' }), 422);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/deliver`, { at: 'now' }, { token: admin }), 400);
      expect(await orderEvents(orderId)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });

    it('honours If-Match on ship and deliver: 412 for a stale revision, and nothing appended', async () => {
      const orderId = await aPendingOrder();
      await confirm(api().store, orderId);
      const body = { carrier: 'DHL', trackingNumber: 'JD0146' };
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/ship`, body, { token: admin, headers: { 'if-match': '"0"' } }), 412);
      expect((await call(api().app, 'POST', `/api/v1/orders/${orderId}/ship`, body, { token: admin, headers: { 'if-match': '"1"' } })).statusCode).toBe(200);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/deliver`, undefined, { token: admin, headers: { 'if-match': '"1"' } }), 412);
      expect(await orderEvents(orderId)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderShipped']);
    });
  });

  describe('POST /api/v1/orders/{id}/refunds', () => {
    async function aCapturedOrder(): Promise<{ orderId: string; paymentId: string }> {
      const orderId = await aPendingOrder();
      const paymentId = await capturePayment(api().store, orderId, customer.userId, gbp(2500));
      await confirm(api().store, orderId);
      return { orderId, paymentId };
    }

    const refund = (orderId: string, body: unknown, token = admin, headers: Record<string, string> = {}) => call(api().app, 'POST', `/api/v1/orders/${orderId}/refunds`, body, { token, headers });

    it('an admin refunds part, support the rest: 202 with the refund id and position, ETag of the payment stream', async () => {
      const { orderId, paymentId } = await aCapturedOrder();
      const first = await refund(orderId, { amount: gbp(1000), reason: 'damaged in transit' });
      expect(first.statusCode).toBe(202);
      expect(first.headers.etag).toBe('"3"');
      const second = await refund(orderId, { amount: gbp(1500), reason: 'goodwill' }, support);
      expect(second.statusCode).toBe(202);
      expect(second.headers.etag).toBe('"4"');
      const [, , , partly, fully] = await api().store.readStream(paymentStream(paymentId));
      const firstBody = first.json<{ refundId: string; position: string }>();
      expect(firstBody).toEqual({ refundId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, position: partly?.position.toString() });
      expect(partly).toMatchObject({ type: 'PaymentRefunded', data: { orderId, refundId: firstBody.refundId, amount: gbp(1000), reason: 'damaged in transit', totalRefunded: gbp(1000), fullyRefunded: false } });
      expect(fully).toMatchObject({ type: 'PaymentRefunded', data: { refundId: second.json<{ refundId: string }>().refundId, totalRefunded: gbp(2500), fullyRefunded: true } });
      expect(second.json<{ refundId: string }>().refundId).not.toBe(firstBody.refundId);
    });

    it('answers 409 when the refund would exceed what was captured, or nothing was, and appends nothing', async () => {
      const { orderId, paymentId } = await aCapturedOrder();
      await expectRefused(refund(orderId, { amount: gbp(2501), reason: 'too much' }), 409);
      expect((await refund(orderId, { amount: gbp(2000), reason: 'most of it' })).statusCode).toBe(202);
      await expectRefused(refund(orderId, { amount: gbp(501), reason: 'one penny too many' }), 409);
      expect((await api().store.readStream(paymentStream(paymentId))).map((event) => event.type)).toEqual(['PaymentInitiated', 'PaymentAuthorized', 'PaymentCaptured', 'PaymentRefunded']);
      await expectRefused(refund(await aPendingOrder(), { amount: gbp(1), reason: 'nothing paid yet' }), 409);
    });

    it('refuses floats and other malformed money with 400, another currency or nothing with 422, and appends nothing', async () => {
      const { orderId } = await aCapturedOrder();
      for (const amount of [{ amount: 12.5, currency: 'GBP' }, { amount: '1000', currency: 'GBP' }, { amount: -100, currency: 'GBP' }, { amount: 100 }, { amount: 100, currency: 'gbp' }, 12.5]) {
        await expectRefused(refund(orderId, { amount, reason: 'bad money' }), 400);
      }
      await expectRefused(refund(orderId, { amount: gbp(100) }), 400);
      await expectRefused(refund(orderId, { amount: gbp(100), reason: '' }), 400);
      await expectRefused(refund(orderId, { amount: gbp(100), reason: 'ok', refundId: randomUUID() }), 400);
      await expectRefused(refund('not-a-uuid', { amount: gbp(100), reason: 'ok' }), 400);
      await expectRefused(refund(orderId, { amount: { amount: 100, currency: 'USD' }, reason: 'wrong currency' }), 422);
      await expectRefused(refund(orderId, { amount: gbp(0), reason: 'nothing' }), 422);
    });

    it('answers 404 for an unknown order, 403 for a customer (even the owner), 401 without a token', async () => {
      const { orderId } = await aCapturedOrder();
      const body = { amount: gbp(100), reason: 'please' };
      await expectRefused(refund(randomUUID(), body), 404);
      await expectRefused(refund(orderId, body, customer.accessToken), 403);
      await expectRefused(call(api().app, 'POST', `/api/v1/orders/${orderId}/refunds`, body), 401);
    });

    it('an Idempotency-Key repeat answers the same refund and refunds once', async () => {
      const { orderId, paymentId } = await aCapturedOrder();
      const headers = { 'idempotency-key': randomUUID() };
      const body = { amount: gbp(700), reason: 'late delivery' };
      const first = await refund(orderId, body, admin, headers);
      const again = await refund(orderId, body, admin, headers);
      expect(first.statusCode).toBe(202);
      expect({ status: again.statusCode, body: again.body, replayed: again.headers['idempotent-replayed'] }).toEqual({ status: 202, body: first.body, replayed: 'true' });
      const refunds = (await api().store.readStream(paymentStream(paymentId))).filter((event) => event.type === 'PaymentRefunded');
      expect(refunds.map((event) => event.data.refundId)).toEqual([first.json<{ refundId: string }>().refundId]);
    });

    it('honours If-Match on the payment stream: 412 for a stale revision', async () => {
      const { orderId, paymentId } = await aCapturedOrder();
      await expectRefused(refund(orderId, { amount: gbp(100), reason: 'stale' }, admin, { 'if-match': '"1"' }), 412);
      expect((await refund(orderId, { amount: gbp(100), reason: 'current' }, admin, { 'if-match': '"2"' })).statusCode).toBe(202);
      expect(await api().store.readStream(paymentStream(paymentId))).toHaveLength(4);
    });
  });
},
// These tests move orders through their states themselves, as the saga would: without it in this process.
{ ROLES: 'api,projections,notifications' });
