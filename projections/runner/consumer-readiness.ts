import { Gauge, type Registry } from 'prom-client';
import type { ProjectionReadiness } from '../../infra/http/health.js';
import type { ConsumerStatus } from './checkpointed-consumer.js';

/** A consumer among the projections of readiness while this process runs it (another process does otherwise). */
export function leaderReadiness(status: ConsumerStatus): ProjectionReadiness[] {
  if (!status.leader) return [];
  return [{ name: status.name, running: status.running, position: status.position.toString(), lagSeconds: status.lagMs / 1_000 }];
}

/** Its status while this process runs it; undefined while another process does. */
export function whileLeading<Status extends ConsumerStatus>(status: () => Status): () => Status | undefined {
  return () => {
    const current = status();
    return current.leader ? current : undefined;
  };
}

/**
 * `<prefix>_lag_seconds` and `<prefix>_position` of a consumer with a metric family of its own (the
 * read models share labelled ones), reported while this process runs it.
 */
export function registerConsumerGauges(registry: Registry, prefix: string, what: { lag: string; position: string }, leading: () => ConsumerStatus | undefined): void {
  new Gauge({
    name: `${prefix}_lag_seconds`,
    help: what.lag,
    registers: [registry],
    collect() {
      this.set((leading()?.lagMs ?? 0) / 1_000);
    },
  });
  new Gauge({
    name: `${prefix}_position`,
    help: what.position,
    registers: [registry],
    collect() {
      const status = leading();
      if (status !== undefined) this.set(Number(status.position));
    },
  });
}
