import { z } from 'zod';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { SqlExecutor } from '../../infra/postgres/sql-database.js';
import { loadRows, saveRows, type KeyedTable } from '../../projections/runner/keyed-rows.js';
import { contentOf, timeOf, type AnnouncedEvent } from './announcements.js';
import type { NotificationSourceEvent } from './notification-events.js';
import { notificationsTo, type NotificationRow } from './notification-rows.js';
import { destinationsOf, preferencesTable, recipientTable, type PreferencesRow, type RecipientRow } from './recipient-rows.js';
import { orderSubjectTable, productSubjectTable, type OrderSubjectRow, type ProductSubjectRow } from './subject-rows.js';

export interface DecodedEvent {
  readonly event: NotificationSourceEvent;
  readonly recorded: RecordedEvent;
}

const AdminRowsSchema = z.array(z.object({ user_id: z.uuid() }));

/** Whether the event comes after everything folded into the row (a row never folded counts as before it). */
const isNewerThan = (row: { readonly position: string } | undefined, recorded: RecordedEvent): boolean => row === undefined || BigInt(row.position) < recorded.position;

/** A table's rows a batch touches, loaded at once, changed in memory and written back at once. */
class Rows<Row extends { readonly position: string }> {
  private readonly changed = new Set<string>();

  constructor(
    private readonly spec: KeyedTable<Row>,
    private readonly rows: Map<string, Row>,
  ) {}

  static async load<Row extends { readonly position: string }>(tx: SqlExecutor, spec: KeyedTable<Row>, keys: Iterable<string>): Promise<Rows<Row>> {
    return new Rows(spec, await loadRows(tx, spec, [...keys]));
  }

  get(key: string): Row | undefined {
    return this.rows.get(key);
  }

  set(key: string, row: Row): void {
    this.rows.set(key, row);
    this.changed.add(key);
  }

  /** Forgets the row (deleting it from the table is the caller's). */
  forget(key: string): void {
    this.rows.delete(key);
    this.changed.delete(key);
  }

  save(tx: SqlExecutor): Promise<void> {
    return saveRows(tx, this.spec, [...this.changed].flatMap((key) => this.rows.get(key) ?? []));
  }
}

/**
 * What a batch needs to address people, as it stands before the batch; events are then applied in
 * order, so each notification goes to the recipients, channels and addresses as they stood at its
 * event. That keeps the outcome independent of where batches begin and end: a rebuild derives exactly
 * the notifications the live run did (and so sends none again).
 */
export class AddressBook {
  private constructor(
    private readonly recipients: Rows<RecipientRow>,
    private readonly preferences: Rows<PreferencesRow>,
    private readonly orders: Rows<OrderSubjectRow>,
    private readonly products: Rows<ProductSubjectRow>,
    private readonly admins: Set<string>,
  ) {}

  /** Users erased in the batch: from then on nobody can address them (see `eraseRecipients`). */
  readonly erased = new Set<string>();

  static async load(tx: SqlExecutor, batch: readonly DecodedEvent[]): Promise<AddressBook> {
    const orderIds = new Set<string>();
    const productIds = new Set<string>();
    const userIds = new Set<string>();
    for (const { event } of batch) {
      if ('userId' in event.data) userIds.add(event.data.userId);
      if ('orderId' in event.data) orderIds.add(event.data.orderId);
      if (event.type === 'OrderPlaced') userIds.add(event.data.customerId);
      if (event.type === 'LowStockDetected') productIds.add(event.data.productId);
    }
    const orders = await Rows.load(tx, orderSubjectTable, orderIds);
    for (const orderId of orderIds) {
      const customerId = orders.get(orderId)?.customer_id;
      if (customerId !== undefined) userIds.add(customerId);
    }
    const admins = new Set<string>();
    if (productIds.size > 0) {
      const { rows } = await tx.query(`SELECT user_id FROM notification_users WHERE 'admin' = ANY (roles)`);
      for (const { user_id: userId } of AdminRowsSchema.parse(rows)) admins.add(userId);
    }
    for (const admin of admins) userIds.add(admin);
    return new AddressBook(
      await Rows.load(tx, recipientTable, userIds),
      await Rows.load(tx, preferencesTable, userIds),
      orders,
      await Rows.load(tx, productSubjectTable, productIds),
      admins,
    );
  }

  /** Folds the event in; the notifications it causes (none for an event applied before). */
  apply({ event, recorded }: DecodedEvent): NotificationRow[] {
    const position = recorded.position.toString();
    switch (event.type) {
      case 'UserRegistered': {
        const { userId, email, name, roles } = event.data;
        if (isNewerThan(this.recipients.get(userId), recorded)) this.setRecipient({ user_id: userId, email, name, roles: [...roles], position });
        return [];
      }
      case 'RolesChanged': {
        const row = this.recipients.get(event.data.userId);
        if (row !== undefined && isNewerThan(row, recorded)) this.setRecipient({ ...row, roles: [...event.data.roles], position });
        return [];
      }
      case 'UserErased': {
        const { userId } = event.data;
        this.recipients.forget(userId);
        this.preferences.forget(userId);
        this.admins.delete(userId);
        this.erased.add(userId);
        return [];
      }
      case 'NotificationPreferencesSet': {
        const { userId, email, sms, push, phone, pushEndpoint } = event.data;
        if (isNewerThan(this.preferences.get(userId), recorded)) this.preferences.set(userId, { user_id: userId, email, sms, push, phone, push_endpoint: pushEndpoint, position });
        return [];
      }
      case 'OrderPlaced': {
        const { orderId, customerId } = event.data;
        if (isNewerThan(this.orders.get(orderId), recorded)) this.orders.set(orderId, { order_id: orderId, customer_id: customerId, position });
        return [];
      }
      case 'LowStockDetected': {
        const { productId } = event.data;
        if (!isNewerThan(this.products.get(productId), recorded)) return [];
        this.products.set(productId, { product_id: productId, position });
        return this.notify([...this.admins], event, recorded);
      }
      default: {
        const order = this.orders.get(event.data.orderId);
        // An event about an order never placed (or already notified) tells nobody anything.
        if (order === undefined || !isNewerThan(order, recorded)) return [];
        this.orders.set(order.order_id, { ...order, position });
        return this.notify([order.customer_id], event, recorded);
      }
    }
  }

  async save(tx: SqlExecutor): Promise<void> {
    await this.recipients.save(tx);
    await this.preferences.save(tx);
    await this.orders.save(tx);
    await this.products.save(tx);
  }

  private setRecipient(row: RecipientRow): void {
    this.recipients.set(row.user_id, row);
    if (row.roles.includes('admin')) this.admins.add(row.user_id);
    else this.admins.delete(row.user_id);
  }

  /** One notification per recipient and channel they want; a recipient never seen registering cannot be addressed. */
  private notify(userIds: readonly string[], event: AnnouncedEvent, recorded: RecordedEvent): NotificationRow[] {
    return userIds.flatMap((userId) => {
      const recipient = this.recipients.get(userId);
      if (recipient === undefined) return [];
      return notificationsTo(recipient, destinationsOf(recipient, this.preferences.get(userId)), contentOf(event, recipient.name), recorded, timeOf(event));
    });
  }
}
