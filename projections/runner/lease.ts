import type { SqlExecutor } from '../../infra/postgres/sql-database.js';

/**
 * One runner per projection across processes: a lease row that its owner renews (with every batch and
 * on a heartbeat) and others may take only once it has expired. Each batch renews it inside its own
 * transaction, so a runner that lost its lease cannot write a batch after the new owner started.
 */
export class ProjectionLease {
  constructor(
    private readonly projection: string,
    readonly owner: string,
    private readonly durationMs: number,
  ) {}

  /** Takes the lease when it is free, expired or already ours; whether we hold it now. */
  async acquire(db: SqlExecutor): Promise<boolean> {
    const { rows } = await db.query(
      `INSERT INTO projection_leases (name, owner, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
        WHERE projection_leases.owner = EXCLUDED.owner OR projection_leases.expires_at < now()
       RETURNING owner`,
      [this.projection, this.owner, this.durationMs],
    );
    return rows.length === 1;
  }

  /** Extends the lease; false when it is no longer ours. */
  async renew(db: SqlExecutor): Promise<boolean> {
    const { rows } = await db.query(`UPDATE projection_leases SET expires_at = now() + $3 * interval '1 millisecond' WHERE name = $1 AND owner = $2 RETURNING owner`, [
      this.projection,
      this.owner,
      this.durationMs,
    ]);
    return rows.length === 1;
  }

  async release(db: SqlExecutor): Promise<void> {
    await db.query('DELETE FROM projection_leases WHERE name = $1 AND owner = $2', [this.projection, this.owner]);
  }
}

export class LeaseLostError extends Error {
  constructor(projection: string) {
    super(`the lease of projection ${projection} passed to another runner`);
    this.name = 'LeaseLostError';
  }
}
