import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { canonicalJson } from '../json/canonical-json.js';
import type { SqlDatabase } from '../postgres/sql-database.js';
import { problem, sendProblem } from './problem.js';

const KEY = /^[\x21-\x7e]{1,255}$/;
const RETENTION_HOURS = 48;
const WAIT_FOR_FIRST_MS = 5_000;
/** Response headers a replay repeats. */
const REPLAYED_HEADERS = ['content-type', 'etag', 'location', 'retry-after'] as const;

const StoredSchema = z.object({
  request_hash: z.string(),
  status: z.number().int().nullable(),
  headers: z.record(z.string(), z.string()).nullable(),
  body: z.string().nullable(),
});

interface Claim {
  readonly scope: string;
  readonly key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key this request holds and will store its answer under. */
    idempotencyClaim: Claim | undefined;
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256').update(`${request.method} ${request.url} ${canonicalJson(request.body ?? null)}`).digest('hex');
}

async function replay(reply: FastifyReply, stored: z.infer<typeof StoredSchema>): Promise<void> {
  for (const [name, value] of Object.entries(stored.headers ?? {})) reply.header(name, value);
  await reply
    .code(stored.status ?? 500)
    .header('idempotent-replayed', 'true')
    .send(stored.body ?? undefined);
}

/**
 * `Idempotency-Key` (API.md): the first request with a key claims it with an insert under a unique
 * key (never check-then-insert); its answer is stored and replayed for repeats with the same body.
 * The same key with another body is a 422; a repeat while the first is running waits for it.
 */
export function registerIdempotency(app: FastifyInstance, db: SqlDatabase): preHandlerAsyncHookHandler {
  app.decorateRequest('idempotencyClaim', undefined);

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (claim === undefined) return payload;
    request.idempotencyClaim = undefined;
    try {
      if (reply.statusCode >= 500) {
        // Nothing reliable to replay: free the key so that the client's retry does the work.
        await db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [claim.scope, claim.key]);
        return payload;
      }
      const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => {
        const value = reply.getHeader(name);
        return value === undefined ? [] : [[name, String(value)]];
      }));
      await db.query('UPDATE idempotency_keys SET status = $3, headers = $4, body = $5 WHERE scope = $1 AND key = $2', [
        claim.scope,
        claim.key,
        reply.statusCode,
        JSON.stringify(headers),
        typeof payload === 'string' ? payload : null,
      ]);
    } catch (error) {
      // The answer stands: the work is done. A repeat finds the claim unanswered and is told to
      // retry (409), never does the work again: redone, a command on an existing stream (a restock)
      // would count twice.
      request.log.warn({ err: error }, 'the answer to an idempotent request could not be stored');
    }
    return payload;
  });

  const sweep = setInterval(() => {
    db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '${RETENTION_HOURS} hours'`).catch(() => undefined);
  }, 3_600_000);
  sweep.unref();
  app.addHook('onClose', () => clearInterval(sweep));

  /** Route pre-handler, placed after authentication so that keys are scoped per caller. */
  return async function idempotent(request, reply) {
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) {
      await sendProblem(reply, problem(400, 'Idempotency-Key must be 1 to 255 visible ASCII characters'));
      return;
    }
    const scope = request.actor?.userId ?? 'anonymous';
    const hash = requestHash(request);
    const { rows } = await db.query('INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key', [scope, key, hash]);
    if (rows.length === 1) {
      request.idempotencyClaim = { scope, key };
      return;
    }
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const found = await db.query('SELECT request_hash, status, headers, body FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
      const [stored] = z.array(StoredSchema).parse(found.rows);
      if (stored === undefined) {
        // The first request failed and freed the key: this one does the work.
        await sendProblem(reply.header('retry-after', '1'), problem(409, 'the first request with this Idempotency-Key failed; retry'));
        return;
      }
      if (stored.request_hash !== hash) {
        await sendProblem(reply, problem(422, 'this Idempotency-Key was used with a different request'));
        return;
      }
      if (stored.status !== null) {
        await replay(reply, stored);
        return;
      }
      if (Date.now() > deadline) {
        await sendProblem(reply.header('retry-after', '1'), problem(409, 'a request with this Idempotency-Key is still being processed'));
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
}
