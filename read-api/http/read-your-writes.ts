import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { problem, sendProblem } from '../../infra/http/problem.js';
import type { ReadModelPositions } from './read-model-positions.js';

export const MIN_POSITION_HEADER = 'x-min-position';
export const PROJECTION_POSITION_HEADER = 'x-projection-position';
/** API.md: a query waits at most 5 s for its read model to reach `X-Min-Position`. */
export const MIN_POSITION_WAIT_MS = 5_000;

/** Documents and validates `X-Min-Position` on every query route (merge into a route's `headers`). */
export const MinPositionHeadersSchema = z.object({
  [MIN_POSITION_HEADER]: z
    .string()
    .regex(/^-?\d{1,20}$/, 'a global position as a decimal string')
    .optional()
    .describe('wait (at most 5 s) until the read model has processed this position, e.g. the `position` a command answered'),
});

/**
 * Route pre-handler for a query on these projections' read models: honours `X-Min-Position` (503 with
 * Retry-After when the read model does not get there in time) and sets `X-Projection-Position`.
 */
export function readsFrom(positions: Pick<ReadModelPositions, 'positionOf' | 'waitFor'>, ...projections: readonly string[]): preHandlerAsyncHookHandler {
  return async function readYourWrites(request: FastifyRequest, reply: FastifyReply) {
    const wanted = request.headers[MIN_POSITION_HEADER];
    let reached: bigint | undefined;
    if (typeof wanted === 'string' && /^-?\d{1,20}$/.test(wanted)) {
      reached = await positions.waitFor(projections, BigInt(wanted), MIN_POSITION_WAIT_MS);
      if (reached === undefined) {
        await sendProblem(reply.header('retry-after', '1'), problem(503, `the read model has not reached position ${wanted} yet; retry shortly`));
        return;
      }
    } else {
      reached = await positions.positionOf(projections);
    }
    reply.header(PROJECTION_POSITION_HEADER, reached.toString());
  };
}
