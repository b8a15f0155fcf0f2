import { withoutPersonalData } from '../../domain/event-catalogue.js';
import type { Projection } from '../../projections/projection.js';
import { traceparentIn } from '../../infra/tracing/traceparent.js';
import { decodeIfKnown } from '../../projections/runner/decode.js';
import { sagaEvents } from './saga-events.js';
import { enqueueJobs, sagaJobsSchema, type NewJob } from './saga-jobs.js';

/**
 * The order saga's intake, run by the projection runner (lease, checkpoint, retries, parking): each
 * event it reacts to becomes a job in the same transaction as the checkpoint. The job worker does the
 * work outside any transaction, since it writes to the event store (which may be this very database).
 */
export const orderSagaProjection: Projection = {
  name: 'order-saga',
  schema: sagaJobsSchema,
  // Nothing to swap on a rebuild: the jobs are the saga's inbox and state, not a read model.
  tables: [],
  async apply(tx, events) {
    const jobs: NewJob[] = [];
    for (const recorded of events) {
      const event = decodeIfKnown(sagaEvents, recorded);
      if (event === undefined) continue;
      jobs.push({
        id: recorded.eventId,
        orderId: event.data.orderId,
        kind: 'react',
        position: recorded.position,
        dueInMs: 0,
        // The saga needs nobody's name or address, and its jobs outlive their erasure.
        payload: { type: event.type, data: withoutPersonalData(event.type, event.data) },
        correlationId: recorded.metadata.correlationId,
        causationId: recorded.eventId,
        traceparent: traceparentIn(recorded.metadata),
      });
    }
    await enqueueJobs(tx, jobs);
  },
};
