import { chmodSync, closeSync, existsSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Db, ensurePrivateDir } from '../store/db.js';

/** Written into every backup: when it was taken, so a restore can say (and act on) it. */
export const BACKUP_TAKEN_AT = 'backup_taken_at';

const PREFIX = 'prodsec-bot-';
const SUFFIX = '.db';
const PARTIAL = '.partial';

export interface BackupResult {
  file: string;
  takenAt: number;
}

/** `prodsec-bot-2026-12-01T22-05-00.000Z.db`: sorts by time, valid on every file system. */
export function backupName(at: number): string {
  return `${PREFIX}${new Date(at).toISOString().replaceAll(':', '-')}${SUFFIX}`;
}

/** The complete backups in `dir`, oldest first. A `.partial` file never counts. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith(SUFFIX))
    .sort()
    .map((f) => join(dir, f));
}

/** Creates an empty file readable by this user only, whatever the umask. */
function createPrivate(path: string): void {
  closeSync(openSync(path, 'wx', 0o600));
  chmodSync(path, 0o600);
}

/**
 * An online backup with SQLite's backup API (consistent while the bot keeps writing; a file
 * copy of a live WAL database is not). It is written to a `.partial` name, stamped with its
 * time, checked with `PRAGMA integrity_check`, and only then renamed into place, so a crash
 * mid-backup leaves nothing that looks complete. Then only the newest `keep` are kept.
 */
export async function takeBackup(
  db: Db,
  opts: { dir: string; now: number; keep: number },
): Promise<BackupResult> {
  ensurePrivateDir(opts.dir);
  for (const f of readdirSync(opts.dir)) if (f.endsWith(PARTIAL)) rmSync(join(opts.dir, f), { force: true });
  const file = join(opts.dir, backupName(opts.now));
  const partial = `${file}${PARTIAL}`;
  try {
    createPrivate(partial);
    await db.backup(partial);
    const copy = new Database(partial);
    try {
      // A self-contained file: no -wal beside it to lose when it is moved or copied.
      copy.pragma('journal_mode = DELETE');
      copy
        .prepare(
          `INSERT INTO ops_state (key, value, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        )
        .run(BACKUP_TAKEN_AT, String(opts.now), opts.now);
      const problems = integrityProblems(copy);
      if (problems.length > 0) throw new Error(`backup failed its integrity check: ${problems.join('; ')}`);
    } finally {
      copy.close();
    }
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  pruneBackups(opts.dir, opts.keep);
  return { file, takenAt: opts.now };
}

/** `PRAGMA integrity_check`'s findings; empty when the database is sound. */
export function integrityProblems(db: Db): string[] {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const found = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  return found.slice(0, 5);
}

/** Deletes all but the newest `keep` backups; returns the deleted paths. */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const f of old) rmSync(f, { force: true });
  return old;
}
