import { expect, it } from 'vitest';
import { readModelProjections } from '../../projections/read-models.js';
import { ADMIN, describeApi } from '../support/api.js';
import { call } from '../support/http.js';

interface Readiness {
  status: string;
  projections: { name: string; running: boolean; position: string; lagSeconds: number }[];
}

describeApi('operations', (api) => {
  it('readiness lists every read model this process runs, with its position and lag', async () => {
    const login = await call(api().app, 'POST', '/api/v1/auth/login', ADMIN);
    expect(login.statusCode).toBe(200);
    const deadline = Date.now() + 10_000;
    let ready: Readiness;
    do {
      ready = (await call(api().app, 'GET', '/health/ready')).json<Readiness>();
    } while (ready.projections.length <= readModelProjections.length && Date.now() < deadline);
    expect(ready.status).toBe('ready');
    expect(ready.projections.map((projection) => projection.name).sort()).toEqual([...readModelProjections.map((projection) => projection.name), 'order-saga'].sort());
    for (const projection of ready.projections) {
      expect(projection.running).toBe(true);
      expect(projection.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(projection.position).toMatch(/^-?\d+$/);
    }
  });

  it('/metrics answers in the Prometheus text format with projection lag and position and process metrics', async () => {
    const response = await call(api().app, 'GET', '/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    for (const projection of readModelProjections) {
      expect(response.body).toMatch(new RegExp(`^shopverse_projection_lag_seconds\\{projection="${projection.name}"\\} \\d`, 'm'));
      expect(response.body).toMatch(new RegExp(`^shopverse_projection_position\\{projection="${projection.name}"\\} -?\\d`, 'm'));
    }
    expect(response.body).toMatch(/^shopverse_process_cpu_seconds_total /m);
  });
});

describeApi(
  'a process without the api role',
  (api) => {
    it('serves health and metrics but no API routes', async () => {
      expect((await call(api().app, 'GET', '/health/ready')).statusCode).toBe(200);
      expect((await call(api().app, 'GET', '/metrics')).statusCode).toBe(200);
      expect((await call(api().app, 'GET', '/api/v1/products')).statusCode).toBe(404);
      expect((await call(api().app, 'POST', '/api/v1/auth/login', ADMIN)).statusCode).toBe(404);
    });
  },
  { ROLES: 'projections,sagas' },
);
