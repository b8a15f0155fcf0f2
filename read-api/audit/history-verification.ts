import { eventDefinitionOf } from '../../domain/event-catalogue.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';

/** Something wrong with the recorded history, naming where. */
export interface HistoryFinding {
  readonly check: 'stream-revisions' | 'event-schema';
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
  // No type has had a second version yet, so there is no upcaster to apply: any other version is unreadable.
  if (version !== definition.schemaVersion) return `schema version ${String(version)} of ${event.type}, which no upcaster turns into version ${String(definition.schemaVersion)}`;
  const parsed = definition.schema.safeParse(event.data);
  return parsed.success ? undefined : `data does not fit ${event.type} v${String(version)}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(data)'} ${issue.message}`).join('; ')}`;
}

/**
 * Checks the history as `$all` delivers it, one event at a time: each stream's revisions run
 * 0, 1, 2, … without a gap or a repeat (a removed or inserted event shows as one), and each event's
 * data still passes its type's schema.
 */
export class HistoryVerification {
  private readonly nextRevision = new Map<string, bigint>();

  check(event: RecordedEvent): HistoryFinding[] {
    const found: HistoryFinding[] = [];
    const expected = this.nextRevision.get(event.streamId) ?? 0n;
    if (event.revision > expected) {
      const missing = event.revision - 1n === expected ? `revision ${expected.toString()} is missing` : `revisions ${expected.toString()}-${(event.revision - 1n).toString()} are missing`;
      found.push(finding('stream-revisions', event, `${missing} before it (removed?)`));
    } else if (event.revision < expected) {
      found.push(finding('stream-revisions', event, `revision ${event.revision.toString()} again after ${(expected - 1n).toString()} (inserted?)`));
    }
    this.nextRevision.set(event.streamId, event.revision >= expected ? event.revision + 1n : expected);
    const problem = schemaProblem(event);
    if (problem !== undefined) found.push(finding('event-schema', event, problem));
    return found;
  }

  get streams(): number {
    return this.nextRevision.size;
  }
}
