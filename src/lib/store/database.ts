import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type SqliteDatabase = Database.Database;

/** Name of the SQLite file inside DATA_DIR. */
export const DATABASE_FILE = 'wix-team-bot.sqlite';

/**
 * Opens (or creates) the SQLite file under `dataDir` and applies pending migrations.
 * WAL mode lets readers run while a writer commits, and busy_timeout makes a second bot process
 * on the same file wait for the write lock instead of failing at once.
 */
export function openDatabase(dataDir: string, fileName = DATABASE_FILE, migrations: Migration[] = MIGRATIONS): SqliteDatabase {
  const path = dataDir === ':memory:' ? ':memory:' : join(ensureDir(dataDir), fileName);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // FULL makes each commit durable on power loss, which the audit log promises.
  db.pragma('synchronous = FULL');
  migrate(db, migrations);
  return db;
}

/**
 * Opens an existing store without writing to it (no migrations, no pragma changes), for tools
 * such as `npm run audit` that read while the bot may be running. Throws when the file is missing.
 */
export function openDatabaseReadOnly(dataDir: string, fileName = DATABASE_FILE): SqliteDatabase {
  const db = new Database(join(dataDir, fileName), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

function migrate(db: SqliteDatabase, migrations: Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
}
