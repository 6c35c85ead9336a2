import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db.js';
import { createGroupCommit } from '../../src/store/group-commit.js';

/** A scheduler the test runs by hand, so a group is exactly what was queued before `flush()`. */
function manual() {
  let pending: (() => void) | undefined;
  return {
    schedule: (f: () => void) => {
      pending = f;
    },
    flush: () => pending?.(),
  };
}

describe('group commit', () => {
  let db: Db;
  afterEach(() => db.close());
  const setup = () => {
    db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    const keys = () => (db.prepare('SELECT k FROM t ORDER BY k').all() as { k: string }[]).map((r) => r.k);
    return { insert, keys };
  };

  it('commits the writes queued in one turn together, each resolving with its own value', async () => {
    const { insert, keys } = setup();
    const m = manual();
    const g = createGroupCommit(db, m.schedule);
    const a = g.run(() => insert.run('a').changes);
    const b = g.run(() => insert.run('b').changes);
    expect(keys()).toEqual([]);
    m.flush();
    await expect(a).resolves.toBe(1);
    await expect(b).resolves.toBe(1);
    expect(keys()).toEqual(['a', 'b']);
  });

  it('a write that throws is rolled back alone and rejects alone; the others commit', async () => {
    const { insert, keys } = setup();
    const m = manual();
    const g = createGroupCommit(db, m.schedule);
    const a = g.run(() => insert.run('a'));
    const bad = g.run(() => {
      insert.run('half-done');
      throw new Error('refused');
    });
    const c = g.run(() => insert.run('c'));
    m.flush();
    await expect(bad).rejects.toThrow('refused');
    await expect(a).resolves.toBeDefined();
    await expect(c).resolves.toBeDefined();
    expect(keys()).toEqual(['a', 'c']);
  });

  it('a write queued after a flush goes in the next group', async () => {
    const { insert, keys } = setup();
    const m = manual();
    const g = createGroupCommit(db, m.schedule);
    const a = g.run(() => insert.run('a'));
    m.flush();
    await a;
    const b = g.run(() => insert.run('b'));
    expect(keys()).toEqual(['a']);
    m.flush();
    await b;
    expect(keys()).toEqual(['a', 'b']);
  });

  it('when the commit itself fails, every write of the group rejects and none is saved', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'group-')), 'g.db');
    db = openDatabase(file);
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    db.pragma('busy_timeout = 0');
    const insert = db.prepare('INSERT INTO t (k) VALUES (?)');
    const m = manual();
    const g = createGroupCommit(db, m.schedule);
    const a = g.run(() => insert.run('a'));
    const b = g.run(() => insert.run('b'));
    // Another writer (a second process) holds the write lock: BEGIN IMMEDIATE is refused.
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    m.flush();
    other.exec('ROLLBACK');
    other.close();
    await expect(a).rejects.toThrow(/locked|busy/i);
    await expect(b).rejects.toThrow(/locked|busy/i);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('with the default scheduler a lone write commits at the end of the turn', async () => {
    const { insert, keys } = setup();
    const g = createGroupCommit(db);
    await g.run(() => insert.run('solo'));
    expect(keys()).toEqual(['solo']);
  });
});
