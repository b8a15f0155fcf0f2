import { Counter, Gauge, type Registry } from 'prom-client';
import type { HealthCheck, ProjectionReadiness } from '../../infra/http/health.js';
import { leaderReadiness, registerConsumerGauges, whileLeading } from '../runner/consumer-readiness.js';
import type { KafkaBridge } from './kafka-bridge.js';

/**
 * Kafka as readiness sees it: down while the bridge is paused on a batch Kafka would not take. The
 * bridge's own view, not a probe: it notices an outage with the next event it has to publish.
 */
export function bridgeHealthCheck(bridge: KafkaBridge, brokers: readonly string[]): HealthCheck {
  return {
    name: 'kafka',
    adapter: `kafka ${brokers.join(',')}`,
    check() {
      const { pausedSince } = bridge.status();
      if (pausedSince === undefined) return Promise.resolve();
      return Promise.reject(new Error(`the Kafka bridge is paused since ${pausedSince.toISOString()}: Kafka does not acknowledge`));
    },
  };
}

/** The bridge among the projections of readiness, while this process runs it (not ready when far behind). */
export function bridgeReadiness(bridge: KafkaBridge): ProjectionReadiness[] {
  return leaderReadiness(bridge.status());
}

export function registerBridgeMetrics(bridge: KafkaBridge, registry: Registry): void {
  const leading = whileLeading(() => bridge.status());
  new Gauge({
    name: 'shopverse_kafka_bridge_paused',
    help: '1 while the Kafka bridge waits for Kafka to take a batch again, else 0',
    registers: [registry],
    collect() {
      this.set(leading()?.paused === true ? 1 : 0);
    },
  });
  registerConsumerGauges(
    registry,
    'shopverse_kafka_bridge',
    {
      lag: 'How long the oldest event received but not yet acknowledged by Kafka has waited',
      position: 'The position of the last event Kafka acknowledged (the checkpoint)',
    },
    leading,
  );
  // The bridge counts; a scrape reports its totals (a restart of the process starts them again, as counters may).
  new Counter({
    name: 'shopverse_kafka_bridge_published_total',
    help: 'Events Kafka acknowledged (repeats after a failure included)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(bridge.status().published);
    },
  });
  new Counter({
    name: 'shopverse_kafka_bridge_dead_letters_total',
    help: 'Events the broker refused, sent to the dead-letter topic instead',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(bridge.status().deadLettered);
    },
  });
}
