import type { Db } from './db.js';

/** Remembers delivery ids (event_id, trigger_id) so a Slack redelivery runs no side effect twice. */
export function createDeliveriesRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO deliveries (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const prune = db.prepare('DELETE FROM deliveries WHERE seen_at < ?');
  return {
    /** True the first time a key is seen; false for every repeat, including concurrent ones. */
    firstSeen(key: string, now: number): boolean {
      return insert.run(key, now).changes === 1;
    },
    prune(olderThan: number): number {
      return prune.run(olderThan).changes;
    },
  };
}

export type DeliveriesRepo = ReturnType<typeof createDeliveriesRepo>;
