import type { SqliteDatabase } from './database.js';

/**
 * Claims on modal submissions. Slack sends a second view_submission when a user double-clicks
 * Submit. The first claim of a view wins and the rest are dropped, whichever process they reach.
 */
export class SubmissionRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date,
  ) {}

  /** Returns true for the first claim of `key` and false for every later one. */
  claim(key: string): boolean {
    const result = this.db.prepare('INSERT OR IGNORE INTO claimed_submissions (key, claimed_at) VALUES (?, ?)').run(key, this.now().toISOString());
    return result.changes === 1;
  }

  /** Deletes claims older than `before`, so the table does not grow without bound. */
  prune(before: Date): number {
    return this.db.prepare('DELETE FROM claimed_submissions WHERE claimed_at < ?').run(before.toISOString()).changes;
  }
}
