import { jsonColumn, recordTable, storedError } from './columns.js';
import type { Db } from './db.js';

export type OutboxStatus = 'pending' | 'running' | 'done' | 'dead';

export interface OutboxJob {
  id: number;
  kind: string;
  dedupeKey: string | null;
  payload: unknown;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
}

const outboxTable = recordTable<OutboxJob>({
  id: 'id',
  kind: 'kind',
  dedupeKey: 'dedupe_key',
  payload: jsonColumn('payload'),
  status: 'status',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  lastError: 'last_error',
  createdAt: 'created_at',
});

/**
 * The outbox: every side effect that must reach GitLab or Slack is written here in the same
 * transaction as the state it belongs to, then carried out (and retried) by the worker.
 */
export function createOutboxRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO outbox (kind, dedupe_key, payload, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  const due = db.prepare(
    `SELECT ${outboxTable.select} FROM outbox WHERE (status = 'pending' AND next_attempt_at <= @now)
        OR (status = 'running' AND lease_until < @now)
     ORDER BY next_attempt_at, id LIMIT @limit`,
  );
  const claim = db.prepare(
    `UPDATE outbox SET status = 'running', attempts = attempts + 1, lease_until = @lease, updated_at = @now
     WHERE id = @id AND ((status = 'pending' AND next_attempt_at <= @now) OR (status = 'running' AND lease_until < @now))`,
  );
  const byId = db.prepare(`SELECT ${outboxTable.select} FROM outbox WHERE id = ?`);
  const done = db.prepare(
    `UPDATE outbox SET status = 'done', lease_until = NULL, last_error = NULL, updated_at = ? WHERE id = ?`,
  );
  const retry = db.prepare(
    `UPDATE outbox SET status = 'pending', lease_until = NULL, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?`,
  );
  const dead = db.prepare(
    `UPDATE outbox SET status = 'dead', lease_until = NULL, last_error = ?, updated_at = ? WHERE id = ?`,
  );
  const stats = db.prepare(
    `SELECT count(*) AS depth, min(created_at) AS oldest FROM outbox WHERE status IN ('pending', 'running')`,
  );
  const nextDue = db.prepare(`SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'pending'`);
  const byStatus = db.prepare(`SELECT ${outboxTable.select} FROM outbox WHERE kind = ? ORDER BY id`);

  return {
    enqueue(
      kind: string,
      payload: unknown,
      now: number,
      opts: { dedupeKey?: string; at?: number } = {},
    ): boolean {
      const info = insert.run(
        kind,
        opts.dedupeKey ?? null,
        JSON.stringify(payload),
        opts.at ?? now,
        now,
        now,
      );
      return info.changes === 1;
    },
    /** Claims up to `limit` due jobs for `leaseMs`; a job whose lease ran out (a crash) is claimable again. */
    claimDue(now: number, limit: number, leaseMs: number): OutboxJob[] {
      return db
        .transaction(() => {
          const rows = due.all({ now, limit }) as { id: number }[];
          const claimed: OutboxJob[] = [];
          for (const r of rows) {
            if (claim.run({ id: r.id, now, lease: now + leaseMs }).changes === 1) {
              claimed.push(outboxTable.toRecord(byId.get(r.id)));
            }
          }
          return claimed;
        })
        .immediate();
    },
    complete(id: number, now: number): void {
      done.run(now, id);
    },
    retryLater(id: number, at: number, error: string, now: number): void {
      retry.run(at, storedError(error), now, id);
    },
    kill(id: number, error: string, now: number): void {
      dead.run(storedError(error), now, id);
    },
    stats(): { depth: number; oldest: number | null } {
      return stats.get() as { depth: number; oldest: number | null };
    },
    nextDueAt(): number | null {
      return (nextDue.get() as { at: number | null }).at;
    },
    listByKind(kind: string): OutboxJob[] {
      return byStatus.all(kind).map(outboxTable.toRecord);
    },
  };
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
