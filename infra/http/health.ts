import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** A dependency the process needs; `check` rejects when it is down. */
export interface HealthCheck {
  readonly name: string;
  /** Which adapter serves it, e.g. `pglite ./.shopverse/pgdata`. */
  readonly adapter: string;
  check(): Promise<void>;
}

/** How far a projection this process runs lags behind the events it has received. */
export interface ProjectionReadiness {
  readonly name: string;
  /** Whether this process runs it now (another process holds its lease otherwise). */
  readonly running: boolean;
  readonly position: string;
  readonly lagSeconds: number;
}

const CHECK_TIMEOUT_MS = 2_000;
/** A read model further behind than this makes the process not ready: its answers would be stale. */
export const MAX_READY_LAG_SECONDS = 30;

const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  dependencies: z.array(z.object({ name: z.string(), adapter: z.string(), status: z.enum(['up', 'down']), detail: z.string().optional() })),
  projections: z.array(z.object({ name: z.string(), running: z.boolean(), position: z.string(), lagSeconds: z.number() })),
});

async function probe(check: HealthCheck): Promise<z.infer<typeof ReadinessSchema>['dependencies'][number]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name: check.name, adapter: check.adapter, status: 'up' };
  } catch (error) {
    return { name: check.name, adapter: check.adapter, status: 'down', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(checks: readonly HealthCheck[], projections: () => readonly ProjectionReadiness[] = () => []): FastifyPluginAsync {
  return async (app) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get('/health/live', { schema: { tags: ['operations'], response: { 200: z.object({ status: z.literal('live') }) } } }, () => ({ status: 'live' as const }));
    routes.get(
      '/health/ready',
      { schema: { tags: ['operations'], response: { 200: ReadinessSchema, 503: ReadinessSchema } } },
      async (_request, reply) => {
        const dependencies = await Promise.all(checks.map(probe));
        const lags = projections();
        const ready = dependencies.every((dependency) => dependency.status === 'up') && lags.every((lag) => lag.lagSeconds <= MAX_READY_LAG_SECONDS);
        return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', dependencies, projections: [...lags] });
      },
    );
    await Promise.resolve();
  };
}
