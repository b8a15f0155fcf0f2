import { orderEvents } from '../../domain/ordering/events.js';
import { paymentEvents } from '../../domain/payments/events.js';
import { erasedUsersIn } from '../personal-data/erased-users.js';
import type { Projection } from '../projection.js';
import { foldIntoTable } from '../runner/keyed-rows.js';
import { foldOfBatch } from '../runner/domain-fold.js';
import { eraseCustomers } from './erasure.js';
import { orderFold, orderTable } from './order-rows.js';
import { paymentSummaryFold, paymentSummaryTable } from './payment-summary-rows.js';
import { ordersSchema, ordersTables } from './schema.js';

/** Orders with their status history, shipment and payment summary (GET /orders, GET /orders/{id}); erased customers' addresses wiped. */
export const ordersProjection: Projection = {
  name: 'orders',
  schema: ordersSchema,
  tables: ordersTables,
  async apply(tx, events) {
    await foldIntoTable(tx, orderTable, foldOfBatch(orderEvents, orderFold, events), events);
    await foldIntoTable(tx, paymentSummaryTable, foldOfBatch(paymentEvents, paymentSummaryFold, events), events);
    // After the fold: an order the batch placed before the erasure is erased too.
    await eraseCustomers(tx, erasedUsersIn(events));
  },
};
