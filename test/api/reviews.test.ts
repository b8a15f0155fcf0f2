import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleCommand, type CommandContext } from '../../command-handlers/handle-command.js';
import { categoryDecider, categoryStream } from '../../domain/catalog/category.js';
import { categoryEvents, productEvents } from '../../domain/catalog/events.js';
import { productDecider, productStream } from '../../domain/catalog/product.js';
import { orderEvents, type CancellationReason } from '../../domain/ordering/events.js';
import { orderDecider, orderStream } from '../../domain/ordering/order.js';
import { reviewIdFor } from '../../domain/reviews/review.js';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import { ADMIN, describeApi, type Api } from '../support/api.js';
import { call, eventCount, expectProblem, registerAndLogin, uniqueEmail } from '../support/http.js';

// The catalogue and order routes are written in parallel: products and orders are made through the deciders.
const categoryAggregate = { decider: categoryDecider, events: categoryEvents } as const;
const productAggregate = { decider: productDecider, events: productEvents } as const;
const orderAggregate = { decider: orderDecider, events: orderEvents } as const;

const PRICE = { amount: 1999, currency: 'USD' };
const ADDRESS = { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };
const REVIEW = { rating: 4, title: 'Solid', body: 'Does what it says.' };

function context(): CommandContext {
  return { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actorId: null, occurredAt: new Date().toISOString() };
}

async function createCategory(store: EventStore): Promise<string> {
  const categoryId = randomUUID();
  const at = new Date().toISOString();
  await handleCommand(store, categoryAggregate, categoryStream(categoryId), { type: 'CreateCategory', categoryId, name: 'Kettles', parentId: null, parentExists: false, at }, context());
  return categoryId;
}

async function createProduct(store: EventStore, categoryId: string, options: { discontinued?: boolean } = {}): Promise<string> {
  const productId = randomUUID();
  const at = new Date().toISOString();
  const product = { type: 'CreateProduct', productId, sku: `SKU-${productId}`, name: 'Kettle', description: 'Boils water.', price: PRICE, categoryId, categoryExists: true, attributes: {}, at } as const;
  await handleCommand(store, productAggregate, productStream(productId), product, context());
  if (options.discontinued === true) await handleCommand(store, productAggregate, productStream(productId), { type: 'DiscontinueProduct', productId, at }, context());
  return productId;
}

type OrderFate = 'pending' | 'confirmed' | 'delivered' | 'refunded' | CancellationReason;

/** An order of the customer for the product, taken as far as `fate` says along the saga. */
async function placeOrder(store: EventStore, customerId: string, productId: string, fate: OrderFate): Promise<string> {
  const orderId = randomUUID();
  const stream = orderStream(orderId);
  const at = new Date().toISOString();
  const lines = [{ productId, quantity: 1, product: { sku: `SKU-${productId}`, name: 'Kettle', unitPrice: PRICE, status: 'active' } }] as const;
  await handleCommand(store, orderAggregate, stream, { type: 'PlaceOrder', orderId, customerId, lines, shippingAddress: ADDRESS, payment: { method: 'card', token: 'tok_visa' }, at }, context());
  if (fate === 'pending') return orderId;
  await handleCommand(store, orderAggregate, stream, { type: 'ConfirmOrder', orderId, paymentId: randomUUID(), at }, context());
  if (fate === 'confirmed') return orderId;
  if (fate === 'delivered') {
    await handleCommand(store, orderAggregate, stream, { type: 'ShipOrder', orderId, carrier: 'DHL', trackingNumber: 'JD0001', at }, context());
    await handleCommand(store, orderAggregate, stream, { type: 'DeliverOrder', orderId, at }, context());
    return orderId;
  }
  if (fate === 'refunded') {
    await handleCommand(store, orderAggregate, stream, { type: 'MarkOrderRefunded', orderId, at }, context());
    return orderId;
  }
  await handleCommand(store, orderAggregate, stream, { type: 'CancelOrder', orderId, reason: fate, at }, context());
  return orderId;
}

async function login(api: Api, credentials: { email: string; password: string }): Promise<string> {
  const response = await call(api.app, 'POST', '/api/v1/auth/login', credentials);
  expect(response.statusCode).toBe(200);
  return response.json<{ accessToken: string }>().accessToken;
}

