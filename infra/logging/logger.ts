import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';

/**
 * Structured JSON logs on stdout. Secrets are redacted wherever they appear in a logged object.
 * Writes are asynchronous: lines logged while a write is under way go out together, which keeps two
 * log lines per request from costing two system calls under load (pino flushes them on exit).
 */
export function createLogger(level: LogLevel, destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
  return pino(
    {
      level,
      base: { service: 'shopverse' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['password', '*.password', 'req.headers.authorization', 'refreshToken', '*.refreshToken', 'accessToken', '*.accessToken'], censor: '[redacted]' },
    },
    destination,
  );
}
