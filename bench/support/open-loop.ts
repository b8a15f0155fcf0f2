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
 * Calls `send` `ratePerSecond × seconds` times, evenly spaced whatever the answers' speed (an open
 * loop, as a shop's customers arrive), each call given its planned send time to count latency from,
 * so a server that falls behind shows it. Resolves once every call has: how many, and how long it took.
 */
export async function atFixedRate(ratePerSecond: number, seconds: number, send: (planned: number) => Promise<void>): Promise<{ sent: number; seconds: number }> {
  const total = Math.round(ratePerSecond * seconds);
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const planned = started + n * interval;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(planned));
  }
  await Promise.all(inFlight);
  return { sent: total, seconds: (performance.now() - started) / 1000 };
}

/** Offers requests at a fixed rate (`atFixedRate`) over a pool of keep-alive connections. */
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
  const { sent, seconds } = await atFixedRate(options.ratePerSecond, options.seconds, (planned) =>
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
  await pool.close();
  return { sent, accepted, failed, seconds, p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99) };
}
