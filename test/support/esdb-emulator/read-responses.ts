import type * as Streams from '@eventstore/db-client/generated/streams_pb.js';
import { streamIdentifier, uuidMessage } from './conversions.js';
import type { RecordedEvent } from './model.js';
import { streams } from './protocol.js';

/** An event as EventStoreDB ≥ 22.6 sends it, positions included for stream reads too. */
export function eventResponse(record: RecordedEvent, structuredUuids: boolean): Streams.ReadResp {
  const position = record.position.toString();
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.id, structuredUuids))
    .setStreamIdentifier(streamIdentifier(record.streamName))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(position)
    .setPreparePosition(position)
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  recorded.getMetadataMap().set('type', record.type).set('content-type', record.contentType).set('created', record.created.toString());
  return new streams.ReadResp().setEvent(new streams.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(position));
}

export function streamNotFoundResponse(streamName: string): Streams.ReadResp {
  return new streams.ReadResp().setStreamNotFound(new streams.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamName)));
}

export function confirmationResponse(subscriptionId: string): Streams.ReadResp {
  return new streams.ReadResp().setConfirmation(new streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));
}

export function caughtUpResponse(): Streams.ReadResp {
  return new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp());
}

export function checkpointResponse(position: bigint): Streams.ReadResp {
  const value = position.toString();
  return new streams.ReadResp().setCheckpoint(new streams.ReadResp.Checkpoint().setCommitPosition(value).setPreparePosition(value));
}
