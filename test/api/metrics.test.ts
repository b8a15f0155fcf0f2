import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../../infra/event-store/errors.js';
import { describeApi } from '../support/api.js';
import { metadata } from '../support/events.js';
import { call } from '../support/http.js';

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const parsed = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const split = line.lastIndexOf(' ');
    parsed.set(line.slice(0, split), Number(line.slice(split + 1)));
  }
  return parsed;
}

describeApi('metrics', (api) => {
  const scrape = async () => samples((await call(api().app, 'GET', '/metrics')).body);

  it('times HTTP requests per route pattern, method and status; unmatched paths share one label', async () => {
    const productId = randomUUID();
    expect((await call(api().app, 'GET', `/api/v1/products/${productId}`)).statusCode).toBe(404);
    expect((await call(api().app, 'GET', `/no/such/path/${productId}`)).statusCode).toBe(404);
    const metrics = await scrape();
    expect(metrics.get('shopverse_http_request_duration_seconds_count{route="/api/v1/products/:id",method="GET",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(metrics.get('shopverse_http_request_duration_seconds_count{route="unmatched",method="GET",status="404"}')).toBeGreaterThanOrEqual(1);
    expect([...metrics.keys()].some((key) => key.includes(productId))).toBe(false);
  });

  it('times appends by outcome and counts the conflicts', async () => {
    const streamId = `metrics-${randomUUID()}`;
    const before = await scrape();
    await api().store.append(streamId, [{ eventId: randomUUID(), type: 'MetricsProbe', data: {}, metadata: metadata() }], { expectedRevision: 'no_stream' });
    const refused = await api()
      .store.append(streamId, [{ eventId: randomUUID(), type: 'MetricsProbe', data: {}, metadata: metadata() }], { expectedRevision: 'no_stream' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
    const after = await scrape();
    const grew = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(grew('shopverse_event_store_append_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(grew('shopverse_event_store_append_duration_seconds_count{outcome="conflict"}')).toBeGreaterThanOrEqual(1);
    expect(grew('shopverse_event_store_append_conflicts_total')).toBeGreaterThanOrEqual(1);
  });
});