/** A user with the support role only (the initial admin is a customer too). */
async function supportUser(api: Api, adminToken: string): Promise<{ userId: string; token: string }> {
  const email = uniqueEmail();
  const password = 'correct horse battery';
  const { userId } = await registerAndLogin(api.app, email, password);
  const changed = await call(api.app, 'POST', `/api/v1/users/${userId}/roles`, { roles: ['support'] }, { token: adminToken });
  expect(changed.statusCode).toBe(200);
  return { userId, token: await login(api, { email, password }) };
}

async function reviewEvents(store: EventStore, reviewId: string): Promise<RecordedEvent[]> {
  return store.readStream(`review-${reviewId}`);
}

describeApi('reviews', (api) => {
  let adminToken = '';
  let categoryId = '';
  let support = { userId: '', token: '' };

  beforeAll(async () => {
    adminToken = await login(api(), ADMIN);
    categoryId = await createCategory(api().store);
    support = await supportUser(api(), adminToken);
  });

  const submit = (productId: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse> =>
    call(api().app, 'POST', `/api/v1/products/${productId}/reviews`, body, { ...(token === undefined ? {} : { token }), ...(headers === undefined ? {} : { headers }) });

  const moderate = (reviewId: string, decision: 'approve' | 'reject', body: unknown, token?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse> =>
    call(api().app, 'POST', `/api/v1/reviews/${reviewId}/${decision}`, body, { ...(token === undefined ? {} : { token }), ...(headers === undefined ? {} : { headers }) });

  /** A fresh customer's pending review of a fresh product. */
  async function pendingReview(): Promise<string> {
    const productId = await createProduct(api().store, categoryId);
    const customer = await registerAndLogin(api().app);
    const response = await submit(productId, REVIEW, customer.accessToken);
    expect(response.statusCode).toBe(201);
    return response.json<{ reviewId: string }>().reviewId;
  }

  describe('submitting', () => {
    it('201 with the review id, its position and ETag; the review is recorded as a verified purchase after a confirmed order', async () => {
      const productId = await createProduct(api().store, categoryId);
      const customer = await registerAndLogin(api().app);
      await placeOrder(api().store, customer.userId, productId, 'confirmed');
      await eventCount(api().store);
      const response = await submit(productId, { rating: 5, title: '  Great kettle ', body: 'Boils fast.' }, customer.accessToken);
      expect(response.statusCode).toBe(201);
      const body = response.json<{ reviewId: string; position: string }>();
      expect(body.reviewId).toBe(reviewIdFor(customer.userId, productId));
      expect(response.headers.etag).toBe('"0"');
      const [submitted, ...rest] = await reviewEvents(api().store, body.reviewId);
      expect(rest).toHaveLength(0);
      expect(submitted?.type).toBe('ReviewSubmitted');
      expect(submitted?.position.toString()).toBe(body.position);
      expect(submitted?.metadata).toMatchObject({ correlationId: response.headers['x-correlation-id'], actorId: customer.userId });
      expect(submitted?.data).toMatchObject({ reviewId: body.reviewId, productId, customerId: customer.userId, rating: 5, title: 'Great kettle', body: 'Boils fast.', verifiedPurchase: true });
    });

    it('a delivered order verifies the purchase too', async () => {
      const productId = await createProduct(api().store, categoryId);
      const customer = await registerAndLogin(api().app);
      await placeOrder(api().store, customer.userId, productId, 'delivered');
      await eventCount(api().store);
      const response = await submit(productId, REVIEW, customer.accessToken);
      expect(response.statusCode).toBe(201);
      const [submitted] = await reviewEvents(api().store, response.json<{ reviewId: string }>().reviewId);
      expect(submitted?.data.verifiedPurchase).toBe(true);
    });

    it('is not a verified purchase without a confirmed order of this customer for this product', async () => {
      const productId = await createProduct(api().store, categoryId);
      const otherProductId = await createProduct(api().store, categoryId);
      const customer = await registerAndLogin(api().app);
      const someoneElse = await registerAndLogin(api().app);
      // Pending, cancelled or refunded after confirmation, another product, another customer: none of them counts.
      await placeOrder(api().store, customer.userId, productId, 'pending');
      await placeOrder(api().store, customer.userId, productId, 'customer');
      await placeOrder(api().store, customer.userId, productId, 'refunded');
      await placeOrder(api().store, customer.userId, otherProductId, 'confirmed');
      await placeOrder(api().store, someoneElse.userId, productId, 'delivered');
      await eventCount(api().store);
      const response = await submit(productId, REVIEW, customer.accessToken);
      expect(response.statusCode).toBe(201);
      const [submitted] = await reviewEvents(api().store, response.json<{ reviewId: string }>().reviewId);
      expect(submitted?.data.verifiedPurchase).toBe(false);
    });

    it('a discontinued product may still be reviewed', async () => {
      const productId = await createProduct(api().store, categoryId, { discontinued: true });
      const customer = await registerAndLogin(api().app);
      expect((await submit(productId, REVIEW, customer.accessToken)).statusCode).toBe(201);
    });

    it('one review per customer and product: a second one is a 409 and appends nothing', async () => {
      const productId = await createProduct(api().store, categoryId);
      const customer = await registerAndLogin(api().app);
      expect((await submit(productId, REVIEW, customer.accessToken)).statusCode).toBe(201);
      const before = await eventCount(api().store);
      expectProblem(await submit(productId, { ...REVIEW, rating: 1, title: 'Changed my mind' }, customer.accessToken), 409);
      expect(await eventCount(api().store)).toBe(before);
      // Another customer may still review the product.
      const other = await registerAndLogin(api().app);
      expect((await submit(productId, REVIEW, other.accessToken)).statusCode).toBe(201);
    });

    it('parallel submissions of one customer for one product record one review', async () => {
      const productId = await createProduct(api().store, categoryId);
      const customer = await registerAndLogin(api().app);
      const responses = await Promise.all(Array.from({ length: 8 }, (_, n) => submit(productId, { ...REVIEW, title: `Take ${n}` }, customer.accessToken)));
      expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(1);
      expect(responses.filter((response) => response.statusCode === 409)).toHaveLength(7);
      expect(await reviewEvents(api().store, reviewIdFor(customer.userId, productId))).toHaveLength(1);
    });

    it('refuses bad input with a 400 and an unknown product with a 404, appending nothing', async () => {
      const { accessToken } = await registerAndLogin(api().app);
      const productId = await createProduct(api().store, categoryId);
      const before = await eventCount(api().store);
      for (const rating of [0, 6, 3.5, '5', null]) expectProblem(await submit(productId, { ...REVIEW, rating }, accessToken), 400);
      const missingTitle = await submit(productId, { rating: 4, body: 'No title.' }, accessToken);
      expectProblem(missingTitle, 400);
      expect(missingTitle.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toContain('body.title');
      expectProblem(await submit(productId, { rating: 4, title: 'No body' }, accessToken), 400);
      expectProblem(await submit(productId, { ...REVIEW, title: '   ' }, accessToken), 400);
      expectProblem(await submit(productId, { ...REVIEW, title: 42 }, accessToken), 400);
      expectProblem(await submit(productId, { ...REVIEW, verifiedPurchase: true }, accessToken), 400);
      expectProblem(await submit('not-a-uuid', REVIEW, accessToken), 400);
      expectProblem(await submit(productId, undefined, accessToken), 400);
      const malformed = await api().app.inject({
        method: 'POST',
        url: `/api/v1/products/${productId}/reviews`,
        payload: '{"rating": ',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      });
      expectProblem(malformed, 400);
      expectProblem(await submit(productId, REVIEW, accessToken, { 'if-match': 'zero' }), 400);
      expectProblem(await submit(randomUUID(), REVIEW, accessToken), 404);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('needs a token (401) and the customer role (403), appending nothing', async () => {
      const productId = await createProduct(api().store, categoryId);
      const before = await eventCount(api().store);
      const anonymous = await submit(productId, REVIEW);
      expectProblem(anonymous, 401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer');
      expectProblem(await submit(productId, REVIEW, 'not.a.token'), 401);
      expectProblem(await submit(productId, REVIEW, support.token), 403);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('an Idempotency-Key repeat answers the same without a second effect; another body under the key is a 422', async () => {
      const productId = await createProduct(api().store, categoryId);
      const { accessToken } = await registerAndLogin(api().app);
      const key = { 'idempotency-key': randomUUID() };
      const first = await submit(productId, REVIEW, accessToken, key);
      expect(first.statusCode).toBe(201);
      const before = await eventCount(api().store);
      const again = await submit(productId, REVIEW, accessToken, key);
      expect({ status: again.statusCode, body: again.body, etag: again.headers.etag }).toEqual({ status: 201, body: first.body, etag: first.headers.etag });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expectProblem(await submit(productId, { ...REVIEW, rating: 2 }, accessToken, key), 422);
      expect(await eventCount(api().store)).toBe(before);
    });
  });

  describe('moderating', () => {
    it('support approves (200, position, ETag); approving again is a 200 with nothing appended; rejecting then is a 409', async () => {
      const reviewId = await pendingReview();
      const approved = await moderate(reviewId, 'approve', { reason: 'helpful' }, support.token);
      expect(approved.statusCode).toBe(200);
      expect(approved.headers.etag).toBe('"1"');
      const body = approved.json<{ reviewId: string; position: string }>();
      expect(body.reviewId).toBe(reviewId);
      const events = await reviewEvents(api().store, reviewId);
      expect(events.map((event) => event.type)).toEqual(['ReviewSubmitted', 'ReviewApproved']);
      expect(events[1]?.data).toMatchObject({ reviewId, moderatorId: support.userId, reason: 'helpful' });
      expect(events[1]?.position.toString()).toBe(body.position);

      const before = await eventCount(api().store);
      const repeated = await moderate(reviewId, 'approve', undefined, adminToken);
      expect(repeated.statusCode).toBe(200);
      expect(repeated.json()).toEqual(body);
      expectProblem(await moderate(reviewId, 'reject', { reason: 'spam' }, adminToken), 409);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('an admin rejects without a body (200); rejecting again is a 200 with nothing appended; approving then is a 409', async () => {
      const reviewId = await pendingReview();
      const rejected = await moderate(reviewId, 'reject', undefined, adminToken);
      expect(rejected.statusCode).toBe(200);
      const events = await reviewEvents(api().store, reviewId);
      expect(events.map((event) => event.type)).toEqual(['ReviewSubmitted', 'ReviewRejected']);
      expect(events[1]?.data).not.toHaveProperty('reason');
      expect(events[1]?.position.toString()).toBe(rejected.json<{ position: string }>().position);

      const before = await eventCount(api().store);
      expect((await moderate(reviewId, 'reject', { reason: 'spam' }, support.token)).statusCode).toBe(200);
      expectProblem(await moderate(reviewId, 'approve', {}, support.token), 409);
      expect(await eventCount(api().store)).toBe(before);
    });

    it('honours If-Match: a stale revision is a 412 with nothing appended, the current one is accepted', async () => {
      const reviewId = await pendingReview();
      const before = await eventCount(api().store);
      expectProblem(await moderate(reviewId, 'approve', {}, support.token, { 'if-match': '"3"' }), 412);
      expectProblem(await moderate(reviewId, 'approve', {}, support.token, { 'if-match': '3' }), 400);
      expect(await eventCount(api().store)).toBe(before);
      const approved = await moderate(reviewId, 'approve', {}, support.token, { 'if-match': '"0"' });
      expect(approved.statusCode).toBe(200);
      expect(approved.headers.etag).toBe('"1"');
    });

    it('refuses unknown reviews (404), bad input (400), no token (401) and customers (403), appending nothing', async () => {
      const customer = await registerAndLogin(api().app);
      const reviewId = await pendingReview();
      const before = await eventCount(api().store);
      for (const decision of ['approve', 'reject'] as const) {
        expectProblem(await moderate(randomUUID(), decision, {}, support.token), 404);
        expectProblem(await moderate('not-a-uuid', decision, {}, support.token), 400);
        expectProblem(await moderate(reviewId, decision, { reason: '' }, support.token), 400);
        expectProblem(await moderate(reviewId, decision, { reason: 7 }, support.token), 400);
        expectProblem(await moderate(reviewId, decision, { reason: 'ok', status: 'approved' }, support.token), 400);
        expectProblem(await moderate(reviewId, decision, {}), 401);
        expectProblem(await moderate(reviewId, decision, {}, customer.accessToken), 403);
      }
      expect(await eventCount(api().store)).toBe(before);
      expect((await reviewEvents(api().store, reviewId)).map((event) => event.type)).toEqual(['ReviewSubmitted']);
    });
  });
},
// These tests move orders through their states themselves, as the saga would: without it in this process.
{ ROLES: 'api,projections,notifications' });
