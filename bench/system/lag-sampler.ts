import { percentile } from '../support/stats.js';

/** The lag gauges sampled (seconds): every projection's, the Kafka bridge's, the recommendations', analytics'. */
const LAG_LINE = /^(shopverse_projection_lag_seconds\{projection="([^"]+)"\}|shopverse_kafka_bridge_lag_seconds|shopverse_recommendations_lag_seconds|shopverse_analytics_lag_seconds)\s+(\S+)$/;

/** The series' short name: the projection, or `kafka-bridge` / `recommendations` / `analytics`. */
function seriesName(metric: string, projection: string | undefined): string {
  if (projection !== undefined) return projection;
  if (metric === 'shopverse_kafka_bridge_lag_seconds') return 'kafka-bridge';
  return metric === 'shopverse_analytics_lag_seconds' ? 'analytics' : 'recommendations';
}

const EVENT_LOOP_LINE = /^shopverse_nodejs_eventloop_lag_p99_seconds\s+(\S+)$/m;

/** The process's event loop delay p99 since its last scrape (prom-client resets it at each), in seconds. */
export function parseEventLoopDelay(text: string): number | undefined {
  const value = Number(EVENT_LOOP_LINE.exec(text)?.[1]);
  return Number.isFinite(value) ? value : undefined;
}

/** The lag gauges of one `/metrics` text, by series. */
export function parseLags(text: string): Map<string, number> {
  const lags = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = LAG_LINE.exec(line);
    if (match === null) continue;
    const value = Number(match[3]);
    if (Number.isFinite(value)) lags.set(seriesName(match[1] ?? '', match[2]), value);
  }
  return lags;
}

export interface SampledFigure {
  readonly p99: number;
  readonly max: number;
  readonly samples: number;
}

const summarised = (samples: ReadonlyMap<string, readonly number[]>): Map<string, SampledFigure> =>
  new Map([...samples].map(([name, values]) => [name, { p99: percentile(values, 99), max: Math.max(...values), samples: values.length }]));

/**
 * Scrapes `/metrics` of every serving process once a second; per series, the highest value any process
 * reported at a tick (the projection lags are read from shared checkpoints, so all report them; the
 * bridge's and the recommendations' only where they run).
 */
export class LagSampler {
  private readonly samples = new Map<string, number[]>();
  private readonly eventLoopSamples = new Map<string, number[]>();
  private timer: NodeJS.Timeout | undefined;
  private scrapeFailures = 0;

  constructor(private readonly processes: readonly { readonly name: string; readonly metricsUrl: string }[]) {}

  start(): void {
    this.samples.clear();
    this.eventLoopSamples.clear();
    this.scrapeFailures = 0;
    this.timer = setInterval(() => void this.tick(), 1_000);
  }

  private async tick(): Promise<void> {
    const texts = await Promise.all(
      this.processes.map(({ metricsUrl }) =>
        fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) }).then(
          (response) => response.text(),
          () => {
            this.scrapeFailures++;
            return '';
          },
        ),
      ),
    );
    texts.forEach((text, index) => {
      const delay = parseEventLoopDelay(text);
      const name = this.processes[index]?.name;
      if (delay === undefined || name === undefined) return;
      const series = this.eventLoopSamples.get(name) ?? [];
      series.push(delay * 1000);
      this.eventLoopSamples.set(name, series);
    });
    const highest = new Map<string, number>();
    for (const text of texts) for (const [name, value] of parseLags(text)) highest.set(name, Math.max(value, highest.get(name) ?? 0));
    for (const [name, value] of highest) {
      const series = this.samples.get(name) ?? [];
      series.push(value * 1000);
      this.samples.set(name, series);
    }
  }

  /**
   * Stops sampling: per lag series, and per process for its event loop delay (each sample the p99 over
   * a second), p99 and max of the samples in ms; and how many scrapes failed.
   */
  stop(): { lags: Map<string, SampledFigure>; eventLoopDelays: Map<string, SampledFigure>; scrapeFailures: number } {
    clearInterval(this.timer);
    return { lags: summarised(this.samples), eventLoopDelays: summarised(this.eventLoopSamples), scrapeFailures: this.scrapeFailures };
  }
}
