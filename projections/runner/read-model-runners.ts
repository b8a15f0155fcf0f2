import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { EventStore } from '../../infra/event-store/port.js';
import type { ProjectionReadiness } from '../../infra/http/health.js';
import type { SqlDatabase } from '../../infra/postgres/sql-database.js';
import type { ReadModelPositions } from '../../read-api/http/read-model-positions.js';
import type { Projection } from '../projection.js';
import { leaderReadiness } from './consumer-readiness.js';
import { storeBacklog, type BacklogAfter } from './event-backlog.js';
import { registerProjectionLag } from './projection-lag.js';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner.js';
import { installProjectionSchema } from './schema.js';

/** The runners of every read model in this process, with their lag for readiness and metrics. */
export class ReadModelRunners {
  private readonly runners: ProjectionRunner[];

  private constructor(runners: ProjectionRunner[]) {
    this.runners = runners;
  }

  /**
   * Creates the tables of these projections when missing (queries may read them before any runner ran),
   * and runners for those of them that `runs` accepts (default all); the runners start with `start`.
   */
  static async prepare(
    projections: readonly Projection[],
    deps: {
      store: EventStore;
      db: SqlDatabase;
      positions: ReadModelPositions;
      logger: Logger;
      metrics?: Registry;
      /** How the lag metrics count the events after a checkpoint; through the store's port by default. */
      backlog?: BacklogAfter;
    },
    options?: ProjectionRunnerOptions,
    runs: (projection: Projection) => boolean = () => true,
  ): Promise<ReadModelRunners> {
    for (const projection of projections) await installProjectionSchema(deps.db, projection);
    const runners = new ReadModelRunners(projections.filter(runs).map((projection) => new ProjectionRunner(projection, deps.store, deps.db, deps.positions, deps.logger, options)));
    if (deps.metrics !== undefined) {
      runners.registerMetrics(deps.metrics);
      // Of every projection prepared here, run here or not: the lag is read from the shared checkpoints.
      const names = projections.map((projection) => projection.name);
      registerProjectionLag(deps.metrics, deps.db, names, deps.backlog ?? storeBacklog(deps.store), deps.logger);
    }
    return runners;
  }

  start(): void {
    for (const runner of this.runners) runner.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  /** The projections this process runs now (it holds their leases). */
  readiness(): ProjectionReadiness[] {
    return this.runners.flatMap((runner) => leaderReadiness(runner.status()));
  }

  private registerMetrics(registry: Registry): void {
    const statuses = () => this.runners.map((runner) => runner.status()).filter((status) => status.leader);
    new Gauge({
      name: 'shopverse_projection_position',
      help: 'The position of the last event applied, per projection run by this process',
      labelNames: ['projection'],
      registers: [registry],
      collect() {
        for (const status of statuses()) this.set({ projection: status.name }, Number(status.position));
      },
    });
  }
}
