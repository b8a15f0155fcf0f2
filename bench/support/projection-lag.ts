import type { RecordingPositions } from './recording-positions.js';
import type { TimedAppend } from './steady-writer.js';

export interface LagSamples {
  /** Per event, ms from its planned send time until that read model applied it; by projection name. */
  readonly byProjection: ReadonlyMap<string, number[]>;
  /** Per event, until every read model had applied it. */
  readonly allReadModels: number[];
  /** Per event, ms from its planned send time until its append was acknowledged. */
  readonly acknowledged: number[];
}

/** Each event's lag, one sample per event (an append's events become visible in one commit). */
export function lagSamples(written: readonly TimedAppend[], positions: RecordingPositions, projections: readonly string[]): LagSamples {
  const byProjection = new Map(projections.map((name) => [name, [] as number[]]));
  const allReadModels: number[] = [];
  const acknowledged: number[] = [];
  for (const append of written) {
    const lags = projections.map((name) => {
      const applied = positions.appliedAt(name, append.position);
      if (applied === undefined) throw new Error(`${name} never applied position ${append.position}`);
      return applied - append.planned;
    });
    for (let event = 0; event < append.events; event++) {
      projections.forEach((name, index) => byProjection.get(name)?.push(lags[index] ?? Number.NaN));
      allReadModels.push(Math.max(...lags));
      acknowledged.push(append.acknowledged - append.planned);
    }
  }
  return { byProjection, allReadModels, acknowledged };
}
