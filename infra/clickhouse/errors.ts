const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** What `@clickhouse/client` throws when its request timeout passes, and Node when a server drops the connection. */
const NETWORK_MESSAGES = [/^Timeout error\.$/, /socket hang up/i];

/** ClickHouse could not be reached (down, restarting, too slow to answer): safe to retry later. */
export class ClickHouseUnavailableError extends Error {
  override readonly name = 'ClickHouseUnavailableError';
  constructor(description: string, cause: unknown) {
    super(`${description} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** True for a failure to reach the server, as opposed to an error the server answered with. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isConnectionFailure);
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && NETWORK_CODES.has(code)) || NETWORK_MESSAGES.some((pattern) => pattern.test(error.message));
}
