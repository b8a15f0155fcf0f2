import { eventDefinitionOf } from '../../domain/event-catalogue.js';
import { eventHash } from '../../infra/event-store/hash-chain/event-hash.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';

/** Something wrong with the recorded history, naming where. */
export interface HistoryFinding {
  readonly check: 'stream-revisions' | 'event-schema' | 'hash-chain';
  readonly streamId: string;
  readonly revision: string;
  readonly position: string;
  readonly eventId: string;
  readonly problem: string;
}

function finding(check: HistoryFinding['check'], event: RecordedEvent, problem: string): HistoryFinding {
  return { check, streamId: event.streamId, revision: event.revision.toString(), position: event.position.toString(), eventId: event.eventId, problem };
}

/** Whether an event's data still passes the schema of its type and version; the problem otherwise. */
function schemaProblem(event: RecordedEvent): string | undefined {
  const definition = eventDefinitionOf(event.type);
  if (definition === undefined) return `no event definition for type ${event.type}`;
  const version = event.metadata.schemaVersion;
  // Events read come upcast as far as their upcasters go: one still at another version is unreadable.
  if (version !== definition.schemaVersion) return `schema version ${String(version)} of ${event.type}, which no upcaster turns into version ${String(definition.schemaVersion)}`;
  const parsed = definition.schema.safeParse(event.data);
  return parsed.success ? undefined : `data does not fit ${event.type} v${String(version)}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(data)'} ${issue.message}`).join('; ')}`;
}

/** What is known of a stream from its events checked so far. */
interface StreamSoFar {
  readonly nextRevision: bigint;
  /** The hash its last event carries (null before its first). */
  readonly lastHash: string | null;
}

/** Whether the event's hash still matches its content and links to the hash of the event before it; the problem otherwise. */
function chainProblem(event: RecordedEvent, lastHash: string | null): string | undefined {
  const { hash, previousHash } = event.metadata;
  if (hash === undefined) return 'it has no hash: it was not appended through ShopVerse (inserted?)';
  if (eventHash(event) !== hash) return 'its content no longer matches its hash (altered?)';
  if ((previousHash ?? null) !== lastHash) {
    return lastHash === null
      ? 'it links to an earlier event, but none comes before it (one removed?)'
      : 'it does not link to the hash of the event before it (one removed or inserted before it, or that one altered?)';
  }
  return undefined;
}

/**
 * Checks the history as `$all` delivers it, one event at a time: each stream's revisions run
 * 0, 1, 2, … without a gap or a repeat (a removed or inserted event shows as one), each event's
 * data still passes its type's schema, and each event's hash matches its content and chains to the
 * one before it (an event altered, even with its hash recomputed, breaks the chain after it).
 */
export class HistoryVerification {
  private readonly seen = new Map<string, StreamSoFar>();

  /**
   * `event` as stored (the hash covers that), `readable` as it reads (personal fields decrypted or
   * erased: the schema is about that); the same event where nothing is encrypted.
   */
  check(event: RecordedEvent, readable: RecordedEvent = event): HistoryFinding[] {
    const found: HistoryFinding[] = [];
    const stream = this.seen.get(event.streamId);
    const expected = stream?.nextRevision ?? 0n;
    if (event.revision > expected) {
      const missing = event.revision - 1n === expected ? `revision ${expected.toString()} is missing` : `revisions ${expected.toString()}-${(event.revision - 1n).toString()} are missing`;
      found.push(finding('stream-revisions', event, `${missing} before it (removed?)`));
    } else if (event.revision < expected) {
      found.push(finding('stream-revisions', event, `revision ${event.revision.toString()} again after ${(expected - 1n).toString()} (inserted?)`));
    }
    this.seen.set(event.streamId, { nextRevision: event.revision >= expected ? event.revision + 1n : expected, lastHash: event.metadata.hash ?? null });
    const problem = schemaProblem(readable);
    if (problem !== undefined) found.push(finding('event-schema', event, problem));
    const broken = chainProblem(event, stream?.lastHash ?? null);
    if (broken !== undefined) found.push(finding('hash-chain', event, broken));
    return found;
  }

  get streams(): number {
    return this.seen.size;
  }
}
