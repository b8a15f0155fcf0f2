import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import { InvalidRequestError } from './conversions.js';
import type { RecordedEvent } from './model.js';

/** EventStoreDB's read batch size: the search window when a filter asks for `count` instead of `max`. */
const DEFAULT_SEARCH_WINDOW = 32;

/** A server-side `$all` filter, and how many considered events separate two checkpoints of a filtered subscription. */
export interface RecordFilter {
  matches(record: RecordedEvent): boolean;
  readonly checkpointInterval: number;
}

/**
 * On the stream name or the event type; a non-empty regex wins over prefixes, as in EventStoreDB.
 * The regex is unanchored (.NET's Regex.IsMatch); JavaScript's syntax stands in for .NET's.
 */
export function recordFilter(options: Streams.ReadReq.Options.FilterOptions): RecordFilter {
  const expression = options.getStreamIdentifier() ?? options.getEventType();
  if (expression === undefined) throw new InvalidRequestError('filter without expression');
  const field = options.hasStreamIdentifier() ? (record: RecordedEvent) => record.streamName : (record: RecordedEvent) => record.type;
  const test = matcher(expression);
  const multiplier = options.getCheckpointintervalmultiplier();
  if (multiplier <= 0) throw new InvalidRequestError('checkpointIntervalMultiplier must be positive');
  const window = options.hasMax() ? options.getMax() : DEFAULT_SEARCH_WINDOW;
  return { matches: (record) => test(field(record)), checkpointInterval: window * multiplier };
}

function matcher(expression: Streams.ReadReq.Options.FilterOptions.Expression): (value: string) => boolean {
  const regex = expression.getRegex();
  if (regex !== '') {
    const pattern = new RegExp(regex);
    return (value) => pattern.test(value);
  }
  const prefixes = expression.getPrefixList();
  return (value) => prefixes.some((prefix) => value.startsWith(prefix));
}
