import { z } from 'zod';

/**
 * Metadata every recorded event carries. Extra keys are kept (later features add their own),
 * but these five are always present so auditors can tell what happened, when, and on whose request.
 */
export const EventMetadataSchema = z.looseObject({
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  actorId: z.string().min(1).nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.number().int().positive(),
  /** The `hash` of the stream's event before this one (null for its first): see `hash-chain/event-hash.ts`. */
  previousHash: z.string().nullable().optional(),
  /** SHA-256 of this event's content, `previousHash` included: the stream's events form a tamper-evident chain. */
  hash: z.string().optional(),
});

export type EventMetadata = z.infer<typeof EventMetadataSchema>;
