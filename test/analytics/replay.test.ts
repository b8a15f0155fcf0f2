import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { AnalyticsDatabase } from '../../projections/analytics/analytics-database.js';
import { freshClickHouseDatabase } from '../support/clickhouse.js';
import { call } from '../support/http.js';
import { type AdminGet, eventCountsByType, expectDashboards, rangesAround } from './support/dashboards.js';
import { factCounts } from './support/facts.js';
import { expectedTotals, quiescentHistory, ShopDriver } from './support/shop.js';
import { RestartableSystem } from './support/system.js';

const clickhouseDatabase = freshClickHouseDatabase();
const analytics = new AnalyticsDatabase(new ClickHouse(clickhouseDatabase.url));
let shop: RestartableSystem;

beforeAll(async () => {
  shop = await RestartableSystem.create(clickhouseDatabase.url);
});

afterAll(async () => {
  await shop.destroy();
  await analytics.close();
  await clickhouseDatabase.drop();
});

describe('analytics replay', () => {
  it('re-applies every event once its checkpoint is set back to the start: every fact count and dashboard stays the same', async () => {
    const start = Date.now();
    const driver = await ShopDriver.open((await shop.start()).http);
    const stove = await driver.product(8_900, 20);
    const mug = await driver.product(650, 20);
    await driver.view(stove, 2);
    await driver.view(mug);
    await driver.order([{ productId: stove, quantity: 1, price: 8_900 }, { productId: mug, quantity: 4, price: 650 }], 'confirmed');
    await driver.order([{ productId: mug, quantity: 2, price: 650 }], 'declined');
    await driver.order([{ productId: stove, quantity: 2, price: 8_900 }], 'cancelled after confirmation');
    const history = await quiescentHistory(shop.system.eventStore);
    const expected = expectedTotals(driver.orders, driver.views);
    const ranges = rangesAround(start, Date.now());
    const total = [...history.types.values()].reduce((sum, count) => sum + count, 0);

    await expectDashboards(driver.get, ranges.hours, expected, history.position);
    const before = await factCounts(await analytics.ready());
    expect(before).toMatchObject({ event_facts: total, 'event_facts (distinct)': total, event_counts_hourly: total, 'sales_hourly orders': 2, 'product_sales_hourly units': 7 });

    await shop.stop();
    await analytics.checkpoint.read();
    await analytics.checkpoint.write(-1n);
    expect(await analytics.checkpoint.read()).toBe(-1n);
    const restarted = await shop.start();
    await vi.waitFor(async () => expect(await analytics.checkpoint.read()).toBeGreaterThanOrEqual(history.position), { timeout: 30_000, interval: 100 });

    // The admin's token from before the restart is still good (the same secret signs it).
    const get: AdminGet = (url, headers = {}) => call(restarted.http, 'GET', url, undefined, { token: driver.admin, headers });
    expect(await factCounts(await analytics.ready())).toEqual(before);
    await expectDashboards(get, ranges.hours, expected, history.position);
    await expectDashboards(get, ranges.seconds, expected, history.position);
    expect(await eventCountsByType(get, ranges.hours, 'hour', history.position)).toEqual(history.types);
  }, 120_000);
});
