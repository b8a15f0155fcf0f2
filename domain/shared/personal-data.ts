import { z } from 'zod';
import type { Upcaster } from './event-catalogue.js';

/**
 * What a personal field (email, name, address, phone) says once its owner was erased: the key that
 * encrypted it is destroyed (crypto-shredding), so the value is gone for good, wherever it is read.
 */
export const ERASED = '[erased]';

/** A personal field whose own format the erased marker would not fit (an email, a phone number): that format, or erased. */
export function personal<Schema extends z.ZodType<string>>(schema: Schema): z.ZodUnion<[Schema, z.ZodLiteral<typeof ERASED>]> {
  return z.union([schema, z.literal(ERASED)]);
}

/**
 * The upcaster into the version whose personal fields also admit `ERASED` (a new version, since
 * subscribers validating the older one would refuse the marker): the older data fits it as it is.
 */
export const erasableFromNowOn: Upcaster = (data) => data;
