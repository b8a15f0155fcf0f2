import { z } from 'zod';
import { clickHouseNumber } from '../clickhouse-query.js';
import type { Environment } from '../environment.js';
import { queryRows } from '../sql.js';
import { type InvariantResult, checked } from './result.js';

const CountSchema = z.object({ n: z.coerce.number() });
const EventsAnswerSchema = z.object({ series: z.array(z.object({ total: z.number() })) });

/**
 * ClickHouse holds one fact per event: distinct event ids in `event_facts` equal the store's events, its
 * rows (after merging) do too, and the analytics API's event counts (rollups and facts) add up to the same.
 */
export function checkAnalyticsCounts(env: Environment, apiOrigin: string, adminToken: string, since: Date): Promise<InvariantResult> {
  return checked('ClickHouse fact counts equal event counts', async () => {
    const [row] = await queryRows(env.eventStoreUrl, CountSchema, 'SELECT count(*) AS n FROM es_events');
    const events = row?.n ?? 0;
    const table = `${env.clickHouseDatabase}.event_facts`;
    const distinct = await clickHouseNumber(env.clickHouseServer, `SELECT uniqExact(event_id) FROM ${table}`);
    const rows = await clickHouseNumber(env.clickHouseServer, `SELECT count() FROM ${table} FINAL`);
    const from = new Date(since.getTime() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const response = await fetch(`${apiOrigin}/api/v1/analytics/events?from=${from}&to=${to}&interval=day`, { headers: { authorization: `Bearer ${adminToken}` } });
    const answer = EventsAnswerSchema.parse(await response.json());
    const api = answer.series.reduce((sum, bucket) => sum + bucket.total, 0);
    return {
      pass: distinct === events && rows === events && api === events,
      detail: `${events} events in the store; event_facts: ${distinct} distinct ids, ${rows} rows (FINAL); GET /analytics/events total: ${api}`,
    };
  });
}
