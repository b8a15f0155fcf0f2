/**
 * The load generator of `bench/system.ts`, forked as a process of its own so that its CPU is not the
 * server's: it waits for a step on its IPC channel, offers the storefront mix at the step's rate in an
 * open loop (latency from the planned send time), and answers with the figures.
 */
import { Pool } from 'undici';
import { atFixedRate } from '../support/open-loop.js';
import { percentile } from '../support/stats.js';
import { type Latency, type LoadResult, LoadStepSchema, type LoadStep } from './load-protocol.js';
import { StorefrontMix } from './storefront-mix.js';

const REQUEST_TIMEOUT_MS = 30_000;

const latency = (samples: readonly number[]): Latency => ({ count: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) });

async function runStep(step: LoadStep): Promise<LoadResult> {
  const pool = new Pool(step.origin, { connections: step.connections, pipelining: 1, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS });
  const mix = new StorefrontMix(step);
  const samples = { command: [] as number[], query: [] as number[] };
  const byRequest = new Map<string, number[]>();
  const errorsByKind: Record<string, number> = {};
  let ok = 0;
  let expected4xx = 0;
  let errors = 0;
  const error = (kind: string): void => {
    errors++;
    errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
  };
  const { sent, seconds } = await atFixedRate(step.ratePerSecond, step.seconds, (planned) => {
    const request = mix.next();
    // Counted from the send, waiting for a connection included: a step never outlasts its seconds by more than this.
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    return pool.request({ method: request.method, path: request.path, headers: request.headers, signal, ...(request.body === undefined ? {} : { body: request.body }) }).then(
      async (response) => {
        const text = await response.body.text();
        const elapsed = performance.now() - planned;
        samples[request.kind].push(elapsed);
        const own = byRequest.get(request.name) ?? [];
        own.push(elapsed);
        byRequest.set(request.name, own);
        if (response.statusCode < 300) {
          ok++;
          request.onSuccess?.(text);
        } else if (request.expected.includes(response.statusCode)) expected4xx++;
        else error(`${request.name} ${response.statusCode}`);
      },
      (failure: unknown) => error(`${request.name} ${signal.aborted ? 'no answer in 30 s' : failure instanceof Error ? failure.name : 'failure'}`),
    );
  });
  await pool.close();
  return {
    sent,
    seconds,
    ok,
    expected4xx,
    errors,
    errorsByKind,
    commands: latency(samples.command),
    queries: latency(samples.query),
    byRequest: Object.fromEntries([...byRequest].map(([name, values]) => [name, latency(values)])),
    ordersPlaced: mix.ordersPlaced,
  };
}

process.on('message', (message: unknown) => {
  const step = LoadStepSchema.parse(message);
  void runStep(step).then(
    (result) => process.send?.(result),
    (failure: unknown) => {
      console.error(failure);
      process.exit(1);
    },
  );
});
