import { z } from 'zod';

/** A count or sum as ClickHouse sends it (64-bit integers come as strings): refused past what a JSON number holds exactly. */
export const WholeNumberSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A bucket's start (seconds since the epoch) as the ISO 8601 UTC time the API answers with. */
export const bucketTime = (seconds: number): string => new Date(seconds * 1_000).toISOString();

export const BucketSchema = z.iso.datetime().describe('start of the bucket (UTC); the first and last buckets count only what lies within from..to');
