import type { Projection } from '../../projections/projection.js';
import { decodeIfKnown } from '../../projections/runner/decode.js';
import { AddressBook, type DecodedEvent } from './address-book.js';
import { eraseRecipients } from './erasure.js';
import { notificationEvents } from './notification-events.js';
import { insertNotifications } from './notification-rows.js';
import { notificationsSchema, notificationsTables } from './schema.js';

/**
 * Notifications (GET /notifications) and the delivery queue: on order news and low stock, one
 * notification per channel each recipient wants, as their preferences stood at the event. A batch
 * costs a few set-based statements however many events it holds.
 */
export const notificationsProjection: Projection = {
  name: 'notifications',
  schema: notificationsSchema,
  tables: notificationsTables,
  async apply(tx, events) {
    const batch: DecodedEvent[] = events.flatMap((recorded) => {
      const event = decodeIfKnown(notificationEvents, recorded);
      return event === undefined ? [] : [{ event, recorded }];
    });
    if (batch.length === 0) return;
    const book = await AddressBook.load(tx, batch);
    const notifications = batch.flatMap((decoded) => book.apply(decoded));
    await book.save(tx);
    await insertNotifications(tx, notifications);
    // Last: what the batch made for them before their erasure goes too.
    await eraseRecipients(tx, book.erased);
  },
};
