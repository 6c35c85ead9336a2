import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createQuietCheckpointer, WAL_AUTOCHECKPOINT_PAGES } from '../../src/store/checkpoint.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { waitFor } from '../helpers/slack-request.js';

describe('quiet WAL checkpoints', () => {
  let db: Db | undefined;
  afterEach(() => db?.close());

  function openWithWrites() {
    const path = join(mkdtempSync(join(tmpdir(), 'checkpoint-')), 'bot.db');
    db = openDatabase(path);
    // Migrations leave the WAL checkpointed, so the file's size is what was copied back so far.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(path).size;
    db.exec('CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = db.prepare('INSERT INTO scratch (body) VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(500));
    return { db, size: () => statSync(path).size, before };
  }

  it('leaves a burst of commits in the WAL (the automatic checkpoint is only a safety net)', () => {
    const { db, size, before } = openWithWrites();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(size()).toBe(before);
  });

  it('checkpoints only when no request is being answered', () => {
    const { db, size, before } = openWithWrites();
    let busy = true;
    const checkpointer = createQuietCheckpointer({ db, isBusy: () => busy });
    expect(checkpointer.runOnce()).toBe(false);
    expect(size()).toBe(before);
    busy = false;
    expect(checkpointer.runOnce()).toBe(true);
    expect(size()).toBeGreaterThan(before + 200 * 500);
  });

  it('looks for a quiet moment on its own once started, and stops', async () => {
    const { db, size, before } = openWithWrites();
    let busy = true;
    const checkpointer = createQuietCheckpointer({ db, isBusy: () => busy, everyMs: 5 });
    checkpointer.start();
    await new Promise((r) => setTimeout(r, 40));
    expect(size()).toBe(before);
    busy = false;
    await waitFor(() => size() > before, 2000, 'the quiet checkpoint');
    checkpointer.stop();
    const after = size();
    db.exec("INSERT INTO scratch (body) VALUES ('more')");
    db.prepare('INSERT INTO scratch (body) VALUES (?)').run('y'.repeat(20_000));
    await new Promise((r) => setTimeout(r, 40));
    expect(size()).toBe(after);
  });

  it('reports a failed checkpoint and does not throw from its timer', () => {
    const { db } = openWithWrites();
    const errors: unknown[] = [];
    const failing = {
      open: true,
      pragma: () => {
        throw new Error('disk I/O error');
      },
    } as unknown as Db;
    const checkpointer = createQuietCheckpointer({
      db: failing,
      isBusy: () => false,
      onError: (e) => errors.push(e),
    });
    expect(checkpointer.runOnce()).toBe(false);
    expect(errors).toHaveLength(1);
    expect(db.open).toBe(true);
  });
});
