import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { CommandOutcome } from '../handle-command.js';

/** Every accepted command answers with the position of its last event, for read-your-writes (API.md). */
export const PositionSchema = z.string().regex(/^-?\d+$/).describe('global position as a decimal string');

export function positionOf(outcome: Pick<CommandOutcome<unknown>, 'position'>): string {
  return (outcome.position ?? 0n).toString();
}

/** Resources backed by one stream carry their revision as ETag. */
export function withETag(reply: FastifyReply, outcome: Pick<CommandOutcome<unknown>, 'revision'>): FastifyReply {
  return typeof outcome.revision === 'bigint' ? reply.header('etag', `"${outcome.revision}"`) : reply;
}
