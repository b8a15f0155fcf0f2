import type { Logger } from 'pino';
import { UndecodableEventError } from '../../command-handlers/event-codec.js';
import { OrderCancelled, OrderConfirmed, OrderPlaced, OrderRefunded } from '../../domain/ordering/events.js';
import { ProductViewed } from '../../domain/tracking/events.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { decodeIfKnown } from '../runner/decode.js';
import { eventFact, type EventFact } from './event-facts.js';
import { factOrigin, type FactOrigin } from './fact-time.js';
import { ORDER_FACT_KINDS, orderFacts, type OrderFact, type OrderFactKind } from './order-facts.js';
import { orderLines, type OrderLine, type OrderLineBook } from './order-lines.js';
import { productView, type ProductView } from './product-views.js';
import { eventCounts, productSales, sales, type EventCountRow, type ProductSalesRow, type SalesRow } from './rollup-rows.js';
import type { AnalyticsTable } from './tables.js';
import type { WrittenPositions } from './written-positions.js';

/** What one batch writes to each table (nothing where the table has it already). */
export interface AnalyticsRows extends Readonly<Record<AnalyticsTable, readonly { readonly position: string }[]>> {
  readonly event_facts: EventFact[];
  readonly order_facts: OrderFact[];
  readonly order_lines: OrderLine[];
  readonly product_views: ProductView[];
  readonly event_counts_hourly: EventCountRow[];
  readonly sales_hourly: SalesRow[];
  readonly product_sales_hourly: ProductSalesRow[];
}

const DECODED = [OrderPlaced, OrderConfirmed, OrderCancelled, OrderRefunded, ProductViewed] as const;

interface OrderChange {
  readonly kind: OrderFactKind;
  readonly orderId: string;
  readonly origin: FactOrigin;
  readonly event: RecordedEvent;
}

/**
 * The facts of a batch, for the tables that lack them (see `WrittenPositions`). Lines of orders placed
 * in earlier batches come from `order_lines`. An event whose data does not fit its schema still
 * counts in `event_facts`; its other facts are left out, with an error in the log.
 */
export async function batchFacts(batch: readonly RecordedEvent[], written: WrittenPositions, book: OrderLineBook, log: Logger): Promise<AnalyticsRows> {
  const rows: AnalyticsRows = { event_facts: [], order_facts: [], order_lines: [], product_views: [], event_counts_hourly: [], sales_hourly: [], product_sales_hourly: [] };
  const counted: EventFact[] = [];
  const changes: OrderChange[] = [];
  const lowest = written.lowest();
  for (const event of batch) {
    if (event.position <= lowest) continue;
    const origin = factOrigin(event);
    const fact = eventFact(event, origin);
    if (written.lacks('event_facts', event.position)) rows.event_facts.push(fact);
    if (written.lacks('event_counts_hourly', event.position)) counted.push(fact);
    const decoded = decodeOrLog(event, log);
    if (decoded?.type === 'OrderPlaced') {
      const lines = orderLines(decoded.data, event.position);
      book.add(lines);
      if (written.lacks('order_lines', event.position)) rows.order_lines.push(...lines);
    } else if (decoded?.type === 'ProductViewed') {
      if (written.lacks('product_views', event.position)) rows.product_views.push(productView(decoded.data, origin));
    } else if (decoded !== undefined) {
      changes.push({ kind: ORDER_FACT_KINDS[decoded.type], orderId: decoded.data.orderId, origin, event });
    }
  }
  rows.event_counts_hourly.push(...eventCounts(counted));
  await addOrderFacts(rows, changes, written, book, log);
  return rows;
}

async function addOrderFacts(rows: AnalyticsRows, changes: readonly OrderChange[], written: WrittenPositions, book: OrderLineBook, log: Logger): Promise<void> {
  const wanted = changes.filter(({ origin }) => written.lacks('order_facts', origin.position) || written.lacks('sales_hourly', origin.position) || written.lacks('product_sales_hourly', origin.position));
  await book.load(wanted.map((change) => change.orderId));
  const confirmedForSales: OrderFact[] = [];
  const confirmedForProducts: OrderFact[] = [];
  for (const { kind, orderId, origin, event } of wanted) {
    const lines = book.of(orderId);
    if (lines.length === 0) {
      log.warn({ eventId: event.eventId, type: event.type, position: event.position.toString(), correlationId: event.metadata.correlationId, orderId }, 'no placed lines known for this order: no order facts');
      continue;
    }
    const facts = orderFacts(kind, origin, lines);
    if (written.lacks('order_facts', origin.position)) rows.order_facts.push(...facts);
    if (kind !== 'confirmed') continue;
    if (written.lacks('sales_hourly', origin.position)) confirmedForSales.push(...facts);
    if (written.lacks('product_sales_hourly', origin.position)) confirmedForProducts.push(...facts);
  }
  rows.sales_hourly.push(...sales(confirmedForSales));
  rows.product_sales_hourly.push(...productSales(confirmedForProducts));
}

function decodeOrLog(event: RecordedEvent, log: Logger) {
  try {
    return decodeIfKnown(DECODED, event);
  } catch (error) {
    if (!(error instanceof UndecodableEventError)) throw error;
    log.error({ err: error, eventId: event.eventId, type: event.type, position: event.position.toString(), correlationId: event.metadata.correlationId }, 'event does not fit its schema: only its event fact is written');
    return undefined;
  }
}
