import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { notificationsProjection } from '../../process-managers/notifications/projection.js';
import { useProjection } from '../support/projections.js';
import { lowStockDetected, preferencesSet, rolesChanged, TestOrder, userRegistered } from './notifications-fixtures.js';

const fixture = useProjection(notificationsProjection);

interface NotificationRow {
  notification_id: string;
  channel: string;
  template: string;
  data: Record<string, unknown>;
  address: string;
  correlation_id: string;
  causation_id: string;
  created_at: string;
  status: string;
  attempts: number;
}

const notificationsOf = async (userId: string): Promise<NotificationRow[]> =>
  (await fixture.rows(
    `SELECT n.notification_id, n.channel, n.template, n.data, n.address, n.correlation_id, n.causation_id::text,
            to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at, d.status, d.attempts
       FROM notifications n JOIN notification_deliveries d USING (notification_id)
      WHERE n.user_id = $1 ORDER BY n.position, n.channel`,
    [userId],
  )) as unknown as NotificationRow[];

const countAll = async (): Promise<{ notifications: number; deliveries: number }> => {
  const [row] = await fixture.rows('SELECT (SELECT count(*)::int FROM notifications) AS notifications, (SELECT count(*)::int FROM notification_deliveries) AS deliveries');
  return row as { notifications: number; deliveries: number };
};

