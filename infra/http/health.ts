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

const CHECK_TIMEOUT_MS = 2_000;

const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  dependencies: z.array(z.object({ name: z.string(), adapter: z.string(), status: z.enum(['up', 'down']), detail: z.string().optional() })),
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

export function healthRoutes(checks: readonly HealthCheck[]): FastifyPluginAsync {
  return async (app) => {
    const routes = app.withTypeProvider<ZodTypeProvider>();
    routes.get('/health/live', { schema: { tags: ['operations'], response: { 200: z.object({ status: z.literal('live') }) } } }, () => ({ status: 'live' as const }));
    routes.get(
      '/health/ready',
      { schema: { tags: ['operations'], response: { 200: ReadinessSchema, 503: ReadinessSchema } } },
      async (_request, reply) => {
        const dependencies = await Promise.all(checks.map(probe));
        const ready = dependencies.every((dependency) => dependency.status === 'up');
        return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', dependencies });
      },
    );
    await Promise.resolve();
  };
}
