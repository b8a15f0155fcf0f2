import { Pool } from 'undici';
import { percentile } from './stats.js';

export interface OpenLoopResult {
  readonly sent: number;
  readonly accepted: number;
  readonly failed: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/**
 * Offers requests at a fixed rate, evenly spaced, whatever the answers' speed (an open loop, as a shop's
 * customers arrive), over a pool of keep-alive connections; latency counts from the planned send time,
 * so a server that falls behind shows it.
 */
export async function openLoop(options: {
  readonly origin: string;
  readonly connections: number;
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly request: () => { method: 'POST'; path: string; headers: Record<string, string>; body: string };
}): Promise<OpenLoopResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  const latencies: number[] = [];
  let accepted = 0;
  let failed = 0;
  const total = Math.round(options.ratePerSecond * options.seconds);
  const interval = 1000 / options.ratePerSecond;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const planned = started + n * interval;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      pool.request(options.request()).then(
        async (response) => {
          await response.body.dump();
          latencies.push(performance.now() - planned);
          if (response.statusCode < 300) accepted++;
          else failed++;
        },
        () => {
          failed++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { sent: total, accepted, failed, seconds, p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99) };
}
