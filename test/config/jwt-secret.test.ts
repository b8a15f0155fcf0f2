import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config/config.js';
import { resolveJwtSecret } from '../../infra/config/jwt-secret.js';

describe('the JWT secret', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function capture(): { logger: pino.Logger; lines: string[] } {
    const lines: string[] = [];
    return { logger: pino({}, { write: (line: string) => lines.push(line) }), lines };
  }

  it('is generated once under the data directory when unset, with a warning, and kept across restarts', () => {
    const parent = mkdtempSync(join(tmpdir(), 'shopverse-jwt-'));
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    const config = loadConfig({ SHOPVERSE_DATA_DIR: dataDir });
    const first = capture();
    const secret = resolveJwtSecret(config, first.logger);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(first.lines.join('')).toMatch(/JWT_SECRET is not set/);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(resolveJwtSecret(config, capture().logger)).toBe(secret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
  });

  it('is the configured one when JWT_SECRET is set, without touching the data directory', () => {
    const dataDir = join(tmpdir(), 'shopverse-jwt-unused-dir');
    const { logger, lines } = capture();
    expect(resolveJwtSecret(loadConfig({ JWT_SECRET: 's'.repeat(40), SHOPVERSE_DATA_DIR: dataDir }), logger)).toBe('s'.repeat(40));
    expect(lines).toEqual([]);
    expect(() => statSync(dataDir)).toThrow();
  });
});
