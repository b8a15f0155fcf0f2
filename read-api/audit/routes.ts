import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readStreamIfExists } from '../../infra/event-store/read-stream-if-exists.js';
import { requireRoles } from '../../infra/http/auth.js';
import { problem, ProblemSchema, sendProblem } from '../../infra/http/problem.js';
import { pageOf, PageQuerySchema } from '../http/pagination.js';
import type { QueryDependencies } from '../http/query-dependencies.js';
import { MinPositionHeadersSchema, readsFrom } from '../http/read-your-writes.js';
import { auditEventOf, AuditEventSchema } from './audit-event.js';
import { AUDITED_AGGREGATE_NAMES, auditedAggregates } from './audited-aggregates.js';
import { searchEvents } from './event-search.js';
import { stateAsOf, type AsOf } from './state-as-of.js';

const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 503: ProblemSchema };
const auditors = { preValidation: [requireRoles('auditor', 'admin')] };
const IsoTimeSchema = z.iso.datetime({ offset: true });

const StateQuerySchema = z
  .object({
    at: IsoTimeSchema.optional().describe('the state as recorded by this time'),
    revision: z.coerce.number().int().nonnegative().optional().describe('the state after this revision of its stream'),
  })
  .refine((query) => query.at === undefined || query.revision === undefined, { error: 'give `at` or `revision`, not both', path: ['at'] });

const StateSchema = z.object({
  aggregate: z.enum(AUDITED_AGGREGATE_NAMES),
  id: z.string(),
  streamId: z.string(),
  revision: z.number().int().nonnegative().describe('the last event folded in'),
  recordedAt: z.string().describe('when that event was recorded'),
  occurredAt: z.string().describe('when it happened'),
  state: z.unknown().describe('as the write side’s own evolve folds it; secrets left out'),
});

/** Audit (API.md, "Audit"): the event history as recorded, for auditors and admins. */
export function auditRoutes(app: FastifyInstance, { db, positions, store }: QueryDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/audit/streams/:streamId',
    {
      ...auditors,
      schema: {
        tags: ['audit'],
        summary: "A stream's events from a revision on, with all their metadata (auditor, admin)",
        description: 'Read from the event store itself. Secrets (password and token hashes, card tokens) are left out of `data`.',
        security: [{ bearer: [] }],
        params: z.object({ streamId: z.string().min(1).max(300) }),
        querystring: z.object({
          fromRevision: z.coerce.number().int().nonnegative().default(0),
          limit: z.coerce.number().int().min(1).max(1_000).default(100),
        }),
        response: { 200: z.array(AuditEventSchema), ...errors },
      },
    },
    async (request, reply) => {
      const { fromRevision, limit } = request.query;
      const events = await readStreamIfExists(store, request.params.streamId, { fromRevision: BigInt(fromRevision), maxCount: limit });
      if (events === undefined) return sendProblem(reply, problem(404, 'no such stream'));
      return events.map(auditEventOf);
    },
  );

  routes.get(
    '/api/v1/audit/:aggregate/:id/state',
    {
      ...auditors,
      schema: {
        tags: ['audit'],
        summary: "An aggregate's state rebuilt from its events up to a time or a revision (auditor, admin)",
        description: 'Without `at` or `revision`: the current state. `at` compares with the time each event was recorded. A 404 when the aggregate had no event by then.',
        security: [{ bearer: [] }],
        params: z.object({ aggregate: z.enum(AUDITED_AGGREGATE_NAMES), id: z.string().min(1).max(200) }),
        querystring: StateQuerySchema,
        response: { 200: StateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { aggregate: name, id } = request.params;
      const { at, revision } = request.query;
      const aggregate = auditedAggregates[name];
      const streamId = aggregate.streamOf(id);
      const asOf: AsOf = revision !== undefined ? { revision: BigInt(revision) } : at !== undefined ? { at: new Date(at) } : { latest: true };
      const events = await readStreamIfExists(store, streamId, revision === undefined ? {} : { maxCount: revision + 1 });
      const rebuilt = events === undefined ? undefined : stateAsOf(aggregate, events, asOf);
      if (rebuilt === undefined) return sendProblem(reply, problem(404, events === undefined ? `no such ${name}` : `the ${name} had no event by then`));
      return { aggregate: name, id, streamId, ...rebuilt };
    },
  );

  routes.get(
    '/api/v1/audit/events',
    {
      ...auditors,
      preHandler: [readsFrom(positions, 'audit')],
      schema: {
        tags: ['audit'],
        summary: 'Events across all streams by correlation id, type and time recorded, oldest first (auditor, admin)',
        description: '`from` inclusive, `to` exclusive. Keyset pages (`nextCursor`).',
        security: [{ bearer: [] }],
        querystring: PageQuerySchema.extend({
          correlationId: z.string().min(1).max(200).optional(),
          type: z.string().min(1).max(200).optional(),
          from: IsoTimeSchema.optional(),
          to: IsoTimeSchema.optional(),
        }),
        headers: MinPositionHeadersSchema,
        response: { 200: pageOf(AuditEventSchema), ...errors },
      },
    },
    async (request) => {
      const { correlationId, type, from, to, limit, cursor } = request.query;
      return searchEvents(db, store, { correlationId, type, from: from === undefined ? undefined : new Date(from), to: to === undefined ? undefined : new Date(to), limit, cursor });
    },
  );
}
