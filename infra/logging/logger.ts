import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';

/** Structured JSON logs on stdout. Secrets are redacted wherever they appear in a logged object. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
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
