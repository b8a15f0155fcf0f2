import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { clickHouseNumber } from './clickhouse-query.js';
import type { Environment } from './environment.js';
import { errorText, progress, sleep } from './log.js';
import type { RoleProcess } from '../../test/support/role-processes.js';
import { queryRows } from './sql.js';

const run = promisify(execFile);
const CountSchema = z.object({ n: z.coerce.number() });
const PositionSchema = z.object({ position: z.string().nullable() });

async function ready(origin: string): Promise<boolean> {
  try {
    return (await fetch(`${origin}/health/ready`, { signal: AbortSignal.timeout(5_000) })).status === 200;
  } catch {
    return false;
  }
}

async function metric(origin: string, name: string): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? -1 : Number(line.split(' ').at(-1));
}

async function count(url: string, sql: string): Promise<number> {
  const [row] = await queryRows(url, CountSchema, sql);
  return row?.n ?? 0;
}

/** Which consumers have not yet reached the store's last position, and what work is still pending (empty: caught up). */
async function behind(env: Environment, roles: readonly RoleProcess[], last: number): Promise<string[]> {
  const lagging: string[] = [];
  for (const role of roles) if (!(await ready(role.origin))) lagging.push(`${role.role} not ready`);
  const checkpoints = await queryRows(env.readModelUrl, z.object({ name: z.string(), position: z.coerce.number() }), 'SELECT name, position::text AS position FROM projection_checkpoints');
  for (const checkpoint of checkpoints) if (checkpoint.position < last) lagging.push(`projection ${checkpoint.name}`);
  if (checkpoints.length === 0) lagging.push('no projection checkpoints yet');
  const jobs = await count(env.readModelUrl, "SELECT count(*) AS n FROM saga_jobs WHERE status = 'pending'");
  if (jobs > 0) lagging.push(`${jobs} saga jobs pending`);
  const deliveries = await count(env.readModelUrl, "SELECT count(*) AS n FROM notification_deliveries WHERE status = 'pending' OR NOT outcome_recorded");
  if (deliveries > 0) lagging.push(`${deliveries} notifications pending or unrecorded`);
  const analytics = await clickHouseNumber(env.clickHouseServer, `SELECT max(position) FROM ${env.clickHouseDatabase}.checkpoints`).catch(() => -1);
  if (analytics < last) lagging.push('analytics');
  const bridge = roles.find((role) => role.role === 'bridge');
  if (bridge !== undefined && (await metric(bridge.origin, 'shopverse_kafka_bridge_position').catch(() => -1)) < last) lagging.push('kafka bridge');
  const { stdout } = await run('redis-cli', ['-u', env.redisUrl, 'GET', `${env.recommendationsPrefix}checkpoint`]).catch(() => ({ stdout: '' }));
  if (Number(stdout.trim() || '-1') < last) lagging.push('recommendations');
  return lagging;
}

export async function lastPosition(env: Environment): Promise<number> {
  const [row] = await queryRows(env.eventStoreUrl, PositionSchema, 'SELECT max(position)::text AS position FROM es_events');
  return Number(row?.position ?? '-1');
}

/** Waits until every role is ready, every consumer has the last event and nothing is pending, twice in a row with no new event. */
export async function waitCaughtUp(env: Environment, roles: readonly RoleProcess[], timeoutMs: number): Promise<{ caughtUp: boolean; lagging: string[] }> {
  const deadline = Date.now() + timeoutMs;
  let previous = -2;
  let lagging: string[] = [];
  let lastReport = 0;
  while (Date.now() < deadline) {
    try {
      const last = await lastPosition(env);
      lagging = await behind(env, roles, last);
      if (lagging.length === 0 && last === previous) return { caughtUp: true, lagging };
      previous = lagging.length === 0 ? last : -2;
      if (Date.now() - lastReport > 5_000) {
        progress('catch-up', lagging.length === 0 ? 'all caught up, confirming' : `waiting for: ${lagging.join(', ')}`);
        lastReport = Date.now();
      }
    } catch (error) {
      lagging = [errorText(error)];
    }
    await sleep(1_000);
  }
  return { caughtUp: false, lagging };
}
