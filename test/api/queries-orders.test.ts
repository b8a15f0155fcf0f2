import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleCommand, type CommandContext } from '../../command-handlers/handle-command.js';
import { orderAggregate } from '../../domain/ordering/aggregates.js';
import { orderStream } from '../../domain/ordering/order.js';
import { paymentAggregate } from '../../domain/payments/aggregates.js';
import { paymentIdFor, paymentStream } from '../../domain/payments/payment.js';
import type { Money } from '../../domain/shared/money.js';
import { ADMIN, describeApi } from '../support/api.js';
import { call, expectProblem, registerAndLogin } from '../support/http.js';

const gbp = (amount: number): Money => ({ amount, currency: 'GBP' });
const address = { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };
const positionPattern = /^\d+$/;

function context(): CommandContext {
  return { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actorId: null, occurredAt: new Date().toISOString() };
}

async function login(app: FastifyInstance, email: string, password: string): Promise<string> {
  const response = await call(app, 'POST', '/api/v1/auth/login', { email, password });
  expect(response.statusCode).toBe(200);
  return response.json<{ accessToken: string }>().accessToken;
}

interface OrderView {
  orderId: string;
  customerId: string;
  status: string;
  statusHistory: { status: string; at: string; reason?: string }[];
  payment: { paymentId: string; status: string };
}

