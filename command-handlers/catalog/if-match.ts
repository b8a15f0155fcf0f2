import { z } from 'zod';

/**
 * Route schema of the `If-Match` header (`"<revision>"`, as the ETag): anything else is a 400 rather
 * than a precondition silently ignored. Loose, since fastify replaces the headers by what it parses.
 */
export const IfMatchHeadersSchema = z.looseObject({
  'if-match': z
    .string()
    .regex(/^"\d+"$/, 'a revision in quotes, as in the ETag')
    .optional(),
});
