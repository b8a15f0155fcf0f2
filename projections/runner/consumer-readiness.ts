import type { ProjectionReadiness } from '../../infra/http/health.js';
import type { ConsumerStatus } from './checkpointed-consumer.js';

/** A consumer among the projections of readiness while this process runs it (another process does otherwise). */
export function leaderReadiness(status: ConsumerStatus): ProjectionReadiness[] {
  if (!status.leader) return [];
  return [{ name: status.name, running: status.running, position: status.position.toString(), lagSeconds: status.lagMs / 1_000 }];
}
