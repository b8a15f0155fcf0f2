import { BACKWARDS, END, START, eventTypeFilter, excludeSystemEvents, streamNameFilter, type EventStoreDBClient, type Filter, type Position } from '@eventstore/db-client';
import { matchesFilter } from '../event-filter.js';
import type { EventFilter, EventSubscription, RecordedEvent } from '../port.js';
import { Sleeper, retryWhileTransient } from '../sleeper.js';
import { readToEnd } from './consume.js';
import { isEsdbUnavailable, translateEsdbError } from './errors.js';
import { fromEsdbPosition, toEsdbPosition, toRecordedEvent } from './recorded-event.js';

const MAX_RETRY_DELAY_MS = 5_000;
const UNSUBSCRIBE_WAIT_MS = 1_000;
const CLOSED = Symbol('closed');
const CHECKPOINT_INTERVAL = 1;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The server-side filter that narrows the most: EventStoreDB filters on either stream names or
 * event types, so with both the stream prefixes go to the server and the types are checked here.
 */
function serverFilter(filter: EventFilter | undefined, checkpointReached: (position: Position) => void): Filter {
  const checkpoints = { checkpointInterval: CHECKPOINT_INTERVAL, checkpointReached: (_: unknown, position: Position) => checkpointReached(position) };
  if (filter?.streamPrefixes) return streamNameFilter({ prefixes: [...filter.streamPrefixes], ...checkpoints });
  if (filter?.eventTypes) return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$`, ...checkpoints });
  return excludeSystemEvents(checkpoints);
}

/** The position of the last event in `$all` (system events included), or `start` when there is none. */
async function headOfAll(client: EventStoreDBClient): Promise<bigint | 'start'> {
  const [last] = await readToEnd(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
  return last === undefined ? 'start' : fromEsdbPosition(last.event?.position);
}

/**
 * A catch-up subscription to `$all` that survives the server going away: it subscribes again from
 * the last position it delivered (or the last checkpoint the server sent), with backoff.
 */
export class EsdbSubscription implements EventSubscription {
  private closed = false;
  private started = false;
  private readonly sleeper = new Sleeper();
  private unsubscribeCurrent: (() => Promise<void>) | undefined;
  private announceClosed: () => void = () => undefined;
  /** Settles on `close()`, so that a read waiting on a stuck call ends at once. */
  private readonly closedSignal = new Promise<typeof CLOSED>((resolve) => {
    this.announceClosed = () => resolve(CLOSED);
  });
  /** Resolved when subscribing, so that `end` means the end at subscription time, also after a resubscription. */
  private readonly start: Promise<bigint | 'start' | undefined>;

  constructor(
    private readonly client: EventStoreDBClient,
    from: bigint | 'start' | 'end',
    private readonly filter: EventFilter | undefined,
    private readonly onClose: () => void,
  ) {
    this.start = from === 'end' ? this.retrying(() => headOfAll(client)) : Promise.resolve(from);
    // A failure reaches the consumer when it reads; never as an unhandled rejection before that.
    this.start.catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sleeper.wake();
    this.onClose();
    this.announceClosed();
    // The client's unsubscribe waits for its gRPC call to exist, which a channel still reconnecting may
    // never get to: do not let it hold up closing.
    await Promise.race([this.unsubscribeCurrent?.().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, UNSUBSCRIBE_WAIT_MS).unref())]);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.started) throw new Error('a subscription can be iterated only once');
    this.started = true;
    try {
      const start = await this.start;
      if (start === undefined) return;
      let cursor: bigint | 'start' = start;
      let delay = 0;
      while (!this.isClosed()) {
        await this.sleeper.sleep(delay);
        delay = Math.min(Math.max(delay * 2, 50), MAX_RETRY_DELAY_MS);
        const subscription = this.client.subscribeToAll({
          fromPosition: cursor === 'start' ? START : toEsdbPosition(cursor),
          filter: serverFilter(this.filter, (position) => {
            const checkpoint = fromEsdbPosition(position);
            if (cursor === 'start' || checkpoint > cursor) cursor = checkpoint;
          }),
        });
        this.unsubscribeCurrent = () => subscription.unsubscribe();
        const events = subscription[Symbol.asyncIterator]();
        try {
          // Closed means no more events, even ones the client already has at hand.
          while (!this.isClosed()) {
            const next = await Promise.race([events.next(), this.closedSignal]);
            if (next === CLOSED || next.done === true) break;
            const resolved = next.value;
            const event = resolved.event;
            if (event === undefined) continue;
            if (matchesFilter(event, this.filter)) {
              const recorded = toRecordedEvent(resolved);
              if (recorded !== undefined) yield recorded;
              delay = 0;
            }
            cursor = fromEsdbPosition(event.position);
            if (this.isClosed()) return;
          }
        } catch (error) {
          if (this.isClosed()) return;
          if (!isEsdbUnavailable(error) && !isCancelled(error)) throw translateEsdbError(error);
        } finally {
          await Promise.race([subscription.unsubscribe().catch(() => undefined), this.closedSignal]);
          this.unsubscribeCurrent = undefined;
        }
      }
    } finally {
      this.closed = true;
      this.onClose();
    }
  }

  /** Read through a method: `close()` may have run while the consumer held an event. */
  private isClosed(): boolean {
    return this.closed;
  }

  private async retrying<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await retryWhileTransient(work, { sleeper: this.sleeper, isTransient: isEsdbUnavailable, isStopped: () => this.closed, maxDelayMs: MAX_RETRY_DELAY_MS });
    } catch (error) {
      throw translateEsdbError(error);
    }
  }
}

/** A call the server ended (it went away), as opposed to one we cancelled, which only happens on close. */
function isCancelled(error: unknown): boolean {
  return error instanceof Error && 'type' in error && error.type === 'cancelled';
}
