import type { Db } from '../store/db.js';
import { migrations } from '../store/migrations/index.js';
import type { HttpRoute } from './receiver.js';

export interface ReadinessSources {
  db: Db;
  /** The HTTP server is listening and the bot has finished starting. */
  accepting(): boolean;
  /** SIGTERM received: finishing in-flight work, taking no more. */
  draining(): boolean;
  /** Start-up catch-up (missed escalation repeats and digest slots) still running. */
  catchingUp(): boolean;
}

const latestMigration = Math.max(...migrations.map((m) => m.version));

function migrated(db: Db): boolean {
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v === latestMigration;
}

/** A probe answers fast: it waits this long for the write lock, not the bot's busy_timeout. */
const PROBE_BUSY_MS = 200;

function writable(db: Db): boolean {
  // NOTE: BEGIN IMMEDIATE takes SQLite's write lock, so a read-only file, a full or read-only
  // file system or a stuck writer shows here; nothing is written.
  const busy = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${PROBE_BUSY_MS}`);
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return true;
  } finally {
    db.pragma(`busy_timeout = ${busy}`);
  }
}

/** What /readyz checks, by name, so an operator sees which one failed. */
export function readinessOf(s: ReadinessSources): { ready: boolean; checks: Record<string, boolean> } {
  const safe = (f: () => boolean) => {
    try {
      return f();
    } catch {
      return false;
    }
  };
  const checks = {
    migrations: safe(() => migrated(s.db)),
    databaseWritable: safe(() => s.db.open && !s.db.readonly && writable(s.db)),
    accepting: s.accepting(),
    notDraining: !s.draining(),
    catchUpDone: !s.catchingUp(),
  };
  return { ready: Object.values(checks).every(Boolean), checks };
}

/**
 * GET /readyz: 200 only when the bot should get traffic; 503 while it starts (catch-up work),
 * while it drains after SIGTERM, or when the database is not usable. /healthz stays liveness.
 */
export function createReadinessRoute(sources: ReadinessSources): HttpRoute {
  return {
    method: 'GET',
    path: '/readyz',
    async handle(_req, _res, tools) {
      const { ready, checks } = readinessOf(sources);
      tools.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...checks });
    },
  };
}
