import type { SqliteDatabase } from './database.js';

/**
 * Leases: a named job that at most one process runs at a time. A holder renews its lease before
 * each unit of work; another process takes it over only after it has expired.
 */
export class LeaseRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /**
   * Takes or renews the lease `name` for `owner` until `nowMs + ttlMs`. Returns false while
   * another owner holds an unexpired lease.
   */
  acquire(name: string, owner: string, nowMs: number, ttlMs: number): boolean {
    return this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT owner, expires_at FROM leases WHERE name = ?').get(name) as { owner: string; expires_at: number } | undefined;
        if (row && row.owner !== owner && row.expires_at > nowMs) return false;
        this.db
          .prepare('INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at')
          .run(name, owner, nowMs + ttlMs);
        return true;
      })
      .immediate();
  }

  /** Gives the lease up, so another process can take it at once; a no-op for a non-holder. */
  release(name: string, owner: string): void {
    this.db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }

  holder(name: string): { owner: string; expiresAt: number } | undefined {
    const row = this.db.prepare('SELECT owner, expires_at FROM leases WHERE name = ?').get(name) as { owner: string; expires_at: number } | undefined;
    return row && { owner: row.owner, expiresAt: row.expires_at };
  }
}
