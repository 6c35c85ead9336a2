import type { Db } from './db.js';

/**
 * SQLite's own checkpoint runs inside the commit that takes the WAL past `wal_autocheckpoint`
 * pages: copying the WAL back and syncing the file (7–20 ms here) lands on whichever request
 * committed, every ~125 submissions at the default of 1,000 pages, inside a burst of them. The bot
 * checkpoints when no Slack request or webhook is being answered instead; the automatic one stays
 * as a safety net at this many pages (16 MB), for load that never goes quiet.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

export interface QuietCheckpointerOptions {
  db: Db;
  /** Requests are being answered or a burst is arriving: checkpoint later. */
  isBusy: () => boolean;
  /** How often to look for a quiet moment (1 s: a checkpoint then copies at most a second's writes). */
  everyMs?: number;
  onError?: (err: unknown) => void;
}

export interface QuietCheckpointer {
  /** Checkpoints now unless busy; true when it ran. A WAL with nothing new costs ~0.05 ms. */
  runOnce(): boolean;
  start(): void;
  stop(): void;
}

export function createQuietCheckpointer(opts: QuietCheckpointerOptions): QuietCheckpointer {
  let timer: NodeJS.Timeout | undefined;
  const runOnce = () => {
    if (opts.isBusy() || !opts.db.open) return false;
    try {
      // PASSIVE: copies what it can without waiting on another connection (a backup, `npm run backup`).
      opts.db.pragma('wal_checkpoint(PASSIVE)');
      return true;
    } catch (err) {
      opts.onError?.(err);
      return false;
    }
  };
  return {
    runOnce,
    start() {
      if (timer) return;
      timer = setInterval(runOnce, opts.everyMs ?? 1000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