describeApi('order and payment queries', (api) => {
  let admin: string;
  let customer: { userId: string; accessToken: string };
  let otherCustomer: { userId: string; accessToken: string };
  let support: string;
  let mug: { productId: string; sku: string };
  let tea: { productId: string; sku: string };

  async function createProduct(categoryId: string, name: string, price: Money): Promise<{ productId: string; sku: string }> {
    const sku = `${name.toUpperCase()}-${randomUUID().slice(0, 8)}`;
    const response = await call(api().app, 'POST', '/api/v1/products', { sku, name, description: `A ${name}`, price, categoryId }, { token: admin });
    expect(response.statusCode).toBe(201);
    return { productId: response.json<{ productId: string }>().productId, sku };
  }

  beforeAll(async () => {
    const { app } = api();
    admin = await login(app, ADMIN.email, ADMIN.password);
    customer = await registerAndLogin(app);
    otherCustomer = await registerAndLogin(app);
    const supportEmail = `support-${randomUUID()}@shopverse.test`;
    const supportUser = await registerAndLogin(app, supportEmail);
    expect((await call(app, 'POST', `/api/v1/users/${supportUser.userId}/roles`, { roles: ['support'] }, { token: admin })).statusCode).toBe(200);
    // The role shows in tokens issued after it was granted.
    support = await login(app, supportEmail, 'correct horse battery');
    const category = await call(app, 'POST', '/api/v1/categories', { name: 'Kitchen' }, { token: admin });
    expect(category.statusCode).toBe(201);
    const categoryId = category.json<{ categoryId: string }>().categoryId;
    mug = await createProduct(categoryId, 'Mug', gbp(1250));
    tea = await createProduct(categoryId, 'Tea', gbp(499));
  });

  /** Places an order of two mugs and three teas; its id and the position to wait for. */
  async function placeOrder(token = customer.accessToken): Promise<{ orderId: string; position: string }> {
    const body = { items: [{ productId: mug.productId, quantity: 2 }, { productId: tea.productId, quantity: 3 }], shippingAddress: address, payment: { method: 'card', token: 'tok_visa' } };
    const response = await call(api().app, 'POST', '/api/v1/orders', body, { token });
    expect(response.statusCode).toBe(202);
    return response.json<{ orderId: string; position: string }>();
  }

  const getOrder = (orderId: string, token: string, position?: string) =>
    call(api().app, 'GET', `/api/v1/orders/${orderId}`, undefined, { token, headers: position === undefined ? {} : { 'x-min-position': position } });

  const listOrders = (query: string, token: string, position?: string) =>
    call(api().app, 'GET', `/api/v1/orders${query}`, undefined, { token, headers: position === undefined ? {} : { 'x-min-position': position } });

  const getPayments = (orderId: string, token: string, position?: string) =>
    call(api().app, 'GET', `/api/v1/payments?orderId=${orderId}`, undefined, { token, headers: position === undefined ? {} : { 'x-min-position': position } });

  describe('GET /api/v1/orders/{id}', () => {
    it('answers the order just placed once the read model has its position: pending, with the captured catalogue lines and totals', async () => {
      const { orderId, position } = await placeOrder();
      const response = await getOrder(orderId, customer.accessToken, position);
      expect(response.statusCode).toBe(200);
      expect(BigInt(String(response.headers['x-projection-position']))).toBeGreaterThanOrEqual(BigInt(position));
      const order = response.json<OrderView & { placedAt: string }>();
      expect(order).toEqual({
        orderId,
        customerId: customer.userId,
        status: 'pending',
        items: [
          { productId: mug.productId, sku: mug.sku, name: 'Mug', quantity: 2, unitPrice: gbp(1250), lineTotal: gbp(2500) },
          { productId: tea.productId, sku: tea.sku, name: 'Tea', quantity: 3, unitPrice: gbp(499), lineTotal: gbp(1497) },
        ],
        total: gbp(3997),
        statusHistory: [{ status: 'pending', at: order.placedAt }],
        payment: { paymentId: paymentIdFor(orderId), status: 'none', authorized: gbp(0), captured: gbp(0), refunded: gbp(0) },
        shippingAddress: address,
        placedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      });
    });

    it('admin and support see any customer’s order; another customer gets 404 as for an unknown order', async () => {
      const { orderId, position } = await placeOrder();
      for (const token of [admin, support]) {
        const response = await getOrder(orderId, token, position);
        expect(response.statusCode).toBe(200);
        expect(response.json<OrderView>()).toMatchObject({ orderId, customerId: customer.userId });
      }
      expectProblem(await getOrder(orderId, otherCustomer.accessToken, position), 404);
      expectProblem(await getOrder(randomUUID(), customer.accessToken, position), 404);
      expectProblem(await getOrder(randomUUID(), admin, position), 404);
    });

    it('refuses a missing token (401) and a malformed id (400)', async () => {
      const { orderId } = await placeOrder();
      expectProblem(await call(api().app, 'GET', `/api/v1/orders/${orderId}`), 401);
      expectProblem(await getOrder('not-a-uuid', customer.accessToken), 400);
    });

    it('shows the order moving on: confirmed and paid for, then shipped with its tracking number', async () => {
      const { store, app } = api();
      const { orderId } = await placeOrder();
      // The saga's commands, sent by hand (the saga does not run in these tests).
      const paymentId = paymentIdFor(orderId);
      const at = new Date().toISOString();
      const pay = (command: Parameters<typeof paymentAggregate.decider.decide>[0]) => handleCommand(store, paymentAggregate, paymentStream(paymentId), command, context());
      await pay({ type: 'InitiatePayment', paymentId, orderId, customerId: customer.userId, amount: gbp(3997), token: 'tok_visa', at });
      await pay({ type: 'RecordAuthorization', paymentId, providerReference: 'auth-1', amount: gbp(3997), at });
      await pay({ type: 'CapturePayment', paymentId, at });
      await handleCommand(store, orderAggregate, orderStream(orderId), { type: 'ConfirmOrder', orderId, paymentId, at }, context());
      const shipped = await call(app, 'POST', `/api/v1/orders/${orderId}/ship`, { carrier: 'Royal Mail', trackingNumber: 'RM123' }, { token: admin });
      expect(shipped.statusCode).toBe(200);
      const { position } = shipped.json<{ position: string }>();

      const order = (await getOrder(orderId, customer.accessToken, position)).json<OrderView>();
      expect(order).toMatchObject({
        status: 'shipped',
        statusHistory: [{ status: 'pending' }, { status: 'confirmed' }, { status: 'shipped' }],
        payment: { paymentId, status: 'captured', authorized: gbp(3997), captured: gbp(3997), refunded: gbp(0) },
        shipment: { carrier: 'Royal Mail', trackingNumber: 'RM123' },
      });

      const payments = await getPayments(orderId, customer.accessToken, position);
      expect(payments.statusCode).toBe(200);
      expect(payments.json()).toEqual([
        { paymentId, type: 'authorization', amount: gbp(3997), at: expect.any(String) as unknown },
        { paymentId, type: 'capture', amount: gbp(3997), at: expect.any(String) as unknown },
      ]);
    });

    it('a cancelled order shows the reason in its status history', async () => {
      const { orderId } = await placeOrder();
      const cancelled = await call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, undefined, { token: customer.accessToken });
      expect(cancelled.statusCode).toBe(202);
      const order = (await getOrder(orderId, customer.accessToken, cancelled.json<{ position: string }>().position)).json<OrderView>();
      expect(order.status).toBe('cancelled');
      expect(order.statusHistory.at(-1)).toMatchObject({ status: 'cancelled', reason: 'customer' });
    });
  });

  describe('GET /api/v1/orders', () => {
    async function everyPage(query: string, token: string, position?: string): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const separator = query === '' ? '?' : '&';
        const response = await listOrders(`${query}${cursor === null ? '' : `${separator}cursor=${cursor}`}`, token, position);
        expect(response.statusCode).toBe(200);
        const page = response.json<{ items: OrderView[]; nextCursor: string | null }>();
        seen.push(...page.items.map((item) => item.orderId));
        cursor = page.nextCursor;
      } while (cursor !== null);
      return seen;
    }

    it("a customer's own orders, newest first, a page at a time; no one else's", async () => {
      const buyer = await registerAndLogin(api().app);
      const placed = [];
      for (let i = 0; i < 3; i++) placed.push(await placeOrder(buyer.accessToken));
      await placeOrder(otherCustomer.accessToken);
      const position = placed[2]?.position;
      const first = await listOrders('?limit=2', buyer.accessToken, position);
      expect(first.statusCode).toBe(200);
      expect(positionPattern.test(String(first.headers['x-projection-position']))).toBe(true);
      const page = first.json<{ items: OrderView[]; nextCursor: string | null }>();
      expect(page.items.map((item) => item.orderId)).toEqual([placed[2]?.orderId, placed[1]?.orderId]);
      expect(page.items[0]).toMatchObject({ customerId: buyer.userId, status: 'pending', total: gbp(3997) });
      expect(page.nextCursor).toEqual(expect.any(String));
      expect(await everyPage('?limit=2', buyer.accessToken, position)).toEqual(placed.map((order) => order.orderId).reverse());
      // Their own id as a filter is the same list.
      expect(await everyPage(`?limit=2&customerId=${buyer.userId}`, buyer.accessToken, position)).toEqual(placed.map((order) => order.orderId).reverse());
    });

    it('never repeats or skips an order while new ones are placed between pages', async () => {
      const buyer = await registerAndLogin(api().app);
      const before = [];
      for (let i = 0; i < 4; i++) before.push((await placeOrder(buyer.accessToken)));
      const first = await listOrders('?limit=2', buyer.accessToken, before[3]?.position);
      const page = first.json<{ items: OrderView[]; nextCursor: string }>();
      const arrived = await placeOrder(buyer.accessToken);
      const rest = await listOrders(`?limit=10&cursor=${page.nextCursor}`, buyer.accessToken, arrived.position);
      const seen = [...page.items, ...rest.json<{ items: OrderView[] }>().items].map((item) => item.orderId);
      expect(seen).toEqual(before.map((order) => order.orderId).reverse());
      expect((await listOrders('?limit=1', buyer.accessToken, arrived.position)).json<{ items: OrderView[] }>().items[0]?.orderId).toBe(arrived.orderId);
    });

    it("admin and support list one customer's orders with customerId, or everyone's without", async () => {
      const buyer = await registerAndLogin(api().app);
      const mine = await placeOrder(buyer.accessToken);
      const theirs = await placeOrder(otherCustomer.accessToken);
      for (const token of [admin, support]) {
        expect(await everyPage(`?customerId=${buyer.userId}`, token, theirs.position)).toEqual([mine.orderId]);
        const everyone = (await listOrders('?limit=2', token, theirs.position)).json<{ items: OrderView[] }>();
        expect(everyone.items.map((item) => item.orderId)).toEqual([theirs.orderId, mine.orderId]);
      }
    });

    it("a customer asking for another customer's orders gets 403; a bad limit or cursor is a 400; no token a 401", async () => {
      expectProblem(await listOrders(`?customerId=${otherCustomer.userId}`, customer.accessToken), 403);
      expectProblem(await listOrders('?limit=0', customer.accessToken), 400);
      expectProblem(await listOrders('?limit=101', customer.accessToken), 400);
      expectProblem(await listOrders('?cursor=not-a-cursor', customer.accessToken), 400);
      expectProblem(await listOrders('?customerId=not-a-uuid', admin), 400);
      expectProblem(await call(api().app, 'GET', '/api/v1/orders'), 401);
    });
  });

  describe('GET /api/v1/payments?orderId=', () => {
    it('an empty history while the order has no payment events, for the owner, admin and support', async () => {
      const { orderId, position } = await placeOrder();
      for (const token of [customer.accessToken, admin, support]) {
        const response = await getPayments(orderId, token, position);
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual([]);
        expect(BigInt(String(response.headers['x-projection-position']))).toBeGreaterThanOrEqual(BigInt(position));
      }
    });

    it('another customer or an unknown order is a 404; a missing or malformed orderId a 400; no token a 401', async () => {
      const { orderId, position } = await placeOrder();
      expectProblem(await getPayments(orderId, otherCustomer.accessToken, position), 404);
      expectProblem(await getPayments(randomUUID(), admin, position), 404);
      expectProblem(await call(api().app, 'GET', '/api/v1/payments', undefined, { token: customer.accessToken }), 400);
      expectProblem(await getPayments('not-a-uuid', customer.accessToken), 400);
      expectProblem(await call(api().app, 'GET', `/api/v1/payments?orderId=${orderId}`), 401);
    });
  });

  it('documents the query routes in the OpenAPI document', async () => {
    const spec = (await call(api().app, 'GET', '/docs/json')).json<{ paths: Record<string, { get?: unknown }> }>();
    for (const path of ['/api/v1/orders/{id}', '/api/v1/orders', '/api/v1/payments']) expect(spec.paths[path]?.get).toBeDefined();
  });
},
// These tests move orders through their states themselves, as the saga would: without it in this process.
{ ROLES: 'api,projections,notifications' });