describe('notifications projection', () => {
  it('notifies an order confirmed by email only by default, with the correlation id and cause of the event, pending', async () => {
    const user = userRegistered();
    const order = new TestOrder(user.userId);
    const placed = order.placed();
    const confirmed = order.confirmed();
    await fixture.apply([user.registered, placed, confirmed]);

    expect(await notificationsOf(user.userId)).toEqual([
      {
        notification_id: expect.any(String) as unknown,
        channel: 'email',
        template: 'order_confirmed',
        data: { name: user.name, orderId: order.orderId },
        address: user.email,
        correlation_id: order.correlationId,
        causation_id: confirmed.eventId,
        created_at: confirmed.data.confirmedAt,
        status: 'pending',
        attempts: 0,
      },
    ]);
  });

  it('notifies on every channel the user wants, at the addresses they gave; none when all are off', async () => {
    const smsAndPush = userRegistered();
    const silent = userRegistered();
    const first = new TestOrder(smsAndPush.userId);
    const second = new TestOrder(silent.userId);
    await fixture.apply([
      smsAndPush.registered,
      silent.registered,
      preferencesSet(smsAndPush.userId, { email: false, sms: true, push: true, phone: '+14155550123', pushEndpoint: 'https://push.example/device/1' }),
      preferencesSet(silent.userId, { email: false, sms: false, push: false }),
      first.placed(),
      second.placed(),
      first.shipped('DHL', 'DHL-42'),
      second.shipped(),
    ]);

    const rows = await notificationsOf(smsAndPush.userId);
    expect(rows.map(({ channel, address, template, data }) => ({ channel, address, template, data }))).toEqual([
      { channel: 'push', address: 'https://push.example/device/1', template: 'order_shipped', data: { name: smsAndPush.name, orderId: first.orderId, carrier: 'DHL', trackingNumber: 'DHL-42' } },
      { channel: 'sms', address: '+14155550123', template: 'order_shipped', data: { name: smsAndPush.name, orderId: first.orderId, carrier: 'DHL', trackingNumber: 'DHL-42' } },
    ]);
    expect(await notificationsOf(silent.userId)).toEqual([]);
  });

  it('uses the preferences and roles as they stood at each event, however the events fall into batches', async () => {
    const user = userRegistered();
    const order = new TestOrder(user.userId);
    // Email at the confirmation, SMS only from the shipment on: one batch or one event at a time, the same rows.
    const events = [user.registered, order.placed(), order.confirmed(), preferencesSet(user.userId, { email: false, sms: true, push: false, phone: '+447700900123' }), order.shipped()];
    await fixture.apply(events);
    const together = await notificationsOf(user.userId);
    expect(together.map(({ template, channel }) => `${template}/${channel}`)).toEqual(['order_confirmed/email', 'order_shipped/sms']);

    const other = userRegistered();
    const otherOrder = new TestOrder(other.userId);
    for (const event of [other.registered, otherOrder.placed(), otherOrder.confirmed(), preferencesSet(other.userId, { email: false, sms: true, push: false, phone: '+447700900123' }), otherOrder.shipped()]) {
      await fixture.apply([event]);
    }
    expect((await notificationsOf(other.userId)).map(({ template, channel }) => `${template}/${channel}`)).toEqual(['order_confirmed/email', 'order_shipped/sms']);
  });

  it('says what each kind of order news needs: cancellation reason, delivery, each refund (OrderRefunded adds nothing)', async () => {
    const user = userRegistered();
    const cancelled = new TestOrder(user.userId);
    const refunded = new TestOrder(user.userId);
    await fixture.apply([
      user.registered,
      cancelled.placed(),
      cancelled.cancelled('payment_timeout'),
      refunded.placed(),
      refunded.confirmed(),
      refunded.delivered(),
      refunded.refunded(250, 250, false),
      refunded.refunded(1000, 1250, true),
      refunded.orderRefunded(),
    ]);
    const rows = await notificationsOf(user.userId);
    expect(rows.map(({ template, data }) => ({ template, data }))).toEqual([
      { template: 'order_cancelled', data: { name: user.name, orderId: cancelled.orderId, reason: 'payment_timeout' } },
      { template: 'order_confirmed', data: { name: user.name, orderId: refunded.orderId } },
      { template: 'order_delivered', data: { name: user.name, orderId: refunded.orderId } },
      {
        template: 'order_refunded',
        data: expect.objectContaining({ orderId: refunded.orderId, amount: { amount: 250, currency: 'GBP' }, totalRefunded: { amount: 250, currency: 'GBP' }, fullyRefunded: false }) as unknown,
      },
      { template: 'order_refunded', data: expect.objectContaining({ amount: { amount: 1000, currency: 'GBP' }, fullyRefunded: true }) as unknown },
    ]);
  });

  it('sends restock alerts to whoever is an admin at the time, on their channels', async () => {
    const admin = userRegistered(['admin']);
    const promoted = userRegistered();
    const demoted = userRegistered(['admin']);
    const customer = userRegistered();
    const productId = randomUUID();
    await fixture.apply([admin.registered, promoted.registered, demoted.registered, customer.registered]);
    await fixture.apply([rolesChanged(promoted.userId, ['customer', 'admin']), rolesChanged(demoted.userId, ['customer']), lowStockDetected(productId, 1, 3)]);

    const [alert] = await notificationsOf(admin.userId);
    expect(alert).toMatchObject({ channel: 'email', address: admin.email, template: 'restock_alert', data: { name: admin.name, productId, available: 1, threshold: 3 } });
    expect((await notificationsOf(promoted.userId)).map((row) => row.template)).toEqual(['restock_alert']);
    expect(await notificationsOf(demoted.userId)).toEqual([]);
    expect(await notificationsOf(customer.userId)).toEqual([]);
  });

  it('creates nothing new when events are applied again, even after the preferences changed', async () => {
    const user = userRegistered();
    const order = new TestOrder(user.userId);
    const batch = [user.registered, order.placed(), order.confirmed(), order.shipped(), lowStockDetected(randomUUID())];
    await fixture.apply(batch);
    const before = await notificationsOf(user.userId);
    const counts = await countAll();

    await fixture.apply(batch);
    await fixture.apply([preferencesSet(user.userId, { email: true, sms: true, push: false, phone: '+14155550123' })]);
    for (const event of batch) await fixture.apply([event]);

    expect(await notificationsOf(user.userId)).toEqual(before);
    expect(await countAll()).toEqual(counts);
  });

  it('notifies nobody about an order it never saw placed, nor a customer it never saw register', async () => {
    const unknownOrder = new TestOrder(randomUUID());
    const stranger = new TestOrder(randomUUID());
    const counts = await countAll();
    await fixture.apply([unknownOrder.confirmed(), stranger.placed(), stranger.confirmed()]);
    expect(await countAll()).toEqual(counts);
  });
});
