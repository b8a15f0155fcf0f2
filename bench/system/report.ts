import { formatNumber, formatTable } from '../support/stats.js';
import { cpus } from 'node:os';
import type { SampledFigure } from './lag-sampler.js';
import { MACHINE } from './process-stats.js';
import { TARGETS, type StepFigures } from './step-figures.js';

export interface RunContext {
  readonly eventStore: string;
  readonly seconds: number;
  readonly date: string;
  readonly commit: string;
  readonly machine: string;
  readonly seeded: string;
  readonly mix: string;
}

const ms = (value: number | undefined): string => (value === undefined ? 'n/a' : formatNumber(value, 1));
const verdict = (met: boolean): string => (met ? 'met' : '**missed**');

/** Worst p99 among the projections: the read models, the saga's intake, recommendations, analytics (the bridge aside). */
function worstProjectionLag(step: StepFigures): { name: string; p99: number } {
  let worst = { name: 'n/a', p99: Number.NaN };
  for (const [name, lag] of step.lags) if (name !== 'kafka-bridge' && !(lag.p99 <= worst.p99)) worst = { name, p99: lag.p99 };
  return worst;
}

export function loadTable(steps: readonly StepFigures[]): string {
  return formatTable(
    ['offered/s', 'achieved/s', 'requests', 'cmd p50 ms', 'cmd p95 ms', 'cmd p99 ms', 'query p50 ms', 'query p95 ms', 'query p99 ms', 'errors', 'expected 4xx', 'events/s', 'pg xacts/s', 'pg xacts / request'],
    steps.map((step) => [
      formatNumber(step.rate),
      formatNumber((step.load.ok + step.load.expected4xx) / step.load.seconds),
      formatNumber(step.load.sent),
      ms(step.load.commands.p50),
      ms(step.load.commands.p95),
      ms(step.load.commands.p99),
      ms(step.load.queries.p50),
      ms(step.load.queries.p95),
      ms(step.load.queries.p99),
      formatNumber(step.load.errors),
      formatNumber(step.load.expected4xx),
      step.eventsPerSecond === undefined ? 'n/a' : formatNumber(step.eventsPerSecond),
      step.transactionsPerSecond === undefined ? 'n/a' : formatNumber(step.transactionsPerSecond),
      step.transactionsPerSecond === undefined ? 'n/a' : formatNumber(step.transactionsPerSecond / ((step.load.ok + step.load.expected4xx + step.load.errors) / step.load.seconds), 1),
    ]),
  );
}

export function ordersTable(steps: readonly StepFigures[]): string {
  return formatTable(
    ['offered/s', 'orders placed', 'confirmed', 'cancelled', 'rejected', 'unresolved', 'confirm p50 ms', 'confirm p99 ms', 'drain s'],
    steps.map((step) => [
      formatNumber(step.rate),
      formatNumber(step.orders?.placed ?? step.load.ordersPlaced),
      step.orders === undefined ? 'n/a' : formatNumber(step.orders.confirmed),
      step.orders === undefined ? 'n/a' : formatNumber(step.orders.cancelled),
      step.orders === undefined ? 'n/a' : formatNumber(step.orders.rejected),
      step.orders === undefined ? 'n/a' : formatNumber(step.orders.unresolved),
      ms(step.orders?.confirmationP50),
      ms(step.orders?.confirmationP99),
      formatNumber(step.drainSeconds, 1),
    ]),
  );
}

/** One row per name, one column per step: p99 / max of the sampled figure. */
function sampledTable(steps: readonly StepFigures[], heading: string, figures: (step: StepFigures) => ReadonlyMap<string, SampledFigure>): string {
  const names = [...new Set(steps.flatMap((step) => [...figures(step).keys()]))].sort();
  return formatTable(
    [heading, ...steps.map((step) => `${formatNumber(step.rate)}/s`)],
    names.map((name) => [name, ...steps.map((step) => {
      const figure = figures(step).get(name);
      return figure === undefined ? 'n/a' : `${formatNumber(figure.p99)} / ${formatNumber(figure.max)}`;
    })]),
  );
}

export const lagTable = (steps: readonly StepFigures[]): string => sampledTable(steps, 'lag p99 / max ms', (step) => step.lags);

export const eventLoopTable = (steps: readonly StepFigures[]): string => sampledTable(steps, 'event loop delay p99 / max ms', (step) => step.eventLoopDelays);

/** Latency of each kind of request of the mix, per step. */
export function requestTable(steps: readonly StepFigures[]): string {
  const names = [...new Set(steps.flatMap((step) => Object.keys(step.load.byRequest)))].sort();
  return formatTable(
    ['request: p50 / p99 ms', ...steps.map((step) => `${formatNumber(step.rate)}/s`)],
    names.map((name) => [name, ...steps.map((step) => {
      const latency = step.load.byRequest[name];
      return latency === undefined ? 'n/a' : `${ms(latency.p50)} / ${ms(latency.p99)}`;
    })]),
  );
}

