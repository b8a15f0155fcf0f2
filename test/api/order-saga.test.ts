import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it, vi } from 'vitest';
import { orderSagaProjection } from '../../process-managers/order-fulfilment/order-saga-projection.js';
import { ADMIN, describeApi } from '../support/api.js';
import { call, eventCount, expectProblem, registerAndLogin } from '../support/http.js';

const address = { name: 'Grace Hopper', line1: '1 Harbor Way', city: 'Arlington', postalCode: '22201', country: 'US' };

interface OrderView {
  status: string;
  statusHistory: { status: string; reason?: string }[];
  payment: { status: string; captured: { amount: number }; refunded: { amount: number } };
}

describeApi('the order saga', (api) => {
  let admin = '';
  let customer = { userId: '', accessToken: '' };
  let categoryId = '';

  beforeAll(async () => {
    admin = (await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
    customer = await registerAndLogin(api().app);
    categoryId = (await call(api().app, 'POST', '/api/v1/categories', { name: 'Lab' }, { token: admin })).json<{ categoryId: string }>().categoryId;
  });

  const productWithStock = async (units: number, price = 2_500): Promise<string> => {
    const body = { sku: `lab-${randomUUID()}`, name: 'Oscilloscope', description: 'Two channels.', price: { amount: price, currency: 'USD' }, categoryId };
    const productId = (await call(api().app, 'POST', '/api/v1/products', body, { token: admin })).json<{ productId: string }>().productId;
    if (units > 0) expect((await call(api().app, 'POST', `/api/v1/inventory/${productId}/restock`, { quantity: units }, { token: admin })).statusCode).toBe(200);
    return productId;
  };
  const place = async (items: { productId: string; quantity: number }[], token = 'tok_visa', headers: Record<string, string> = {}) => {
    const response = await call(api().app, 'POST', '/api/v1/orders', { items, shippingAddress: address, payment: { method: 'card', token } }, { token: customer.accessToken, headers });
    expect(response.statusCode).toBe(202);
    return response.json<{ orderId: string; position: string }>().orderId;
  };
  const order = async (orderId: string): Promise<OrderView> => (await call(api().app, 'GET', `/api/v1/orders/${orderId}`, undefined, { token: admin })).json<OrderView>();
  const settled = (orderId: string, status: string, timeout = 15_000) =>
    vi.waitFor(
      async () => {
        const view = await order(orderId);
        expect(view.status).toBe(status);
        return view;
      },
      { timeout, interval: 50 },
    );
  const stock = async (productId: string) =>
    (await call(api().app, 'GET', `/api/v1/inventory/${productId}`, undefined, { token: admin })).json<{ onHand: number; reserved: number; available: number }>();
  const stockSettles = (productId: string, expected: { onHand: number; reserved: number; available: number }) =>
    vi.waitFor(async () => expect(await stock(productId)).toMatchObject(expected), { timeout: 10_000, interval: 50 });
  const streamTypes = async (streamId: string) => (await api().store.readStream(streamId)).map((event) => event.type);
  const paymentStreamOf = async (orderId: string) => {
    const [placed] = await api().store.readStream(`order-${orderId}`);
    expect(placed?.type).toBe('OrderPlaced');
    const payments = (await api().store.readAll({ filter: { eventTypes: ['PaymentInitiated'] } })).filter((event) => event.data.orderId === orderId);
    return payments[0]?.streamId ?? '';
  };

  it('happy path: reserves, authorizes, confirms and captures', async () => {
    const productId = await productWithStock(5);
    const orderId = await place([{ productId, quantity: 2 }]);
    const view = await settled(orderId, 'confirmed');
    expect(view.statusHistory.map((change) => change.status)).toEqual(['pending', 'confirmed']);
    await stockSettles(productId, { onHand: 5, reserved: 2, available: 3 });
    await vi.waitFor(async () => expect(await streamTypes(await paymentStreamOf(orderId))).toEqual(['PaymentInitiated', 'PaymentAuthorized', 'PaymentCaptured']), { timeout: 10_000 });
  });

  it('out of stock: rejected, with no stock held by any of its lines', async () => {
    const plenty = await productWithStock(5);
    const scarce = await productWithStock(1);
    const orderId = await place([{ productId: plenty, quantity: 2 }, { productId: scarce, quantity: 3 }]);
    const view = await settled(orderId, 'rejected');
    expect(view.statusHistory.at(-1)).toMatchObject({ status: 'rejected', reason: 'insufficient_stock' });
    await stockSettles(plenty, { onHand: 5, reserved: 0, available: 5 });
    await stockSettles(scarce, { onHand: 1, reserved: 0, available: 1 });
  });

  it('tok_declined: cancelled for the declined payment, stock released', async () => {
    const productId = await productWithStock(4);
    const orderId = await place([{ productId, quantity: 4 }], 'tok_declined');
    const view = await settled(orderId, 'cancelled');
    expect(view.statusHistory.at(-1)).toMatchObject({ status: 'cancelled', reason: 'payment_declined' });
    await stockSettles(productId, { onHand: 4, reserved: 0, available: 4 });
  });

  it('tok_timeout: cancelled once the payment timeout has passed, stock released', async () => {
    const productId = await productWithStock(3);
    const orderId = await place([{ productId, quantity: 1 }], 'tok_timeout');
    const view = await settled(orderId, 'cancelled');
    expect(view.statusHistory.at(-1)).toMatchObject({ status: 'cancelled', reason: 'payment_timeout' });
    await stockSettles(productId, { onHand: 3, reserved: 0, available: 3 });
  });

  it('tok_error: confirmed after the provider\'s transient failures, with exactly one capture', async () => {
    const productId = await productWithStock(3);
    const orderId = await place([{ productId, quantity: 1 }], 'tok_error');
    await settled(orderId, 'confirmed');
    await vi.waitFor(async () => expect(await streamTypes(await paymentStreamOf(orderId))).toContain('PaymentCaptured'), { timeout: 10_000 });
    expect((await streamTypes(await paymentStreamOf(orderId))).filter((type) => type === 'PaymentCaptured')).toHaveLength(1);
  });

  it('cancelled after confirmation: stock back, payment refunded; shipped orders cannot be cancelled', async () => {
    const productId = await productWithStock(6);
    const orderId = await place([{ productId, quantity: 2 }]);
    await settled(orderId, 'confirmed');
    await vi.waitFor(async () => expect(await streamTypes(await paymentStreamOf(orderId))).toContain('PaymentCaptured'), { timeout: 10_000 });
    expect((await call(api().app, 'POST', `/api/v1/orders/${orderId}/cancel`, undefined, { token: customer.accessToken })).statusCode).toBe(202);
    await settled(orderId, 'cancelled');
    await stockSettles(productId, { onHand: 6, reserved: 0, available: 6 });
    await vi.waitFor(async () => expect((await order(orderId)).payment).toMatchObject({ captured: { amount: 5_000 }, refunded: { amount: 5_000 } }), { timeout: 10_000 });

    const shipped = await place([{ productId, quantity: 1 }]);
    await settled(shipped, 'confirmed');
    expect((await call(api().app, 'POST', `/api/v1/orders/${shipped}/ship`, { carrier: 'UPS', trackingNumber: '1Z999' }, { token: admin })).statusCode).toBe(200);
    expectProblem(await call(api().app, 'POST', `/api/v1/orders/${shipped}/cancel`, undefined, { token: customer.accessToken }), 409);
    await stockSettles(productId, { onHand: 5, reserved: 0, available: 5 });
  });

  it('40 concurrent orders of 1 unit against 10 in stock: exactly 10 confirmed, 30 rejected, never below zero', async () => {
    const productId = await productWithStock(10);
    const orderIds = await Promise.all(Array.from({ length: 40 }, () => place([{ productId, quantity: 1 }])));
    const statuses = await vi.waitFor(
      async () => {
        const all = await Promise.all(orderIds.map(async (orderId) => (await order(orderId)).status));
        expect(all.filter((status) => status === 'confirmed' || status === 'rejected')).toHaveLength(40);
        return all;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(10);
    expect(statuses.filter((status) => status === 'rejected')).toHaveLength(30);
    await stockSettles(productId, { onHand: 10, reserved: 10, available: 0 });
    const reservations = (await api().store.readStream(`inventory-${productId}`)).filter((event) => event.type === 'StockReserved');
    expect(reservations).toHaveLength(10);
    expect(reservations.every((event) => Number(event.data.available) >= 0)).toBe(true);
  });

  it('the correlation id of POST /orders is on every event of the order, its reservations and its payment', async () => {
    const productId = await productWithStock(2);
    const correlationId = `corr-${randomUUID()}`;
    const orderId = await place([{ productId, quantity: 1 }], 'tok_visa', { 'x-correlation-id': correlationId });
    await settled(orderId, 'confirmed');
    const paymentStream = await paymentStreamOf(orderId);
    await vi.waitFor(async () => expect(await streamTypes(paymentStream)).toContain('PaymentCaptured'), { timeout: 10_000 });
    const caused = [
      ...(await api().store.readStream(`order-${orderId}`)),
      ...(await api().store.readStream(paymentStream)),
      ...(await api().store.readStream(`inventory-${productId}`)).filter((event) => event.data.orderId === orderId),
    ];
    expect(caused.length).toBeGreaterThanOrEqual(6);
    expect(caused.map((event) => event.metadata.correlationId)).toEqual(caused.map(() => correlationId));
    // Events the saga caused name the event they came from.
    expect(caused.filter((event) => event.type !== 'OrderPlaced').every((event) => typeof event.metadata.causationId === 'string')).toBe(true);
  });

  it('every event replayed through the saga again causes nothing', async () => {
    const productId = await productWithStock(2);
    const orderId = await place([{ productId, quantity: 1 }]);
    await settled(orderId, 'confirmed');
    await vi.waitFor(async () => expect(await streamTypes(await paymentStreamOf(orderId))).toContain('PaymentCaptured'), { timeout: 10_000 });
    const before = await eventCount(api().store);
    const history = await api().store.readAll();
    await api().db.transaction((tx) => orderSagaProjection.apply(tx, history));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await eventCount(api().store)).toBe(before);
  });
});
