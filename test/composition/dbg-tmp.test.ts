import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystem, type System } from '../../infra/composition/system.js';
import { loadConfig } from '../../infra/config/config.js';
import { createLogger } from '../../infra/logging/logger.js';
import { EsdbEmulator } from '../support/esdb-emulator/emulator.js';

interface Readiness {
  status: string;
  dependencies: { name: string; adapter: string; status: string }[];
}

describe('the system with EVENTSTORE_URL pointing at EventStoreDB', () => {
  let emulator: EsdbEmulator;
  let system: System;
  const dataDir = mkdtempSync(join(tmpdir(), 'shopverse-esdb-'));
  beforeAll(async () => {
    emulator = await EsdbEmulator.start();
    system = await createSystem(loadConfig({ EVENTSTORE_URL: emulator.url, SHOPVERSE_DATA_DIR: dataDir }), createLogger('debug'));
  });
  afterAll(async () => {
    console.error('STOP'); await system.stop(); console.error('STOPPED');
    await emulator.close(); console.error('EMU CLOSED');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const readiness = async (): Promise<{ statusCode: number; body: Readiness }> => {
    const response = await system.http.inject({ method: 'GET', url: '/health/ready' });
    return { statusCode: response.statusCode, body: response.json<Readiness>() };
  };

  async function until(statusCode: number, timeoutMs: number): Promise<Readiness> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await readiness();
      if (answer.statusCode === statusCode || Date.now() > deadline) {
        expect(answer.statusCode).toBe(statusCode);
        return answer.body;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('shows the event store up, down while the server is stopped, and up again after', async () => {
    const up = await until(200, 10_000);
    expect(up.dependencies.find((dependency) => dependency.name === 'event store')).toMatchObject({ status: 'up', adapter: expect.stringMatching(/^eventstoredb esdb:\/\/127\.0\.0\.1:\d+/) as unknown });
    await emulator.stop();
    const down = await until(503, 10_000);
    expect(down.dependencies.find((dependency) => dependency.name === 'event store')?.status).toBe('down');
    expect(down.dependencies.find((dependency) => dependency.name === 'read model database')?.status).toBe('up');
    await emulator.restart();
    await until(200, 30_000);
  });
});