export function processTable(steps: readonly StepFigures[]): string {
  const names = [...new Set(steps.flatMap((step) => step.processes.map((process) => process.name)))];
  return formatTable(
    ['process: CPU % of a core / RSS MiB', ...steps.map((step) => `${formatNumber(step.rate)}/s`)],
    names.map((name) => [name, ...steps.map((step) => {
      const process = step.processes.find((candidate) => candidate.name === name);
      return process === undefined ? 'n/a' : `${formatNumber(process.cpuPercent)} / ${formatNumber(process.rssMiB)}`;
    })]),
  );
}

export function errorLines(steps: readonly StepFigures[]): string {
  const lines = steps
    .filter((step) => step.load.errors > 0 || step.scrapeFailures > 0)
    .map((step) => {
      const kinds = Object.entries(step.load.errorsByKind).sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${kind}: ${formatNumber(count)}`);
      return `- ${formatNumber(step.rate)}/s: ${kinds.join(', ') || 'none'}${step.scrapeFailures > 0 ? `; ${step.scrapeFailures} /metrics scrapes failed` : ''}`;
    });
  return lines.length === 0 ? 'No errors in any step.' : `Errors by request and status:\n\n${lines.join('\n')}`;
}

/** The targets against the step that offered 1,000 requests/s (or none). */
export function targetLines(steps: readonly StepFigures[]): string {
  const step = steps.find((candidate) => candidate.rate === TARGETS.rate);
  if (step === undefined) return `Targets (at ${formatNumber(TARGETS.rate)} requests/s): not checked, no step offered that rate.`;
  const lag = worstProjectionLag(step);
  const achieved = (step.load.ok + step.load.expected4xx) / step.load.seconds;
  const confirmation = step.orders?.confirmationP99;
  return [
    `Targets at ${formatNumber(TARGETS.rate)} requests/s offered:`,
    '',
    `- throughput ${formatNumber(TARGETS.rate)}/s: ${formatNumber(achieved)}/s answered, ${verdict(achieved >= TARGETS.rate * 0.98)}`,
    `- command p99 < ${TARGETS.commandP99} ms: ${ms(step.load.commands.p99)} ms, ${verdict(step.load.commands.p99 < TARGETS.commandP99)}`,
    `- query p99 < ${TARGETS.queryP99} ms: ${ms(step.load.queries.p99)} ms, ${verdict(step.load.queries.p99 < TARGETS.queryP99)}`,
    `- projection lag p99 < ${TARGETS.projectionLagP99} ms: worst ${ms(lag.p99)} ms (${lag.name}), ${verdict(lag.p99 < TARGETS.projectionLagP99)}`,
    `- order confirmation p99 < ${formatNumber(TARGETS.confirmationP99)} ms: ${ms(confirmation)} ms, ${confirmation === undefined ? 'not measured' : verdict(confirmation < TARGETS.confirmationP99)}`,
    `- no errors: ${formatNumber(step.load.errors)}, ${verdict(step.load.errors === 0)}`,
  ].join('\n');
}

/** The whole report, as printed and as written to BENCHMARKS.md. */
export function renderReport(steps: readonly StepFigures[], context: RunContext): string {
  return [
    `## Whole system under a storefront mix (\`npm run bench:system\`, ${context.eventStore} event store)`,
    '',
    `${context.date}, commit ${context.commit}; ${context.machine}. ${formatNumber(context.seconds)} s a step.`,
    '',
    context.seeded,
    '',
    context.mix,
    '',
    loadTable(steps),
    '',
    'Latency counts from the planned send time (open loop); "errors" are answers outside the mix\'s expectations (5xx, unexpected 4xx, timeouts); "expected 4xx" are 409 for a repeated review or an order no longer cancellable and 404 for an order not yet in its read model. Events/s: rows of `es_events` recorded during the step. pg xacts: transactions of the system\'s database (event store and read models; each statement outside a transaction is one) from `pg_stat_database`, every process\'s, per second and per request offered.',
    '',
    requestTable(steps),
    '',
    'Per kind of request of the mix, from the planned send time.',
    '',
    ordersTable(steps),
    '',
    'Orders placed during the step, from the event store (OrderPlaced → first of OrderConfirmed / OrderCancelled / OrderRejected, by `recorded_at`), read once they all ended or 30 s after the step ("drain"). A tenth pay with `tok_declined` (cancelled).',
    '',
    lagTable(steps),
    '',
    'Lags sampled once a second from `/metrics` of every process (`shopverse_projection_lag_seconds{projection}`, `shopverse_kafka_bridge_lag_seconds`, `shopverse_recommendations_lag_seconds`, `shopverse_analytics_lag_seconds`). A gauge of seconds behind at a scrape, so p99 of 1-second samples, not per event.',
    '',
    eventLoopTable(steps),
    '',
    'Event loop delay of each serving process (`shopverse_nodejs_eventloop_lag_p99_seconds`, the p99 since the previous scrape, scraped once a second): time a ready callback waited for the thread.',
    '',
    processTable(steps),
    '',
    `CPU over the step (100 = one core), RSS at its end, from /proc. Postgres sums every backend of the server (other databases' too) and double-counts shared memory in RSS. "${MACHINE}": busy time of every core from /proc/stat (${cpus().length * 100} = every core busy), memory in use.`,
    '',
    errorLines(steps),
    '',
    targetLines(steps),
    '',
  ].join('\n');
}
