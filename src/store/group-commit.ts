import type { Db } from './db.js';

/**
 * Group commit for the writes a person waits on (a submitted form is acknowledged only once its
 * request is saved). Writes queued in the same turn of the event loop are committed together in
 * one BEGIN IMMEDIATE transaction at `setImmediate`, each in its own savepoint: a write that throws
 * is rolled back alone and rejects alone, the others commit. A burst of submissions then pays one
 * commit (its WAL frames, its checkpoint share) per turn instead of one per request; a lone write
 * waits no timer, only the end of the current turn.
 */
export interface GroupCommit {
  /** Runs `fn` inside a transaction of the next group; resolves once that transaction committed. */
  run<T>(fn: () => T): Promise<T>;
}

interface Pending {
  fn: () => unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export function createGroupCommit(db: Db, schedule: (flush: () => void) => void = setImmediate): GroupCommit {
  let queue: Pending[] = [];

  function flush(): void {
    const group = queue;
    queue = [];
    if (group.length === 1) {
      const only = group[0] as Pending;
      try {
        only.resolve(db.transaction(only.fn).immediate());
      } catch (err) {
        only.reject(err);
      }
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      db.transaction(() => {
        for (const p of group) {
          try {
            // Nested: better-sqlite3 runs it in a SAVEPOINT, rolled back alone if it throws.
            outcomes.push({ ok: true, value: db.transaction(p.fn)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (err) {
      // The commit itself failed (busy past busy_timeout, disk full): nothing of the group is saved.
      for (const p of group) p.reject(err);
      return;
    }
    group.forEach((p, i) => {
      const o = outcomes[i];
      if (o?.ok) p.resolve(o.value);
      else p.reject(o?.error);
    });
  }

  return {
    run<T>(fn: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (queue.length === 1) schedule(flush);
      });
    },
  };
}
