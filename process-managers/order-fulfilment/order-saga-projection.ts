import type { Projection } from '../../projections/projection.js';
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
        payload: { type: event.type, data: event.data },
        correlationId: recorded.metadata.correlationId,
        causationId: recorded.eventId,
      });
    }
    await enqueueJobs(tx, jobs);
  },
};
