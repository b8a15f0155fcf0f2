import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSystem, type System } from '../../../infra/composition/system.js';
import { loadConfig } from '../../../infra/config/config.js';
import { createLogger } from '../../../infra/logging/logger.js';
import { ADMIN, JWT_SECRET } from '../../support/api.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

/**
 * The whole system on a Postgres of the test's own and the given ClickHouse, which a test may stop and
 * start again on the same databases (as an operator's restart would).
 */
export class RestartableSystem {
  private current: System | undefined;

  private constructor(
    private readonly database: TestDatabase,
    private readonly clickhouseUrl: string,
    private readonly dataDir: string,
  ) {}

  static async create(clickhouseUrl: string): Promise<RestartableSystem> {
    return new RestartableSystem(await createTestDatabase(), clickhouseUrl, mkdtempSync(join(tmpdir(), 'shopverse-analytics-')));
  }

  get system(): System {
    if (this.current === undefined) throw new Error('the system is not running');
    return this.current;
  }

  async start(): Promise<System> {
    const env = {
      EVENTSTORE_URL: this.database.url,
      DATABASE_URL: this.database.url,
      CLICKHOUSE_URL: this.clickhouseUrl,
      SHOPVERSE_DATA_DIR: this.dataDir,
      JWT_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_PER_MINUTE: '100000',
    };
    this.current = await createSystem(loadConfig(env), createLogger(process.env.TEST_LOG_LEVEL === undefined ? 'silent' : 'debug'));
    return this.current;
  }

  async stop(): Promise<void> {
    await this.current?.stop();
    this.current = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    await this.database.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
