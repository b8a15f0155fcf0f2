import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireRoles } from '../../infra/http/auth.js';
import { ProblemSchema } from '../../infra/http/problem.js';
import { ANALYTICS_PROJECTION } from '../../projections/analytics/tables.js';
import type { QueryDependencies } from '../http/query-dependencies.js';
import { MinPositionHeadersSchema, readsFrom } from '../http/read-your-writes.js';
import { AnalyticsPositions } from './analytics-positions.js';
import { configured } from './configured.js';
import { eventCounts, EventCountsSchema } from './event-counts.js';
import { funnel, FunnelSchema } from './funnel.js';
import { RangeQuerySchema, SeriesQuerySchema, TopQuerySchema } from './parameters.js';
import { salesSeries, SalesSchema } from './sales.js';
import { topProducts, TopProductsSchema } from './top-products.js';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  503: ProblemSchema.describe('ClickHouse is down (with Retry-After), or analytics is not configured (CLICKHOUSE_URL unset)'),
};

/** The dashboards (API.md, "Analytics"): admins only, from the facts in ClickHouse. */
export function analyticsQueryRoutes(app: FastifyInstance, { analytics }: QueryDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const access = {
    // Who may ask is settled before the input is validated, so an anonymous caller learns nothing from a 400.
    preValidation: [requireRoles('admin')],
    preHandler: [readsFrom(new AnalyticsPositions(analytics), ANALYTICS_PROJECTION)],
  };
  const clickhouse = async () => (await configured(analytics)).clickhouse;
  const about = (summary: string) => ({ tags: ['analytics'], summary, security: [{ bearer: [] }], headers: MinPositionHeadersSchema });

  routes.get(
    '/api/v1/analytics/sales',
    { ...access, schema: { ...about('Confirmed orders and their revenue per minute, hour or day (admin)'), querystring: SeriesQuerySchema, response: { 200: SalesSchema, ...errors } } },
    async (request) => salesSeries(await clickhouse(), request.query),
  );

  routes.get(
    '/api/v1/analytics/top-products',
    { ...access, schema: { ...about('The products sold most in confirmed orders (admin)'), querystring: TopQuerySchema, response: { 200: TopProductsSchema, ...errors } } },
    async (request) => topProducts(await clickhouse(), request.query),
  );

  routes.get(
    '/api/v1/analytics/funnel',
    { ...access, schema: { ...about('From product views to orders placed, confirmed and cancelled (admin)'), querystring: RangeQuerySchema, response: { 200: FunnelSchema, ...errors } } },
    async (request) => funnel(await clickhouse(), request.query),
  );

  routes.get(
    '/api/v1/analytics/events',
    { ...access, schema: { ...about('Events per type and minute, hour or day (admin)'), querystring: SeriesQuerySchema, response: { 200: EventCountsSchema, ...errors } } },
    async (request) => eventCounts(await clickhouse(), request.query),
  );
}
