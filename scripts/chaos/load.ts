import type { HttpClient } from './http-client.js';
import { sleep } from './log.js';
import type { Storefront } from './storefront.js';

/**
 * Open-loop load: visits start at a steady rate whatever the answers' speed (customers do not wait
 * for each other); past `maxInFlight` visits in progress (a long outage), new ones are skipped and counted.
 */
export class OpenLoopLoad {
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  started = 0;
  skipped = 0;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly storefront: Storefront,
    private readonly http: HttpClient,
    private readonly visitsPerSecond: number,
    private readonly maxInFlight = 400,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Stops starting visits and waits for those in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async run(): Promise<void> {
    const interval = 1000 / this.visitsPerSecond;
    const begin = performance.now();
    for (let n = 0; !this.stopped; n++) {
      const wait = begin + n * interval - performance.now();
      if (wait > 1) await sleep(wait);
      if (this.inFlight.size >= this.maxInFlight) {
        this.skipped++;
        continue;
      }
      this.started++;
      const visit = this.storefront.visit(this.http).catch(() => undefined);
      this.inFlight.add(visit);
      void visit.finally(() => this.inFlight.delete(visit));
    }
  }
}
