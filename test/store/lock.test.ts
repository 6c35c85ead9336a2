import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDatabaseLock, DatabaseLockedError, databaseHolder } from '../../src/store/lock.js';
import { startHarness } from '../helpers/harness.js';

describe('the database lock', () => {
  it('a second bot on the same database is refused while the first runs, and starts once it stopped', async () => {
    const h = await startHarness();
    expect(databaseHolder(h.dbPath)?.pid).toBe(process.pid);
    expect(() => acquireDatabaseLock(h.dbPath)).toThrow(DatabaseLockedError);
    await h.restart();
    expect((await h.command('help')).status).toBe(200);
    await h.close();
    expect(existsSync(`${h.dbPath}.lock`)).toBe(false);
  });

  it('a lock left by a process that died does not count', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lock-')), 'bot.db');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(String(dead.stdout));
    writeFileSync(`${path}.lock`, JSON.stringify({ pid, host: hostname(), since: 0 }));
    expect(databaseHolder(path)).toBeUndefined();
    const lock = acquireDatabaseLock(path);
    expect(databaseHolder(path)?.pid).toBe(process.pid);
    lock.release();
    expect(databaseHolder(path)).toBeUndefined();
  });
});
