import { Redis, type ChainableCommander } from 'ioredis';
import type { Logger } from 'pino';
import { redactUrl } from '../logging/redact-url.js';

export interface RedisClientOptions {
  /** What the client serves, in its log lines. */
  readonly purpose: string;
  /** A command unanswered for this long fails (a frozen or far-away Redis): no caller hangs on it. */
  readonly commandTimeoutMs: number;
}

/**
 * A client that fails fast while Redis is away instead of queueing commands (no offline queue, one
 * attempt per command), since its callers have something better to do: answer from elsewhere, or wait
 * and resume from a checkpoint. It reconnects by itself; an outage is logged once, and the recovery.
 */
export function openRedis(url: string, logger: Logger, options: RedisClientOptions): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: options.commandTimeoutMs, connectTimeout: 2_000 });
  const context = { purpose: options.purpose, redis: redactUrl(url) };
  let down = false;
  redis.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ ...context, err: error }, 'redis unavailable');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info(context, 'redis back');
  });
  return redis;
}

const UNAVAILABLE_MESSAGES = [/^Connection is closed/, /^Stream isn't writeable/, /^Command timed out/, /^Command aborted due to connection close/, /^connect ETIMEDOUT/, /^Socket timeout/];
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** Replies of a server that is there but cannot serve yet (loading its data, a script running, a failover). */
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|READONLY|CLUSTERDOWN)\b/;

/** Whether an error means Redis cannot be reached or cannot serve for now, as opposed to a fault in what we asked. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message)) || UNAVAILABLE_REPLIES.test(error.message);
}

/** Runs a pipeline: each command's reply, in order, or the first command's failure thrown. */
export async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  for (const [error] of results) if (error !== null) throw error;
  return results.map(([, reply]) => reply);
}
