import { Gauge, type Registry } from 'prom-client';
import type { ProjectionReadiness } from '../../infra/http/health.js';
import { leaderReadiness } from '../runner/consumer-readiness.js';
import type { RecommendationsProjection } from './projection.js';

/**
 * The projection among the projections of readiness, while this process runs it. Redis itself is no
 * readiness dependency: the recommendation routes answer from Postgres while it is down.
 */
export function recommendationsReadiness(projection: RecommendationsProjection): ProjectionReadiness[] {
  return leaderReadiness(projection.status());
}

export function registerRecommendationsMetrics(projection: RecommendationsProjection, registry: Registry): void {
  const leading = () => {
    const status = projection.status();
    return status.leader ? status : undefined;
  };
  new Gauge({
    name: 'shopverse_recommendations_redis_waiting',
    help: '1 while the recommendations projection waits for Redis to answer again, else 0',
    registers: [registry],
    collect() {
      this.set(leading()?.redisDownSince === undefined ? 0 : 1);
    },
  });
  new Gauge({
    name: 'shopverse_recommendations_lag_seconds',
    help: 'How long the oldest event received but not yet applied to the recommendations in Redis has waited',
    registers: [registry],
    collect() {
      this.set((leading()?.lagMs ?? 0) / 1_000);
    },
  });
  new Gauge({
    name: 'shopverse_recommendations_position',
    help: 'The position of the last event applied to the recommendations in Redis (their checkpoint)',
    registers: [registry],
    collect() {
      const status = leading();
      if (status !== undefined) this.set(Number(status.position));
    },
  });
}
