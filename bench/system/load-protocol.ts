import { z } from 'zod';

/** What the driver hands the load process for one step (over the fork's IPC channel). */
export const LoadStepSchema = z.object({
  origin: z.string(),
  ratePerSecond: z.number().positive(),
  seconds: z.number().positive(),
  connections: z.number().int().positive(),
  productIds: z.array(z.string()).min(1),
  categoryIds: z.array(z.string()).min(1),
  searchWords: z.array(z.string()).min(1),
  customers: z.array(z.object({ userId: z.string(), token: z.string() })).min(1),
});
export type LoadStep = z.infer<typeof LoadStepSchema>;

/** Latency figures (ms, from the planned send time) of one class of requests. */
export const LatencySchema = z.object({ count: z.number(), p50: z.number(), p95: z.number(), p99: z.number() });
export type Latency = z.infer<typeof LatencySchema>;

/** What the load process answers once every request of the step has been answered. */
export const LoadResultSchema = z.object({
  sent: z.number(),
  seconds: z.number(),
  ok: z.number(),
  /** 4xx the mix expects (409 on a second review or a cancelled order, 422 …). */
  expected4xx: z.number(),
  /** Anything else: unexpected status, 5xx, a transport error or timeout. */
  errors: z.number(),
  errorsByKind: z.record(z.string(), z.number()),
  commands: LatencySchema,
  queries: LatencySchema,
  byRequest: z.record(z.string(), LatencySchema),
  ordersPlaced: z.number(),
});
export type LoadResult = z.infer<typeof LoadResultSchema>;
