import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SqlExecutor } from '../postgres/sql-database.js';

const KEY_BYTES = 32;
/** How long a key read from the database is used without asking again: another process may have erased it meanwhile. */
const KEY_CACHE_MS = 30_000;
/** Keys kept in memory at most (the oldest go first). */
const CACHED_KEYS = 100_000;

const KeyRowSchema = z.object({ subject: z.string(), key: z.instanceof(Uint8Array).nullable() });

/** A key, or null once the person was erased (erasure is for good, so that answer is never asked again). */
interface Cached {
  readonly key: Buffer | null;
  readonly until: number;
}

/**
 * Each person's data key, in Postgres. Writers get one made on first need; readers get the key, or
 * null when there is none (erased, or never made: nothing can decrypt then either).
 */
export class PersonalDataKeys {
  private readonly cache = new Map<string, Cached>();
  private readonly making = new Map<string, Promise<Buffer | null>>();

  constructor(private readonly db: SqlExecutor) {}

  /** The subject's key for new data, made now if they have none; null when they were erased. */
  async keyForWriting(subject: string): Promise<Buffer | null> {
    const cached = this.cached(subject);
    if (cached !== undefined) return cached;
    // Writers of one new person in this process (a registration and its first orders) share one making.
    let making = this.making.get(subject);
    if (making === undefined) {
      making = this.makeOrRead(subject).finally(() => this.making.delete(subject));
      this.making.set(subject, making);
    }
    return making;
  }

  private async makeOrRead(subject: string): Promise<Buffer | null> {
    for (;;) {
      const { rows } = await this.db.query(
        `WITH made AS (INSERT INTO personal_data_keys (subject, key) VALUES ($1, $2) ON CONFLICT (subject) DO NOTHING RETURNING subject, key)
         SELECT subject, key FROM made UNION ALL SELECT subject, key FROM personal_data_keys WHERE subject = $1`,
        [subject, randomBytes(KEY_BYTES)],
      );
      const [row] = z.array(KeyRowSchema).parse(rows);
      // No row: another process made it meanwhile, after this statement's snapshot was taken: read it again.
      if (row !== undefined) return this.remember(subject, row.key);
    }
  }

  /** The keys of these subjects (null for the erased and for those who have none). */
  async keysForReading(subjects: readonly string[]): Promise<Map<string, Buffer | null>> {
    const found = new Map<string, Buffer | null>();
    const unknown: string[] = [];
    for (const subject of new Set(subjects)) {
      const cached = this.cached(subject);
      if (cached === undefined) unknown.push(subject);
      else found.set(subject, cached);
    }
    if (unknown.length > 0) {
      const { rows } = await this.db.query('SELECT subject, key FROM personal_data_keys WHERE subject = ANY($1::text[])', [unknown]);
      for (const row of z.array(KeyRowSchema).parse(rows)) found.set(row.subject, this.remember(row.subject, row.key));
      for (const subject of unknown) if (!found.has(subject)) found.set(subject, null);
    }
    return found;
  }

  /** Destroys the subject's key for good (recorded as erased even if they had none yet). */
  async erase(subject: string): Promise<void> {
    await this.db.query(
      `INSERT INTO personal_data_keys (subject, key, erased_at) VALUES ($1, NULL, now())
       ON CONFLICT (subject) DO UPDATE SET key = NULL, erased_at = COALESCE(personal_data_keys.erased_at, now())`,
      [subject],
    );
    this.erased(subject);
  }

  /** Another process erased the subject (its erasure event says so): no key of theirs is used from now on. */
  erased(subject: string): void {
    this.set(subject, { key: null, until: Number.POSITIVE_INFINITY });
  }

  private cached(subject: string): Buffer | null | undefined {
    const entry = this.cache.get(subject);
    if (entry === undefined) return undefined;
    if (entry.until >= Date.now()) return entry.key;
    this.cache.delete(subject);
    return undefined;
  }

  private remember(subject: string, key: Uint8Array | null): Buffer | null {
    const entry = { key: key === null ? null : Buffer.from(key), until: key === null ? Number.POSITIVE_INFINITY : Date.now() + KEY_CACHE_MS };
    this.set(subject, entry);
    return entry.key;
  }

  private set(subject: string, entry: Cached): void {
    this.cache.delete(subject);
    if (this.cache.size >= CACHED_KEYS) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(subject, entry);
  }
}
