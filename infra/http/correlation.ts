import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `X-Correlation-Id` when it is a sane token, else a new one (API.md, "Correlation"). */
export function correlationIdOf(request: IncomingMessage): string {
  const supplied = request.headers[CORRELATION_HEADER];
  return typeof supplied === 'string' && ACCEPTABLE.test(supplied) ? supplied : randomUUID();
}
