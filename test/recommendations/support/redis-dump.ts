import type { Redis } from 'ioredis';

async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}

/**
 * Everything under a key prefix, key by key (relative to the prefix) with its full contents in a
 * canonical order: two dumps are equal when every score, member and field is.
 */
export async function dumpKeys(redis: Redis, prefix: string, options: { skip?: readonly string[] } = {}): Promise<Record<string, unknown>> {
  const dump: Record<string, unknown> = {};
  for (const key of await keysUnder(redis, prefix)) {
    const name = key.slice(prefix.length);
    if (options.skip?.some((skipped) => name.startsWith(skipped)) === true) continue;
    const type = await redis.type(key);
    if (type === 'zset') dump[name] = await redis.zrange(key, 0, '-1', 'WITHSCORES');
    else if (type === 'set') dump[name] = (await redis.smembers(key)).sort();
    else if (type === 'hash') dump[name] = await redis.hgetall(key);
    else dump[name] = await redis.get(key);
  }
  return dump;
}

/** Deletes every key under the prefix. */
export async function dropKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  for (let from = 0; from < keys.length; from += 1_000) await redis.del(...keys.slice(from, from + 1_000));
}
