import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { execPipeline } from '../../infra/redis/redis-client.js';
import { NOTHING_PROCESSED } from '../runner/checkpoints.js';
import type { RecommendationKeys } from './keys.js';
import { decodeRecommendationEvent } from './recommendation-events.js';
import { recommendationScripts } from './scripts.js';
import { writesOf, type RedisWrite } from './writes.js';

const CheckpointSchema = z.string().regex(/^\d{1,20}$/, 'a position as a decimal string');

const isNoScript = (error: unknown): boolean => error instanceof Error && error.message.startsWith('NOSCRIPT');

/**
 * Applies events to the recommendation keys in Redis: a batch's writes go in one pipeline (one round
 * trip), each event's as one atomic script. Every write is idempotent by construction, so a batch
 * applied again, in part or in full (a retry, a replay from an older checkpoint, a command Redis ran
 * after the client had given up on it), changes nothing.
 */
export class RecommendationWriter {
  constructor(
    private readonly redis: Redis,
    readonly keys: RecommendationKeys,
  ) {}

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    const writes = events.flatMap((event) => {
      const known = decodeRecommendationEvent(event);
      return known === undefined ? [] : writesOf(known, this.keys);
    });
    if (writes.length === 0) return;
    try {
      await this.send(writes);
    } catch (error) {
      // Redis forgets scripts on restart: teach it and send the whole batch again (harmless, see above).
      if (!isNoScript(error)) throw error;
      for (const script of recommendationScripts) await this.redis.script('LOAD', script.source);
      await this.send(writes);
    }
  }

  /** The position of the last event applied (-1 before the first). */
  async loadCheckpoint(): Promise<bigint> {
    const value = await this.redis.get(this.keys.checkpoint);
    return value === null ? NOTHING_PROCESSED : BigInt(CheckpointSchema.parse(value));
  }

  async saveCheckpoint(position: bigint): Promise<void> {
    await this.redis.set(this.keys.checkpoint, position.toString());
  }

  private async send(writes: readonly RedisWrite[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const write of writes) pipeline.evalsha(write.script.sha, write.keys.length, ...write.keys, ...write.args);
    await execPipeline(pipeline);
  }
}
