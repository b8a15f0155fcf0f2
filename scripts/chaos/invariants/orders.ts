import { z } from 'zod';
import type { Environment } from '../environment.js';
import { queryRows } from '../sql.js';
import { examples, type InvariantResult, checked } from './result.js';

const OrderEventSchema = z.object({ order_id: z.uuid(), type: z.string() });
const StatusSchema = z.object({ status: z.string(), n: z.coerce.number() });
const FINAL = new Set(['OrderConfirmed', 'OrderRejected', 'OrderCancelled']);

interface OrderHistory {
  readonly types: string[];
  captures: number;
}

async function histories(env: Environment): Promise<Map<string, OrderHistory>> {
  const rows = await queryRows(
    env.eventStoreUrl,
    OrderEventSchema,
    "SELECT data->>'orderId' AS order_id, type FROM es_events WHERE type IN ('OrderPlaced', 'OrderConfirmed', 'OrderRejected', 'OrderCancelled', 'PaymentCaptured') ORDER BY position",
  );
  const orders = new Map<string, OrderHistory>();
  for (const row of rows) {
    let order = orders.get(row.order_id);
    if (order === undefined) {
      order = { types: [], captures: 0 };
      orders.set(row.order_id, order);
    }
    if (row.type === 'PaymentCaptured') order.captures++;
    else order.types.push(row.type);
  }
  return orders;
}

/** Every order placed ended confirmed, rejected or cancelled (in the events and in the read model); none is left pending. */
export function checkOrdersSettled(env: Environment): Promise<InvariantResult> {
  return checked('every order reached a final state', async () => {
    const orders = await histories(env);
    const unsettled: string[] = [];
    const finals = new Map<string, number>();
    for (const [orderId, order] of orders) {
      const last = order.types.at(-1) ?? '(none)';
      finals.set(last, (finals.get(last) ?? 0) + 1);
      if (!FINAL.has(last) || order.types[0] !== 'OrderPlaced') unsettled.push(`${orderId}: ${order.types.join(' → ')}`);
    }
    const statuses = await queryRows(env.readModelUrl, StatusSchema, 'SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY status');
    const pendingInReadModel = statuses.find((s) => s.status === 'pending')?.n ?? 0;
    const readModelTotal = statuses.reduce((sum, s) => sum + s.n, 0);
    const pass = unsettled.length === 0 && pendingInReadModel === 0 && readModelTotal === orders.size;
    const byFinal = [...finals].map(([type, n]) => `${type} ${n}`).join(', ');
    return {
      pass,
      detail: `${orders.size} orders (last event: ${byFinal}); read model: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}; unsettled: ${unsettled.length}${examples(unsettled)}`,
    };
  });
}

/** A payment captured exactly once for every order ever confirmed, never for one that was not. */
export function checkOneCapturePerConfirmedOrder(env: Environment): Promise<InvariantResult> {
  return checked('exactly one capture per confirmed order', async () => {
    const orders = await histories(env);
    const wrong: string[] = [];
    let confirmed = 0;
    let captures = 0;
    for (const [orderId, order] of orders) {
      const wasConfirmed = order.types.includes('OrderConfirmed');
      if (wasConfirmed) confirmed++;
      captures += order.captures;
      if (order.captures !== (wasConfirmed ? 1 : 0)) wrong.push(`${orderId}: ${order.captures} captures, ${wasConfirmed ? 'confirmed' : 'never confirmed'}`);
    }
    return { pass: wrong.length === 0, detail: `${confirmed} orders confirmed, ${captures} PaymentCaptured events; wrong: ${wrong.length}${examples(wrong)}` };
  });
}
