import { chmodSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('database file modes', () => {
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('with umask 0, creates the folder 0700 and the database, its WAL and shared memory 0600', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'modes-')), 'state');
    const path = join(dir, 'bot.db');
    const db = openDatabase(path);
    db.prepare("INSERT INTO deliveries (key, seen_at) VALUES ('k', 0)").run();
    expect(mode(dir)).toBe(0o700);
    for (const f of [path, `${path}-wal`, `${path}-shm`]) {
      expect(existsSync(f), f).toBe(true);
      expect(mode(f), f).toBe(0o600);
    }
    db.close();
  });

  it('tightens a database file that an earlier version left readable by others', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'modes-')), 'bot.db');
    openDatabase(path).close();
    chmodSync(path, 0o644);
    const db = openDatabase(path);
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    db.close();
  });
});
