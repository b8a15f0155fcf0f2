import { beforeAll, expect, it } from 'vitest';
import { ADMIN, describeApi } from '../support/api.js';
import { useClickHouseDatabases } from '../support/clickhouse.js';
import { call, expectProblem, registerAndLogin } from '../support/http.js';
import { eventCountsByType, expectDashboards, rangesAround } from './support/dashboards.js';
import { expectedTotals, quiescentHistory, ShopDriver, type Expected } from './support/shop.js';

const clickhouse = useClickHouseDatabases();

describeApi(
  'analytics dashboards',
  (api) => {
    let shop: ShopDriver;
    let expected: Expected;
    let history: Awaited<ReturnType<typeof quiescentHistory>>;
    let ranges: ReturnType<typeof rangesAround>;

    beforeAll(async () => {
      const start = Date.now();
      shop = await ShopDriver.open(api().app);
      const lamp = await shop.product(1_250, 50);
      const tent = await shop.product(3_999, 50);
      const rope = await shop.product(500, 50);
      await shop.view(lamp, 3);
      await shop.view(tent, 2);
      await shop.view(rope);
      await shop.order([{ productId: lamp, quantity: 2, price: 1_250 }, { productId: tent, quantity: 1, price: 3_999 }], 'confirmed');
      await shop.order([{ productId: rope, quantity: 5, price: 500 }], 'confirmed');
      await shop.order([{ productId: tent, quantity: 1, price: 3_999 }], 'declined');
      await shop.order([{ productId: lamp, quantity: 1, price: 1_250 }, { productId: rope, quantity: 1, price: 500 }], 'cancelled after confirmation');
      await shop.order([{ productId: tent, quantity: 3, price: 3_999 }], 'confirmed');
      expected = expectedTotals(shop.orders, shop.views);
      history = await quiescentHistory(api().store);
      ranges = rangesAround(start, Date.now());
    }, 120_000);

    it('sales, top products and the funnel add up to the orders and views placed, over whole hours (rollups) and within the hour (facts)', async () => {
      expect(expected).toMatchObject({ confirmedOrders: 4, placed: 5, cancelled: 2, views: 6 });
      await expectDashboards(shop.get, ranges.hours, expected, history.position);
      await expectDashboards(shop.get, ranges.seconds, expected, history.position);
    });

    it('counts every event of the store once, by type, at every interval', async () => {
      for (const interval of ['minute', 'hour', 'day']) {
        expect(await eventCountsByType(shop.get, ranges.hours, interval, history.position)).toEqual(history.types);
      }
      expect(await eventCountsByType(shop.get, ranges.seconds, 'minute', history.position)).toEqual(history.types);
    });

    it('shows nothing outside the range', async () => {
      const before = { from: new Date(ranges.hours.from.getTime() - 86_400_000), to: ranges.hours.from };
      const params = new URLSearchParams({ from: before.from.toISOString(), to: before.to.toISOString() });
      expect((await shop.get(`/api/v1/analytics/sales?${params.toString()}`)).json()).toEqual({ series: [] });
      expect((await shop.get(`/api/v1/analytics/top-products?${params.toString()}`)).json()).toEqual({ items: [] });
      expect((await shop.get(`/api/v1/analytics/funnel?${params.toString()}`)).json()).toEqual({ views: 0, ordersPlaced: 0, ordersConfirmed: 0, ordersCancelled: 0 });
      expect((await shop.get(`/api/v1/analytics/events?${params.toString()}`)).json()).toEqual({ series: [] });
    });

    it('documents the four routes, their parameters and answers in the OpenAPI document', async () => {
      const document = (await call(api().app, 'GET', '/docs/json')).json<{ paths: Record<string, { get?: { parameters?: { name: string }[]; responses: Record<string, unknown> } }> }>();
      const parameters = { sales: ['from', 'to', 'interval'], 'top-products': ['from', 'to', 'limit'], funnel: ['from', 'to'], events: ['from', 'to', 'interval'] };
      for (const [path, names] of Object.entries(parameters)) {
        const route = document.paths[`/api/v1/analytics/${path}`]?.get;
        expect(route?.parameters?.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(names));
        expect(Object.keys(route?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '503']));
      }
    });

    it('is for admins only: 401 without a token, 403 for a customer', async () => {
      const customer = await registerAndLogin(api().app);
      for (const path of ['sales', 'top-products', 'funnel', 'events']) {
        expectProblem(await call(api().app, 'GET', `/api/v1/analytics/${path}`), 401);
        expectProblem(await call(api().app, 'GET', `/api/v1/analytics/${path}`, undefined, { token: customer.accessToken }), 403);
      }
    });

    it('answers bad and hostile parameters with 400 problems naming them, and keeps its data', async () => {
      const bad = [
        ['sales?interval=week', 'querystring.interval'],
        ["sales?interval=hour'%20OR%201=1", 'querystring.interval'],
        ['events?interval=minute&from=2024-01-01T00:00:00Z&to=2024-01-03T00:00:00Z', 'querystring.interval'],
        ['funnel?from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z', 'querystring.from'],
        ["funnel?from=2024-01-01'%3B%20DROP%20TABLE%20event_facts%3B--", 'querystring.from'],
        ['funnel?to=1700000000', 'querystring.to'],
        ['funnel?from=1969-12-31T23:59:59Z', 'querystring.from'],
        ['top-products?limit=0', 'querystring.limit'],
        ['top-products?limit=101', 'querystring.limit'],
        ['top-products?limit=1;DROP', 'querystring.limit'],
      ] as const;
      for (const [url, path] of bad) {
        const response = await shop.get(`/api/v1/analytics/${url}`);
        expectProblem(response, 400);
        expect(response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path), url).toContain(path);
      }
      expect(await eventCountsByType(shop.get, ranges.hours, 'hour', history.position)).toEqual(history.types);
    });
  },
  () => ({ CLICKHOUSE_URL: clickhouse.fresh() }),
);

describeApi(
  'analytics without CLICKHOUSE_URL',
  (api) => {
    it('answers 503 saying analytics is not configured; readiness does not depend on ClickHouse', async () => {
      const admin = (await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).json<{ accessToken: string }>().accessToken;
      for (const path of ['sales', 'top-products', 'funnel', 'events']) {
        const response = await call(api().app, 'GET', `/api/v1/analytics/${path}`, undefined, { token: admin });
        expectProblem(response, 503);
        expect(response.json<{ detail: string }>().detail).toMatch(/analytics is not configured.*CLICKHOUSE_URL/);
      }
      const ready = await call(api().app, 'GET', '/health/ready');
      expect(ready.json<{ dependencies: { name: string }[] }>().dependencies.map((dependency) => dependency.name)).not.toContain('clickhouse');
    });
  },
  { ROLES: 'api' },
);
