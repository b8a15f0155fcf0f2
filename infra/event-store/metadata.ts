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
});

export type EventMetadata = z.infer<typeof EventMetadataSchema>;
