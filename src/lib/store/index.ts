import type { Logger } from 'pino';
import { openDatabase, openDatabaseReadOnly, type SqliteDatabase } from './database.js';
import { AuditRepository } from './audit-repo.js';
import { ApprovalRepository } from './approvals-repo.js';
import { LeaseRepository } from './lease-repo.js';
import { SubmissionRepository } from './submission-repo.js';

export interface StoreOptions {
  dataDir: string;
  now?: () => Date;
  logger?: Logger;
  /** Opens an existing file without migrating or writing; writes then fail. */
  readOnly?: boolean;
}

/**
 * The embedded store: one SQLite file under DATA_DIR. The only code that speaks SQL lives in this
 * folder. Domain modules get repositories from it and group writes with `transaction`.
 *
 * NOTE: transactions are synchronous (better-sqlite3). A server database for several replicas
 * would need an async variant of this interface.
 */
export class Store {
  readonly audit: AuditRepository;
  readonly approvals: ApprovalRepository;
  readonly leases: LeaseRepository;
  readonly submissions: SubmissionRepository;
  private readonly db: SqliteDatabase;

  constructor(options: StoreOptions) {
    const now = options.now ?? (() => new Date());
    this.db = options.readOnly ? openDatabaseReadOnly(options.dataDir) : openDatabase(options.dataDir);
    this.audit = new AuditRepository(this.db, now);
    this.approvals = new ApprovalRepository(this.db, now);
    this.leases = new LeaseRepository(this.db);
    this.submissions = new SubmissionRepository(this.db, now);
  }

  /**
   * Runs `work` in one IMMEDIATE transaction: the write lock is taken at the start, so two bot
   * processes on the same file serialize instead of failing half-way with SQLITE_BUSY.
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Raw handle for repositories in this folder. */
  get database(): SqliteDatabase {
    return this.db;
  }
}
