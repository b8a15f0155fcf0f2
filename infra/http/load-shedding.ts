import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import { problem, sendProblem } from './problem.js';

/** Probes and scrapes are never shed nor counted: an overloaded process must still say how it is. */
const exempt = (url: string): boolean => url.startsWith('/health/') || url === '/metrics';

/**
 * At most `maxInFlight` requests are worked on at once; one more is answered 503 with Retry-After at
 * once, before authentication or anything else that costs. Past its capacity a process otherwise
 * queues work whose callers have given up by the time it is done, and what it answers collapses
 * (`npm run bench:system`: 458 answers/s at 500 offered, 237/s at 1,000). A request counts until its
 * response is finished or its connection closed.
 */
export function registerLoadShedding(app: FastifyInstance, registry: Registry, maxInFlight: number): void {
  let inFlight = 0;
  new Gauge({ name: 'shopverse_http_requests_in_flight', help: 'HTTP requests being worked on (probes and scrapes aside)', registers: [registry], collect() {
    this.set(inFlight);
  } });
  const shed = new Counter({ name: 'shopverse_http_requests_shed_total', help: `HTTP requests answered 503 at once because ${String(maxInFlight)} were being worked on`, registers: [registry] });
  app.addHook('onRequest', async (request, reply) => {
    if (exempt(request.url)) return;
    if (inFlight >= maxInFlight) {
      shed.inc();
      await sendProblem(reply.header('retry-after', '1'), problem(503, 'the service is at capacity; retry shortly'));
      return;
    }
    inFlight++;
    reply.raw.once('close', () => {
      inFlight--;
    });
  });
}
