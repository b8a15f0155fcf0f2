import type { SampledFigure } from './lag-sampler.js';
import type { LoadResult } from './load-protocol.js';
import type { OrderFigures } from './order-figures.js';

/** Everything measured in one step of the run. */
export interface StepFigures {
  readonly rate: number;
  readonly load: LoadResult;
  /** Events appended per second over the step (Postgres event store only). */
  readonly eventsPerSecond: number | undefined;
  /** Transactions per second of the system's Postgres database over the step (Postgres event store only; the read models share it). */
  readonly transactionsPerSecond: number | undefined;
  readonly orders: OrderFigures | undefined;
  /** Per lag series (projection, `kafka-bridge`, `recommendations`): p99 and max in ms of the per-second samples. */
  readonly lags: ReadonlyMap<string, SampledFigure>;
  /** Per serving process: its event loop delay (p99 over each second), p99 and max in ms of those. */
  readonly eventLoopDelays: ReadonlyMap<string, SampledFigure>;
  readonly scrapeFailures: number;
  /** Seconds after the load stopped until every order placed in the step had an outcome (or the wait gave up). */
  readonly drainSeconds: number;
  readonly processes: readonly { name: string; cpuPercent: number; rssMiB: number }[];
}

/** The targets of the issue, checked at the step offering 1,000 requests/s. */
export const TARGETS = { rate: 1_000, commandP99: 50, queryP99: 20, projectionLagP99: 500, confirmationP99: 1_000 } as const;
