import { ReadModelPositions } from '../../read-api/http/read-model-positions.js';

interface Announcements {
  readonly positions: bigint[];
  readonly times: number[];
}

/**
 * The read-your-writes positions, also noting when each runner announced each checkpoint: a runner
 * announces right after the commit that made a batch visible, so this is when its events were applied.
 */
export class RecordingPositions extends ReadModelPositions {
  private readonly announced = new Map<string, Announcements>();

  override announce(projection: string, position: bigint): void {
    let log = this.announced.get(projection);
    if (log === undefined) this.announced.set(projection, (log = { positions: [], times: [] }));
    log.positions.push(position);
    log.times.push(performance.now());
    super.announce(projection, position);
  }

  /** When `projection` first announced a checkpoint at or past `position` (checkpoints only grow), if it has. */
  appliedAt(projection: string, position: bigint): number | undefined {
    const log = this.announced.get(projection);
    if (log === undefined) return undefined;
    let low = 0;
    let high = log.positions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((log.positions[middle] ?? -1n) < position) low = middle + 1;
      else high = middle;
    }
    return log.times[low];
  }
}
