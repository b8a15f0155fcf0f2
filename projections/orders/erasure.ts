import { OrderPlaced } from '../../domain/ordering/events.js';
import { ERASED } from '../../domain/shared/personal-data.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

/** The shipping address's personal fields, as the order's event names them. */
const ADDRESS_FIELDS = (OrderPlaced.personal?.fields ?? []).flatMap((path) => (path.startsWith('shippingAddress.') ? [path.slice('shippingAddress.'.length)] : []));

/**
 * The erased customers' orders with their shipping addresses' personal fields erased, as a rebuild
 * (reading the events once the key is gone) writes them; the country, lines and amounts stay.
 */
export async function eraseCustomers(tx: SqlExecutor, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.query(
    `UPDATE orders o SET shipping_address = (
       SELECT jsonb_object_agg(a.key, CASE WHEN a.key = ANY($2::text[]) THEN to_jsonb($3::text) ELSE a.value END) FROM jsonb_each(o.shipping_address) a
     ) WHERE o.customer_id = ANY($1::uuid[])`,
    [customerIds, ADDRESS_FIELDS, ERASED],
  );
}
