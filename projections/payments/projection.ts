import type { Projection } from '../projection.js';
import { paymentsSchema, paymentsTables } from './schema.js';
import { recordTransactions } from './transactions.js';

/** Each order's payment transaction history (GET /payments?orderId=). */
export const paymentsProjection: Projection = {
  name: 'payments',
  schema: paymentsSchema,
  tables: paymentsTables,
  apply: recordTransactions,
};
