import type { Db } from './db.js';

/** What the bot has already told whom (reminders, status changes), and where incremental jobs left off. */
export function createRemindersRepo(db: Db) {
  const get = db.prepare('SELECT sent_at AS sentAt, count FROM reminder_sends WHERE key = ?');
  const upsert = db.prepare(
    `INSERT INTO reminder_sends (key, sent_at, count) VALUES (?, ?, 1)
     ON CONFLICT (key) DO UPDATE SET sent_at = excluded.sent_at, count = count + 1`,
  );
  const insertOnce = db.prepare(
    'INSERT INTO reminder_sends (key, sent_at, count) VALUES (?, ?, 1) ON CONFLICT (key) DO NOTHING',
  );
  const cursorGet = db.prepare('SELECT value FROM job_cursors WHERE name = ?');
  const cursorSet = db.prepare(
    `INSERT INTO job_cursors (name, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  return {
    lastSent(key: string): { sentAt: number; count: number } | undefined {
      return get.get(key) as { sentAt: number; count: number } | undefined;
    },
    /**
     * Records a send when none happened within `everyMs` (never, for a one-off: pass Infinity).
     * Returns the send's number (1 for the first), or 0 when it is not due. Call inside the
     * transaction that queues the message, so the record and the message go together.
     */
    sendIfDue(key: string, now: number, everyMs: number): number {
      if (everyMs === Number.POSITIVE_INFINITY) return insertOnce.run(key, now).changes === 1 ? 1 : 0;
      const last = get.get(key) as { sentAt: number; count: number } | undefined;
      if (last && now - last.sentAt < everyMs) return 0;
      upsert.run(key, now);
      return (last?.count ?? 0) + 1;
    },
    cursor(name: string): string | undefined {
      return (cursorGet.get(name) as { value: string } | undefined)?.value;
    },
    setCursor(name: string, value: string, now: number): void {
      cursorSet.run(name, value, now);
    },
  };
}

export type RemindersRepo = ReturnType<typeof createRemindersRepo>;
