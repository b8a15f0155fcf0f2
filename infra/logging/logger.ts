import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';
import { logContextFields } from './log-context.js';

// Secrets never reach a log line: passwords, access and refresh tokens (and their hashes), card tokens.
const SECRETS = ['password', 'passwordHash', 'refreshToken', 'refreshTokenHash', 'accessToken', 'token'];
const REDACTED_PATHS = [...SECRETS, ...SECRETS.map((key) => `*.${key}`), 'paymentMethod.token', '*.paymentMethod.token', 'req.headers.authorization'];

/**
 * Structured JSON logs on stdout. Secrets are redacted wherever they appear in a logged object.
 * Every line carries the context of the work it belongs to (`log-context.ts`: the request's or saga
 * step's correlation id, causation id, user, route; a projection batch's positions).
 * Writes are asynchronous: lines logged while a write is under way go out together, which keeps two
 * log lines per request from costing two system calls under load (pino flushes them on exit).
 */
export function createLogger(level: LogLevel, destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
  return pino(
    {
      level,
      base: { service: 'shopverse' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: logContextFields,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
