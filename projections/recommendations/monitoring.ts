import { Gauge, type Registry } from 'prom-client';
import type { ProjectionReadiness } from '../../infra/http/health.js';
import { leaderReadiness, registerConsumerGauges, whileLeading } from '../runner/consumer-readiness.js';
import type { RecommendationsProjection } from './projection.js';

/**
 * The projection among the projections of readiness, while this process runs it. Redis itself is no
 * readiness dependency: the recommendation routes answer from Postgres while it is down.
 */
export function recommendationsReadiness(projection: RecommendationsProjection): ProjectionReadiness[] {
  return leaderReadiness(projection.status());
}

export function registerRecommendationsMetrics(projection: RecommendationsProjection, registry: Registry): void {
  const leading = whileLeading(() => projection.status());
  new Gauge({
    name: 'shopverse_recommendations_redis_waiting',
    help: '1 while the recommendations projection waits for Redis to answer again, else 0',
    registers: [registry],
    collect() {
      this.set(leading()?.redisDownSince === undefined ? 0 : 1);
    },
  });
  registerConsumerGauges(
    registry,
    'shopverse_recommendations',
    {
      lag: 'How long the oldest event received but not yet applied to the recommendations in Redis has waited',
      position: 'The position of the last event applied to the recommendations in Redis (their checkpoint)',
    },
    leading,
  );
}
