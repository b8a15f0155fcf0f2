import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Expected } from './shop.js';

/** A GET as the admin (headers added). */
export type AdminGet = (url: string, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

export interface Range {
  readonly from: Date;
  readonly to: Date;
}

interface Sales {
  series: { bucket: string; orders: number; revenue: { amount: number; currency: string } }[];
}
interface TopProducts {
  items: { productId: string; units: number; revenue: { amount: number; currency: string } }[];
}
interface EventCounts {
  series: { bucket: string; total: number; types: { type: string; count: number }[] }[];
}

const query = (range: Range, extra: Record<string, string> = {}): string => new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString(), ...extra }).toString();

/** Reads a dashboard (once the analytics facts reached `position`); its body. */
async function read<T>(get: AdminGet, path: string, position: bigint): Promise<T> {
  const response = await get(`/api/v1/analytics/${path}`, { 'x-min-position': position.toString() });
  expect(response.statusCode, response.body).toBe(200);
  expect(BigInt(String(response.headers['x-projection-position']))).toBeGreaterThanOrEqual(position);
  return response.json<T>();
}

/** Every dashboard over the range adds up to what the test did (sales at each interval, so bucketed from rollups and from facts alike). */
export async function expectDashboards(get: AdminGet, range: Range, expected: Expected, position: bigint): Promise<void> {
  for (const interval of ['minute', 'hour', 'day']) {
    const sales = await read<Sales>(get, `sales?${query(range, { interval })}`, position);
    expect(sales.series.every((entry) => entry.revenue.currency === 'USD')).toBe(true);
    expect({ interval, orders: sum(sales.series.map((entry) => entry.orders)), revenue: sum(sales.series.map((entry) => entry.revenue.amount)) }).toEqual({
      interval,
      orders: expected.confirmedOrders,
      revenue: expected.revenue,
    });
  }
  const top = await read<TopProducts>(get, `top-products?${query(range, { limit: '10' })}`, position);
  const ranked = [...expected.products].sort(([, a], [, b]) => b.units - a.units || b.revenue - a.revenue);
  expect(top.items).toEqual(ranked.map(([productId, { units, revenue }]) => ({ productId, units, revenue: { amount: revenue, currency: 'USD' } })));
  expect(await read(get, `funnel?${query(range)}`, position)).toEqual({
    views: expected.views,
    ordersPlaced: expected.placed,
    ordersConfirmed: expected.confirmedOrders,
    ordersCancelled: expected.cancelled,
  });
}

/** The events dashboard's counts per type over the range, summed over its buckets (each bucket's total checked against its types). */
export async function eventCountsByType(get: AdminGet, range: Range, interval: string, position: bigint): Promise<Map<string, number>> {
  const counts = await read<EventCounts>(get, `events?${query(range, { interval })}`, position);
  const types = new Map<string, number>();
  for (const bucket of counts.series) {
    expect(bucket.total).toBe(sum(bucket.types.map((entry) => entry.count)));
    for (const { type, count } of bucket.types) types.set(type, (types.get(type) ?? 0) + count);
  }
  return types;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

const HOUR_MS = 3_600_000;

/** Ranges over the same events: in whole hours (read from the rollups) and within the hour (from the facts alone). */
export function rangesAround(start: number, end: number): { hours: Range; seconds: Range } {
  return {
    hours: { from: new Date(Math.floor(start / HOUR_MS) * HOUR_MS - HOUR_MS), to: new Date(Math.ceil(end / HOUR_MS) * HOUR_MS + HOUR_MS) },
    seconds: { from: new Date(start - 1_000), to: new Date(end + 1_000) },
  };
}
