import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ClickHouse } from '../../infra/clickhouse/clickhouse.js';
import { AnalyticsDatabase } from '../../projections/analytics/analytics-database.js';
import { OrderLineBook, type OrderLine } from '../../projections/analytics/order-lines.js';
import { freshClickHouseDatabase } from '../support/clickhouse.js';

const database = freshClickHouseDatabase();
const analytics = new AnalyticsDatabase(new ClickHouse(database.url));

afterAll(async () => {
  await analytics.close();
  await database.drop();
});

const line = (orderId: string, index: number, position: number): OrderLine => ({
  order_id: orderId,
  line: index,
  customer_id: randomUUID(),
  product_id: randomUUID(),
  units: index + 1,
  revenue: 100 * (index + 1),
  currency: 'EUR',
  position: String(position),
});

describe('the lines of orders placed in earlier batches', () => {
  it('come back from order_lines for any number of orders (looked up in chunks), once each, in line order', async () => {
    const clickhouse = await analytics.ready();
    const orders = Array.from({ length: 2_500 }, () => randomUUID());
    const lines = orders.flatMap((orderId, index) => [line(orderId, 0, index), line(orderId, 1, index)]);
    await clickhouse.insert('order_lines', lines);
    // A replay that wrote some again before a restart: the same lines twice.
    await clickhouse.insert('order_lines', lines.slice(0, 100));
    const book = new OrderLineBook(clickhouse);
    const placedHere = randomUUID();
    book.add([line(placedHere, 0, 9_999)]);
    await book.load([...orders, placedHere, randomUUID()]);
    for (const [index, orderId] of orders.entries()) expect(book.of(orderId), orderId).toEqual(lines.slice(2 * index, 2 * index + 2));
    expect(book.of(placedHere)).toHaveLength(1);
  });
});
