import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { expectProblem } from '../support/http.js';
import { eventCountsByType, expectDashboards, rangesAround } from './support/dashboards.js';
import { factCounts } from './support/facts.js';
import { PrivateClickHouse } from './support/private-clickhouse.js';
import { expectedTotals, quiescentHistory, ShopDriver, type Line } from './support/shop.js';
import { RestartableSystem } from './support/system.js';

const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  dependencies: z.array(z.object({ name: z.string(), status: z.enum(['up', 'down']) })),
});

let server: PrivateClickHouse;
let shop: RestartableSystem;

beforeAll(async () => {
  server = await PrivateClickHouse.create();
  await server.start();
  shop = await RestartableSystem.create(`${server.url}/shopverse`);
}, 60_000);

afterAll(async () => {
  await shop.destroy();
  await server.destroy();
});

describe('analytics while ClickHouse is down', () => {
  it('answers 503 with Retry-After meanwhile, and afterwards shows every fact once', async () => {
    const start = Date.now();
    const driver = await ShopDriver.open((await shop.start()).http);
    const readiness = async () => ReadinessSchema.parse((await driver.get('/health/ready')).json());
    const lamp = await driver.product(1_500, 100);
    const map = await driver.product(799, 100);
    const orderOf = (quantity: number): Line[] => [{ productId: lamp, quantity, price: 1_500 }, { productId: map, quantity: 1, price: 799 }];
    await driver.view(lamp, 2);
    await driver.order(orderOf(1), 'confirmed');
    await vi.waitFor(async () => expect((await driver.get('/api/v1/analytics/funnel')).json()).toMatchObject({ ordersConfirmed: 1 }), { timeout: 20_000, interval: 100 });

    // Down in the middle of a run: orders keep coming while the server stops.
    const placing = (async () => {
      for (const quantity of [2, 3, 4]) await driver.order(orderOf(quantity), 'confirmed');
      await driver.order(orderOf(1), 'declined');
      await driver.view(map, 3);
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.stop();
    for (const path of ['sales', 'top-products', 'funnel', 'events']) {
      const response = await driver.get(`/api/v1/analytics/${path}`);
      expectProblem(response, 503);
      expect(response.headers['retry-after'], path).toMatch(/^\d+$/);
    }
    await vi.waitFor(async () => expect(await readiness()).toMatchObject({ status: 'not_ready', dependencies: expect.arrayContaining([{ name: 'clickhouse', status: 'down' }]) as unknown }), {
      timeout: 10_000,
    });
    await placing;
    await driver.order(orderOf(5), 'cancelled after confirmation');
    const history = await quiescentHistory(shop.system.eventStore);

    await server.start();
    const expected = expectedTotals(driver.orders, driver.views);
    const ranges = rangesAround(start, Date.now());
    await vi.waitFor(async () => expect((await driver.get('/api/v1/analytics/funnel', { 'x-min-position': history.position.toString() })).statusCode).toBe(200), {
      timeout: 60_000,
      interval: 200,
    });
    await expectDashboards(driver.get, ranges.hours, expected, history.position);
    await expectDashboards(driver.get, ranges.seconds, expected, history.position);
    expect(await eventCountsByType(driver.get, ranges.hours, 'hour', history.position)).toEqual(history.types);
    const total = [...history.types.values()].reduce((sum, count) => sum + count, 0);
    const clickhouse = new ClickHouse(`${server.url}/shopverse`);
    try {
      const counts = await factCounts(clickhouse);
      expect(counts).toMatchObject({ event_facts: total, 'event_facts (distinct)': total, event_counts_hourly: total, 'sales_hourly orders': expected.confirmedOrders });
      for (const table of ['order_facts', 'order_lines', 'product_views']) expect(counts[table], table).toBe(counts[`${table} (distinct)`]);
    } finally {
      await clickhouse.close();
    }
    expect(await readiness()).toMatchObject({ status: 'ready' });
    // Its own gauges, as the bridge and recommendations have (bench:system samples the lag).
    const metrics = (await driver.get('/metrics')).body;
    expect(metrics).toMatch(new RegExp(`^shopverse_analytics_position ${history.position.toString()}$`, 'm'));
    expect(metrics).toMatch(/^shopverse_analytics_lag_seconds \d/m);
  }, 180_000);
});
