import { chmodSync, closeSync, existsSync, openSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { parseCron, previousFireTime } from '../domain/cron.js';
import { type Db, openDatabase } from '../store/db.js';
import { createStore } from '../store/index.js';
import { acquireDatabaseLock } from '../store/lock.js';
import { migrations } from '../store/migrations/index.js';
import type { DatabaseCounts } from '../store/ops-repo.js';
import { BACKUP_TAKEN_AT, integrityProblems } from './backup.js';

export class RestoreError extends Error {
  override name = 'RestoreError';
}

export interface RestoreSummary {
  /** When the backup was taken (null for a file without the stamp, such as a hand-made copy). */
  takenAt: number | null;
  counts: DatabaseCounts;
  /** Where the database that was replaced now is (undefined when there was none). */
  replaced: string | undefined;
  /** Digest slots that fell due after the backup, marked skipped (see restoreBackup). */
  skippedDigestSlots: number;
}

/** A tick can claim its slot a little after the slot's time; slots this close before the backup count as after it. */
const TICK_SLACK_MS = 60_000;

/** Checks that `file` is a sound prodsec-bot database this version can run; returns its stamp. */
export function inspectBackup(file: string): { takenAt: number | null; version: number } {
  if (!existsSync(file)) throw new RestoreError(`${file} does not exist`);
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new RestoreError(`${file} cannot be opened as SQLite: ${(err as Error).message}`);
  }
  try {
    let problems: string[];
    try {
      problems = integrityProblems(db);
    } catch (err) {
      throw new RestoreError(`${file} is not a SQLite database: ${(err as Error).message}`);
    }
    if (problems.length > 0) throw new RestoreError(`${file} is damaged: ${problems.join('; ')}`);
    const hasTable = (name: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!hasTable('schema_migrations')) throw new RestoreError(`${file} is not a prodsec-bot database`);
    const version = (
      db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }
    ).v;
    const latest = Math.max(...migrations.map((m) => m.version));
    if (version === null) throw new RestoreError(`${file} is not a prodsec-bot database`);
    if (version > latest) {
      throw new RestoreError(
        `${file} comes from a newer prodsec-bot (schema ${version}, this one knows ${latest})`,
      );
    }
    const stamp = hasTable('ops_state')
      ? (db.prepare('SELECT value FROM ops_state WHERE key = ?').get(BACKUP_TAKEN_AT) as
          | { value: string }
          | undefined)
      : undefined;
    return { takenAt: stamp ? Number(stamp.value) : null, version };
  } finally {
    db.close();
  }
}

/**
 * Digest slots are claimed in SQLite, so the backup does not know about a digest the old bot
 * posted after the backup was taken. The restore cannot tell whether it was posted, so it
 * marks the latest slot of each subscription skipped when that slot fell due after the backup:
 * no digest is posted twice, and the next slot posts as usual.
 */
function skipSlotsAfter(db: Db, takenAt: number, now: number): number {
  const { digests } = createStore(db);
  let skipped = 0;
  for (const sub of digests.list()) {
    const slot = previousFireTime(parseCron(sub.cron), sub.timezone, now);
    if (slot === undefined || slot < takenAt - TICK_SLACK_MS || slot < sub.updatedAt) continue;
    if (digests.claimSlot(sub.id, slot, now, 'skipped')) skipped++;
  }
  return skipped;
}

/** Folds a database's WAL into its main file, so the file can be moved on its own. */
function checkpoint(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  for (const sidecar of [`${path}-wal`, `${path}-shm`]) rmSync(sidecar, { force: true });
}

/**
 * Replaces the database at `dbPath` with a backup. Refuses while a bot holds the database
 * (the lock a second bot instance meets), checks the backup, keeps the replaced database
 * beside it as `<db>.replaced-<time>`, and holds the lock throughout so no bot starts mid-way.
 */
export async function restoreBackup(opts: {
  dbPath: string;
  file: string;
  now: number;
}): Promise<RestoreSummary> {
  const { dbPath, file, now } = opts;
  const lock = acquireDatabaseLock(dbPath, now);
  try {
    const { takenAt } = inspectBackup(file);
    const staged = `${dbPath}.restoring`;
    for (const f of [staged, `${staged}-wal`, `${staged}-shm`]) rmSync(f, { force: true });
    closeSync(openSync(staged, 'wx', 0o600));
    chmodSync(staged, 0o600);
    const source = new Database(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(staged);
    } finally {
      source.close();
    }
    const restored = openDatabase(staged);
    let skippedDigestSlots = 0;
    let counts: DatabaseCounts;
    try {
      if (takenAt !== null) skippedDigestSlots = skipSlotsAfter(restored, takenAt, now);
      const { ops } = createStore(restored);
      ops.releaseLeases(now);
      counts = ops.counts();
    } finally {
      restored.close();
    }
    let replaced: string | undefined;
    if (existsSync(dbPath)) {
      checkpoint(dbPath);
      replaced = `${dbPath}.replaced-${new Date(now).toISOString().replaceAll(':', '-')}`;
      renameSync(dbPath, replaced);
    }
    for (const sidecar of [`${staged}-wal`, `${staged}-shm`]) rmSync(sidecar, { force: true });
    renameSync(staged, dbPath);
    return { takenAt, counts, replaced, skippedDigestSlots };
  } finally {
    lock.release();
  }
}
