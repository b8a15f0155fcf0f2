const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection.*(ended|closed)/i, /not queryable/i];

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

export function sqlStateOf(error: unknown): string | undefined {
  const code = field(error, 'code');
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when Postgres could not be reached or is refusing service for now (connection exceptions,
 * shutdown, too many connections), as opposed to an error in what we asked.
 */
export function isPostgresUnavailable(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isPostgresUnavailable);
  const code = sqlStateOf(error);
  if (code !== undefined) {
    if (UNAVAILABLE_NETWORK_CODES.has(code)) return true;
    // 08: connection exception; 53: insufficient resources; 57: operator intervention (shutdown,
    // cancel, idle timeout); 25006: read-only transaction, as on a standby after a failover.
    if (code.startsWith('08') || code.startsWith('53') || code.startsWith('57') || code === '25006') return true;
  }
  const message = error instanceof Error ? error.message : '';
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
