import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { EventStore } from '../../infra/event-store/port.js';
import { anEvent } from './events.js';

export interface CallOptions {
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

export function call(app: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown, options: CallOptions = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }), ...options.headers },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}

export function expectProblem(response: LightMyRequestResponse, status: number): void {
  expect({ status: response.statusCode, type: response.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) as unknown });
  expect(response.json()).toMatchObject({ status, title: expect.any(String) as unknown, detail: expect.any(String) as unknown });
}

export const uniqueEmail = (): string => `user-${randomUUID()}@shopverse.test`;

export async function registerAndLogin(app: FastifyInstance, email = uniqueEmail(), password = 'correct horse battery'): Promise<{ userId: string; accessToken: string; refreshToken: string }> {
  const registered = await call(app, 'POST', '/api/v1/users', { email, password, name: 'Test User' });
  expect(registered.statusCode).toBe(201);
  const login = await call(app, 'POST', '/api/v1/auth/login', { email, password });
  expect(login.statusCode).toBe(200);
  const tokens = login.json<{ accessToken: string; refreshToken: string }>();
  return { userId: registered.json<{ userId: string }>().userId, ...tokens };
}

/**
 * How many events the store holds: for asserting that a refused request appended nothing. On Postgres,
 * `$all` shows an event only once every older transaction on the server has ended (other test files
 * share the server), so append a marker and count once the marker shows: everything committed before
 * it shows by then. Markers are not counted.
 */
export async function eventCount(store: EventStore): Promise<number> {
  const marker = `countmarker-${randomUUID()}`;
  await store.append(marker, [anEvent('CountMarker')]);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await store.readAll();
    if (events.some((event) => event.streamId === marker)) return events.filter((event) => !event.streamId.startsWith('countmarker-')).length;
    if (Date.now() > deadline) throw new Error('the count marker never showed in $all');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
