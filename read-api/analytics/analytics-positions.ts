import type { AnalyticsDatabase } from '../../projections/analytics/analytics-database.js';
import type { ReadModelPositions } from '../http/read-model-positions.js';
import { configured } from './configured.js';

/** How often a query waiting for `X-Min-Position` looks at the checkpoint again. */
const POLL_MS = 50;

/** How far the analytics facts have got: the projection's checkpoint in ClickHouse, for read-your-writes. */
export class AnalyticsPositions implements Pick<ReadModelPositions, 'positionOf' | 'waitFor'> {
  constructor(private readonly analytics: AnalyticsDatabase | undefined) {}

  async positionOf(): Promise<bigint> {
    return (await configured(this.analytics)).checkpoint.read();
  }

  async waitFor(_projections: readonly string[], position: bigint, timeoutMs: number): Promise<bigint | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reached = await this.positionOf();
      if (reached >= position) return reached;
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, deadline - Date.now())));
    }
  }
}
