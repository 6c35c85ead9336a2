import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { openDatabase, writeTx } from '../../src/store/db.js';
import { createOutboxRepo } from '../../src/store/outbox-repo.js';

const require = createRequire(import.meta.url);

/** Another connection (a second instance of the bot) holding the write lock for `ms`. */
function holdWriteLock(path: string, ms: number): Promise<Worker> {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.path);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO deliveries (key, seen_at) VALUES ('other-instance', 0)").run();
    parentPort.postMessage('locked');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
    db.exec('COMMIT');
    db.close();
    `,
    { eval: true, workerData: { path, ms, module: require.resolve('better-sqlite3') } },
  );
  return new Promise((resolve) => worker.once('message', () => resolve(worker)));
}

describe('SQLite under a competing writer', () => {
  it('a write transaction waits for the lock (busy_timeout) instead of failing with SQLITE_BUSY', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'busy-')), 'bot.db');
    const db = openDatabase(path);
    const outbox = createOutboxRepo(db);
    const worker = await holdWriteLock(path, 300);
    const t0 = Date.now();
    writeTx(db, () => outbox.enqueue('k', {}, 0));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    expect(outbox.listByKind('k')).toHaveLength(1);
    expect(db.prepare("SELECT count(*) AS n FROM deliveries WHERE key = 'other-instance'").get()).toEqual({
      n: 1,
    });
    await worker.terminate();
    db.close();
  });

  it('the wait is bounded: past busy_timeout the write fails loudly instead of hanging', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'busy-')), 'bot.db');
    const db = openDatabase(path);
    db.pragma('busy_timeout = 100');
    const worker = await holdWriteLock(path, 1000);
    expect(() => writeTx(db, () => createOutboxRepo(db).enqueue('k', {}, 0))).toThrow(/locked|busy/i);
    await worker.terminate();
    db.close();
  });
});
