import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeEvents } from '../../command-handlers/event-codec.js';
import { orderEvents } from '../../domain/ordering/events.js';
import { ERASED } from '../../domain/shared/personal-data.js';
import { userEvents } from '../../domain/users/events.js';
import type { EventStore, RecordedEvent } from '../../infra/event-store/port.js';
import { PersonalDataEventStore } from '../../infra/personal-data/personal-data-event-store.js';
import { PersonalDataKeys } from '../../infra/personal-data/personal-data-keys.js';
import { migrate } from '../../infra/postgres/migrate.js';
import { personalDataMigrations } from '../../infra/postgres/migrations/index.js';
import { eventStoreAdapters, type AdapterSubject } from '../support/event-store-adapters.js';
import { collect } from '../support/events.js';
import { anOrder, aUser } from '../support/shop-events.js';

const personalOf = (events: readonly RecordedEvent[]) => JSON.stringify(events.map((event) => event.data));

for (const [name, open] of Object.entries(eventStoreAdapters)) {
  describe(`personal data on ${name}`, () => {
    let subject: AdapterSubject;
    let one: PersonalDataEventStore;
    let other: PersonalDataEventStore;
    let raw: EventStore;

    beforeAll(async () => {
      subject = await open();
      await migrate(subject.db, personalDataMigrations);
      [raw] = subject.stores;
      one = new PersonalDataEventStore(subject.stores[0], new PersonalDataKeys(subject.db));
      other = new PersonalDataEventStore(subject.stores[1], new PersonalDataKeys(subject.db));
    });

    afterAll(async () => {
      await subject.teardown();
    });

    /** A customer and their order, appended through `one`. */
    async function aCustomerWithAnOrder() {
      const userId = randomUUID();
      const email = `${userId}@example.test`;
      const user = aUser(userId, email, 'Ada Lovelace');
      const order = anOrder(userId, [randomUUID()], 'confirmed');
      await one.append(user.streamId, user.events);
      await one.append(order.streamId, order.events);
      return { userId, email, user, order };
    }

    it('stores personal fields encrypted and reads them back as they were written, by every kind of read', async () => {
      const { email, user, order } = await aCustomerWithAnOrder();
      const stored = [...(await raw.readStream(user.streamId)), ...(await raw.readStream(order.streamId))];
      expect(personalOf(stored)).not.toContain(email);
      expect(personalOf(stored)).not.toContain('Ada Lovelace');
      expect(personalOf(stored)).not.toContain('St James Square');
      expect(stored[0]?.data).toMatchObject({ email: expect.stringMatching(/^enc:v1:/) as unknown, roles: ['customer'] });

      const read = await one.readStream(user.streamId);
      expect(read[0]?.data).toEqual(user.events[0]?.data);
      expect((await other.readStream(order.streamId))[0]?.data).toEqual(order.events[0]?.data);
      const [inAll] = (await other.readAll({ fromPosition: stored[0]?.position ?? 0n, maxCount: 1 })).filter((event) => event.streamId === user.streamId);
      expect(inAll?.data).toEqual(user.events[0]?.data);
      const subscription = collect(other.subscribeToAll({ fromPosition: (stored[0]?.position ?? 1n) - 1n }));
      const [delivered] = await subscription.waitFor(1);
      await subscription.stop();
      expect(delivered?.data).toEqual(user.events[0]?.data);
    });

    it("reads every personal field of a person erased as erased, and everything else as it was; writes none of theirs any more", async () => {
      const { userId, email, user, order } = await aCustomerWithAnOrder();
      await one.destroyKeyOf(userId);
      const [registered] = decodeEvents(userEvents, await other.readStream(user.streamId));
      expect(registered?.data).toMatchObject({ userId, email: ERASED, name: ERASED, roles: ['customer'] });
      const [placed] = decodeEvents(orderEvents, await one.readStream(order.streamId));
      const original = z.object({ total: z.unknown(), lines: z.unknown() }).parse(order.events[0]?.data);
      expect(placed?.data).toMatchObject({
        customerId: userId,
        total: original.total,
        lines: original.lines,
        shippingAddress: { name: ERASED, line1: ERASED, city: ERASED, postalCode: ERASED, country: 'GB' },
      });

      const later = anOrder(userId, [randomUUID()], 'pending');
      await other.append(later.streamId, later.events);
      expect((await raw.readStream(later.streamId))[0]?.data).toMatchObject({ shippingAddress: { name: ERASED, country: 'GB' } });
      const { rows } = await subject.db.query('SELECT key FROM personal_data_keys WHERE subject = $1', [userId]);
      expect(rows).toEqual([{ key: null }]);
      expect(personalOf(await one.readAll({ maxCount: 10_000 }))).not.toContain(email);
    });

    it('reads an event recorded before personal data was encrypted (version 1) as it was, upcast to the current version', async () => {
      const userId = randomUUID();
      const legacy = aUser(userId, `${userId}@example.test`, 'Grace Hopper');
      const [event] = legacy.events;
      if (event === undefined) throw new Error('a registration');
      await raw.append(legacy.streamId, [{ ...event, metadata: { ...event.metadata, schemaVersion: 1 } }]);
      const [read] = await one.readStream(legacy.streamId);
      expect(read?.metadata.schemaVersion).toBe(2);
      expect(read?.data).toEqual(event.data);
      // Its fields were never encrypted, so destroying the key cannot erase them (README: the limits).
      await one.destroyKeyOf(userId);
      expect((await other.readStream(legacy.streamId))[0]?.data).toMatchObject({ name: 'Grace Hopper' });
    });

    it("stops using a person's key it has in memory once it reads their erasure from another process", async () => {
      const { userId, user } = await aCustomerWithAnOrder();
      expect((await other.readStream(user.streamId))[0]?.data).toMatchObject({ name: 'Ada Lovelace' });
      await one.destroyKeyOf(userId);
      await one.append(user.streamId, [{ eventId: randomUUID(), type: 'UserErased', data: { userId, erasedBy: randomUUID(), erasedAt: new Date().toISOString() }, metadata: { correlationId: randomUUID(), causationId: null, actorId: null, occurredAt: new Date().toISOString(), schemaVersion: 1 } }]);
      const erasure = (await raw.readStream(user.streamId)).at(-1);
      const subscription = collect(other.subscribeToAll({ fromPosition: (erasure?.position ?? 1n) - 1n }));
      await subscription.waitFor(1);
      await subscription.stop();
      expect((await other.readStream(user.streamId))[0]?.data).toMatchObject({ name: ERASED });
    });
  });
}
