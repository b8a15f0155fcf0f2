import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import { InvalidRequestError, streamNameOf } from './conversions.js';
import { recordFilter, type RecordFilter } from './filter.js';
import { streams } from './protocol.js';

/** Where a read starts: a stream revision or a `$all` position, or either end. */
export type Start = 'start' | 'end' | bigint;

export type ReadSource = { readonly kind: 'stream'; readonly streamName: string; readonly from: Start } | { readonly kind: 'all'; readonly from: Start };

export interface ReadRequest {
  readonly source: ReadSource;
  readonly backwards: boolean;
  /** How many events a read returns; undefined for a subscription. */
  readonly count: number | undefined;
  readonly filter: RecordFilter | undefined;
  readonly structuredUuids: boolean;
}

/** Streams.Read options, checked as EventStoreDB checks them: subscriptions go forwards, filters apply to `$all` only. */
export function readRequest(request: Streams.ReadReq): ReadRequest {
  const options = request.getOptions();
  if (options === undefined) throw new InvalidRequestError('missing read options');
  const source = readSource(options);
  const backwards = options.getReadDirection() === streams.ReadReq.Options.ReadDirection.BACKWARDS;
  const count = options.hasCount() ? Number(options.getCount()) : undefined;
  if (count === undefined && !options.hasSubscription()) throw new InvalidRequestError('neither count nor subscription');
  if (count === undefined && backwards) throw new InvalidRequestError('subscriptions read forwards');
  const filterOptions = options.getFilter();
  if (filterOptions !== undefined && source.kind === 'stream') throw new InvalidRequestError('filters apply to $all only');
  return {
    source,
    backwards,
    count,
    filter: filterOptions === undefined ? undefined : recordFilter(filterOptions),
    structuredUuids: options.getUuidOption()?.hasStructured() ?? false,
  };
}

function readSource(options: Streams.ReadReq.Options): ReadSource {
  const stream = options.getStream();
  if (stream !== undefined) {
    const from = stream.hasStart() ? 'start' : stream.hasEnd() ? 'end' : BigInt(stream.getRevision());
    return { kind: 'stream', streamName: streamNameOf(stream.getStreamIdentifier()), from };
  }
  const all = options.getAll();
  if (all === undefined) throw new InvalidRequestError('read neither a stream nor $all');
  if (all.hasStart()) return { kind: 'all', from: 'start' };
  if (all.hasEnd()) return { kind: 'all', from: 'end' };
  const position = all.getPosition();
  if (position === undefined) throw new InvalidRequestError('missing $all position');
  // Commit and prepare positions are equal in this log; the commit position orders $all.
  return { kind: 'all', from: BigInt(position.getCommitPosition()) };
}
