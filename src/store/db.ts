import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { WAL_AUTOCHECKPOINT_PAGES } from './checkpoint.js';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

/** Opens (creating if needed) the database with the pragmas the bot relies on, then migrates it. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') createPrivateFile(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  if (path !== ':memory:') restrictSidecars(path);
  // NOTE: better-sqlite3 waits this long on a locked database before SQLITE_BUSY.
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // The bot checkpoints when quiet (store/checkpoint.ts); this is the safety net.
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/**
 * Creates the folder (0700) and the file (0600) before SQLite does, whatever the umask: the
 * database holds the audit trail and account links. SQLite gives its WAL and shared-memory
 * files the database file's mode.
 */
export function createPrivateFile(path: string): void {
  ensurePrivateDir(dirname(path));
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/** Creates a folder only this user can enter (0700 whatever the umask); an existing one is left as it is. */
export function ensurePrivateDir(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

function restrictSidecars(path: string): void {
  for (const sidecar of [`${path}-wal`, `${path}-shm`]) if (existsSync(sidecar)) chmodSync(sidecar, 0o600);
}

export function migrate(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .all()
      .map((r) => (r as { version: number }).version),
  );
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        m.version,
        Date.now(),
      );
    }).immediate();
  }
}

/** Runs fn in a BEGIN IMMEDIATE transaction, so a read-then-write takes the write lock up front. */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
