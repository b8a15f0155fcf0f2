import { expect, it } from 'vitest';
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.js';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import { createLogger } from '../../infra/logging/logger.js';
import { messageIdOf } from '../../infra/notifications/email-sender.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { projectionMigrations } from '../../infra/postgres/migrations/index.js';
import { NotificationDelivery } from '../../process-managers/notifications/delivery.js';
import { notificationsProjection } from '../../process-managers/notifications/projection.js';
import { rebuildProjections } from '../../projections/runner/rebuild.js';
import { installProjectionSchema } from '../../projections/runner/schema.js';
import { useEventStoreDatabase } from '../support/postgres.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { TestOrder, userRegistered } from './notifications-fixtures.js';

const fixture = useEventStoreDatabase();

/** Appends the events and waits until `$all` shows them (on Postgres, once older transactions on the server have ended). */
async function appendAll(store: EventStore, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  for (const { streamId, eventId, type, data, metadata } of events) await store.append(streamId, [{ eventId, type, data, metadata }]);
  const last = events.at(-1)?.eventId;
  for (const deadline = Date.now() + 10_000; ; ) {
    const all = await store.readAll();
    if (all.some((event) => event.eventId === last)) return all;
    if (Date.now() > deadline) throw new Error('the events never showed in $all');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const deliveries = async () =>
  (await fixture.db.query(`SELECT n.notification_id, d.status, d.attempts FROM notifications n JOIN notification_deliveries d USING (notification_id) ORDER BY n.position`)).rows as {
    notification_id: string;
    status: string;
    attempts: number;
  }[];

async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 15_000; !(await done()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it('a rebuild keeps sent notifications sent and sends nothing again; what only the rebuild saw is sent once', async () => {
  await migrate(fixture.db, projectionMigrations);
  await installProjectionSchema(fixture.db, notificationsProjection);
  const { store } = await PostgresEventStore.open(fixture.db);
  const sink = await SmtpSink.start();
  const worker = new NotificationDelivery(fixture.db, store, createLogger('silent'), { smtpUrl: sink.url, smtpFrom: 'shop@shopverse.test', webhookUrl: undefined, pollIntervalMs: 20 });
  try {
    const user = userRegistered();
    const first = new TestOrder(user.userId);
    const history = await appendAll(store, [user.registered, first.placed(), first.confirmed()]);
    await fixture.db.transaction((tx) => notificationsProjection.apply(tx, history));
    worker.start();
    await until('the first notification sent', async () => (await deliveries()).every((row) => row.status === 'sent'));
    const [sent] = await deliveries();

    // Appended but not applied live: only the rebuild sees it.
    const second = new TestOrder(user.userId);
    await appendAll(store, [second.placed(), second.confirmed()]);
    await rebuildProjections(fixture.db, store, [notificationsProjection]);

    await until('the second notification sent', async () => {
      const rows = await deliveries();
      return rows.length === 2 && rows.every((row) => row.status === 'sent');
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const rows = await deliveries();
    expect(rows[0]).toEqual({ ...sent, attempts: 1 });
    expect(rows[1]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sink.countsByMessageId()).toEqual(new Map(rows.map((row) => [messageIdOf(row.notification_id), 1])));
  } finally {
    await worker.stop();
    await sink.close();
  }
});
