/**
 * The stock of each product as the admin console shows it. `low_stock_alerted` mirrors the domain's
 * flag, so a shortfall reported by LowStockDetected is visible until stock is back above the threshold.
 * The catalogue read model joins this table for a product's `availability`.
 */
export const inventorySchema = `
CREATE TABLE IF NOT EXISTS inventory_levels (
  product_id uuid PRIMARY KEY,
  on_hand integer NOT NULL,
  reserved integer NOT NULL,
  available integer NOT NULL,
  low_stock_threshold integer NOT NULL,
  low_stock_alerted boolean NOT NULL DEFAULT false,
  position bigint NOT NULL
);
`;

export const inventoryTables = ['inventory_levels'] as const;
