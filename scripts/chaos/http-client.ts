import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { HttpStats } from './http-stats.js';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

function transportCause(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}

/** JSON over HTTP against the API, each answer counted in the stats (transport errors come back as status 0). */
export class HttpClient {
  constructor(
    private readonly origin: string,
    private readonly stats: HttpStats,
    private readonly timeoutMs = 15_000,
  ) {}

  async send(method: 'GET' | 'POST' | 'PUT', path: string, options: { body?: unknown; token?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = { 'x-correlation-id': `chaos-${randomUUID()}` };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = randomUUID();
    }
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const route = path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\?.*$/, '');
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.origin}${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      this.stats.recordTransportError(`${method} ${route}`, transportCause(error));
      return { status: 0, body: undefined };
    }
    this.stats.record(response.status, `${method} ${route} (${headers['x-correlation-id']})`, text);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body };
  }

  /** The answer's body when the status is the expected one, checked by the schema; undefined otherwise. */
  async expect<Schema extends z.ZodType>(status: number, schema: Schema, method: 'GET' | 'POST' | 'PUT', path: string, options: { body?: unknown; token?: string } = {}): Promise<z.infer<Schema> | undefined> {
    const answer = await this.send(method, path, options);
    if (answer.status !== status) return undefined;
    return schema.parse(answer.body);
  }
}
