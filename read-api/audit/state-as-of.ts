import { decodeEvents } from '../../command-handlers/event-codec.js';
import { withheldFieldNames } from '../../domain/event-catalogue.js';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import type { AuditedAggregate } from './audited-aggregates.js';

/** Up to where: a revision of the stream (inclusive), or a time the events must have been recorded by. */
export type AsOf = { readonly revision: bigint } | { readonly at: Date } | { readonly latest: true };

export interface StateAsOf {
  /** The last event folded in. */
  readonly revision: number;
  readonly recordedAt: string;
  readonly occurredAt: string;
  readonly state: unknown;
}

function includes(asOf: AsOf, event: RecordedEvent): boolean {
  if ('revision' in asOf) return event.revision <= asOf.revision;
  if ('at' in asOf) return event.recordedAt.getTime() <= asOf.at.getTime();
  return true;
}

/** State as JSON: sets as arrays, maps as objects, big integers as decimal strings, and no withheld (secret) field. */
function asJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Set) return [...value].map(asJson);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, inner]) => [String(key), asJson(inner)]));
  if (Array.isArray(value)) return value.map(asJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (withheldFieldNames.has(key) ? [] : [[key, asJson(inner)]])));
  }
  return value;
}

/**
 * The aggregate's state after its events up to `asOf`, folded by the write side's own `evolve`;
 * undefined when no event of the stream is that early.
 */
export function stateAsOf(aggregate: AuditedAggregate, stream: readonly RecordedEvent[], asOf: AsOf): StateAsOf | undefined {
  const included = stream.filter((event) => includes(asOf, event));
  const last = included.at(-1);
  if (last === undefined) return undefined;
  const state = decodeEvents(aggregate.events, included).reduce(aggregate.evolve, aggregate.initialState);
  return { revision: Number(last.revision), recordedAt: last.recordedAt.toISOString(), occurredAt: last.metadata.occurredAt, state: asJson(state) };
}
