import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';

/**
 * The configured JWT secret, or a development one generated once and kept under the data
 * directory (so tokens survive restarts), with a warning: production must set JWT_SECRET.
 */
export function resolveJwtSecret(config: Config, logger: Logger): string {
  if (config.jwtSecret !== undefined) return config.jwtSecret;
  const file = join(config.dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  logger.warn({ file }, 'JWT_SECRET is not set: using a generated development secret; set JWT_SECRET in production');
  return readFileSync(file, 'utf8').trim();
}
