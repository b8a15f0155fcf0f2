import { eventDefinitionOf, upcast } from '../../domain/event-catalogue.js';
import type { PersonalData } from '../../domain/shared/event-catalogue.js';
import { ERASED } from '../../domain/shared/personal-data.js';
import { UserErased } from '../../domain/users/events.js';
import { EventStoreUnavailableError } from '../event-store/errors.js';
import { ForwardingEventStore } from '../event-store/forwarding-event-store.js';
import type { AppendResult, EventStore, EventSubscription, EventToAppend, ExpectedRevision, ReadAllOptions, ReadStreamOptions, RecordedEvent, SubscribeToAllOptions } from '../event-store/port.js';
import { valueAt, withStringsReplaced } from '../../domain/shared/data-paths.js';
import { isPostgresUnavailable } from '../postgres/errors.js';
import { decryptField, encryptField, isEncrypted } from './field-cipher.js';
import type { PersonalDataKeys } from './personal-data-keys.js';

interface Personal {
  readonly personal: PersonalData;
  readonly subject: string;
}

/** Whose personal data the event holds, if any. */
function personalOf(event: { readonly type: string; readonly data: Readonly<Record<string, unknown>> }): Personal | undefined {
  const personal = eventDefinitionOf(event.type)?.personal;
  if (personal === undefined) return undefined;
  const subject = valueAt(event.data, personal.subject);
  return typeof subject === 'string' ? { personal, subject } : undefined;
}

/** Keys live in Postgres: its being down makes the event store unavailable to its callers (a 503, a retry), never a crash. */
async function keysOrUnavailable<T>(lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if (isPostgresUnavailable(error)) throw new EventStoreUnavailableError(`personal data keys unavailable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    throw error;
  }
}

/** The personal fields decrypted with the subject's key, or erased without it; values stored before encryption as they are. */
function revealed(data: Readonly<Record<string, unknown>>, { personal, subject }: Personal, key: Buffer | null): Readonly<Record<string, unknown>> {
  return withStringsReplaced(data, personal.fields, (stored) => (!isEncrypted(stored) ? stored : key === null ? ERASED : decryptField(key, subject, stored)));
}

class RevealingSubscription implements EventSubscription {
  constructor(
    private readonly inner: EventSubscription,
    private readonly reveal: (event: RecordedEvent) => Promise<RecordedEvent>,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    for await (const event of this.inner) yield await this.reveal(event);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * Crypto-shredding: the personal fields of every event (those its definition names) are stored
 * encrypted with their owner's key and read back decrypted, or as `ERASED` once the key is destroyed,
 * by everything that reads events (aggregates, projections, the Kafka bridge, audit views and
 * exports). An erasure event seen on the way makes this process stop using that person's key at once.
 */
export class PersonalDataEventStore extends ForwardingEventStore {
  constructor(
    inner: EventStore,
    private readonly keys: PersonalDataKeys,
  ) {
    super(inner);
  }

  override async append(streamId: string, events: readonly EventToAppend[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    const concealed = await Promise.all(events.map((event) => this.conceal(event)));
    return this.inner.append(streamId, concealed, options);
  }

  private async conceal(event: EventToAppend): Promise<EventToAppend> {
    const found = personalOf(event);
    if (found === undefined) return event;
    const key = await keysOrUnavailable(() => this.keys.keyForWriting(found.subject));
    // An erased person's data is not written at all.
    const conceal = key === null ? () => ERASED : (value: string) => encryptField(key, found.subject, value);
    return { ...event, data: withStringsReplaced(event.data, found.personal.fields, conceal) };
  }

  /** The events as stored, personal fields encrypted (what the hash chain covers). */
  get recorded(): EventStore {
    return this.inner;
  }

  /** Destroys the person's key: from now on every personal field of theirs, old or new, reads `ERASED`. */
  async destroyKeyOf(subject: string): Promise<void> {
    await keysOrUnavailable(() => this.keys.erase(subject));
  }

  /**
   * Events read from `recorded`, as every other read gives them: personal fields decrypted (or
   * erased), then upcast to their type's current version (erasable fields came with a new version).
   */
  async reveal(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const personal = events.map((event) => personalOf(event));
    for (const event of events) if (event.type === UserErased.type) this.noteErasure(event);
    const subjects = personal.flatMap((found) => (found === undefined ? [] : [found.subject]));
    const keys = subjects.length === 0 ? new Map<string, Buffer | null>() : await keysOrUnavailable(() => this.keys.keysForReading(subjects));
    return events.map((event, index) => {
      const found = personal[index];
      const data = found === undefined ? event.data : revealed(event.data, found, keys.get(found.subject) ?? null);
      const current = upcast(event.type, event.metadata.schemaVersion, data);
      return current.data === event.data && current.version === event.metadata.schemaVersion ? event : { ...event, data: current.data, metadata: { ...event.metadata, schemaVersion: current.version } };
    });
  }

  private async revealOne(event: RecordedEvent): Promise<RecordedEvent> {
    const [revealed] = await this.reveal([event]);
    return revealed ?? event;
  }

  private noteErasure(event: RecordedEvent): void {
    const parsed = UserErased.schema.safeParse(event.data);
    if (parsed.success) this.keys.erased(parsed.data.userId);
  }

  override async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reveal(await this.inner.readStream(streamId, options));
  }

  override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reveal(await this.inner.readAll(options));
  }

  override subscribeToAll(options?: SubscribeToAllOptions): EventSubscription {
    return new RevealingSubscription(this.inner.subscribeToAll(options), (event) => this.revealOne(event));
  }
}
