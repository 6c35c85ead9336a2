import { closeSync, fchmodSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ensurePrivateDir } from './db.js';

/** Who holds a database: the process id and host written into `<database>.lock`. */
export interface LockHolder {
  pid: number;
  host: string;
  since: number;
}

export class DatabaseLockedError extends Error {
  constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${path} is in use by prodsec-bot process ${holder.pid} on ${holder.host} (since ${new Date(holder.since).toISOString()}); stop it first`,
    );
    this.name = 'DatabaseLockedError';
  }
}

export interface DatabaseLock {
  release(): void;
}

const lockPath = (dbPath: string) => `${dbPath}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The lock test: the live process that holds the database, if any. A lock file left by a
 * process that died (a crash, SIGKILL) does not count. A lock from another host cannot be
 * checked and counts as held.
 */
export function databaseHolder(dbPath: string): LockHolder | undefined {
  if (dbPath === ':memory:') return undefined;
  let holder: LockHolder;
  try {
    holder = JSON.parse(readFileSync(lockPath(dbPath), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
  if (typeof holder.pid !== 'number') return undefined;
  if (holder.host === hostname() && !alive(holder.pid)) return undefined;
  return holder;
}

/**
 * Takes the database for this process: a bot while it runs, a restore while it replaces the
 * file. Throws DatabaseLockedError when a live process holds it. SQLite's own locks cannot
 * answer this: an idle bot holds none, and WAL lets a second writer in.
 */
export function acquireDatabaseLock(dbPath: string, now = Date.now()): DatabaseLock {
  if (dbPath === ':memory:') return { release() {} };
  const path = lockPath(dbPath);
  ensurePrivateDir(dirname(dbPath));
  const holder = databaseHolder(dbPath);
  if (holder) throw new DatabaseLockedError(dbPath, holder);
  // A stale lock (its process is gone) is replaced.
  rmSync(path, { force: true });
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    // Another process took it between the check and the create.
    const winner = databaseHolder(dbPath);
    if (winner) throw new DatabaseLockedError(dbPath, winner);
    throw err;
  }
  fchmodSync(fd, 0o600);
  const mine: LockHolder = { pid: process.pid, host: hostname(), since: now };
  writeSync(fd, JSON.stringify(mine));
  closeSync(fd);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        const current = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
        if (current.pid === mine.pid && current.since === mine.since) rmSync(path, { force: true });
      } catch {
        // Already gone.
      }
    },
  };
}
