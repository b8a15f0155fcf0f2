import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

/** `"<revision>"`, as the ETag answers it. */
const QUOTED_REVISION = /^"(\d+)"$/;

/**
 * Route schema of the `If-Match` header: anything but a quoted revision is a 400 rather than a
 * precondition silently ignored. Loose, since fastify replaces the headers by what it parses.
 */
export const IfMatchHeadersSchema = z.looseObject({
  'if-match': z.string().regex(QUOTED_REVISION, 'a revision in quotes, as in the ETag').optional(),
});

/** The revision `If-Match` pins, or `undefined` without one. */
export function ifMatchRevision(request: FastifyRequest): bigint | undefined {
  const header = request.headers['if-match'];
  if (typeof header !== 'string') return undefined;
  const revision = QUOTED_REVISION.exec(header.trim())?.[1];
  return revision === undefined ? undefined : BigInt(revision);
}
