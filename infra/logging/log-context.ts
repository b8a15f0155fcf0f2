import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the work under way is part of, added to every log line written meanwhile (the logger's
 * `mixin`), however deep below: code logs with context without being handed a logger for it.
 * Each field is there when known.
 */
export interface LogContext {
  correlationId?: string;
  /** The event (or job) that caused the work. */
  causationId?: string;
  userId?: string;
  /** The HTTP route's pattern, e.g. `/api/v1/orders/:id`. */
  route?: string;
  /** The command being handled, by its type. */
  command?: string;
  /** The order saga's order and job kind. */
  orderId?: string;
  job?: string;
  /** A projection batch: its first and last positions and its size (a batch has no single correlation id). */
  batch?: { readonly first: string; readonly last: string; readonly events: number };
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with these fields added to the current context (theirs win); the outer context keeps its own. */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

/** Adds fields to the current context, for the rest of its work (e.g. the user, once the token is verified). */
export function addToLogContext(fields: LogContext): void {
  const current = storage.getStore();
  if (current !== undefined) Object.assign(current, fields);
}

/** The current context's fields: a new object each time, as pino's `mixin` must return. */
export function logContextFields(): LogContext {
  return { ...storage.getStore() };
}
