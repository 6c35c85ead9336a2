import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_MINUTE, backupCron, runBackup } from '../../src/jobs/backup.js';
import { BACKUP_TAKEN_AT, backupName, listBackups } from '../../src/ops/backup.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

const HOUR = 60 * 60_000;
const T0 = Date.parse('2026-03-01T10:07:00Z');

const mode = (p: string) => statSync(p).mode & 0o777;

async function metric(h: Harness, line: string): Promise<number> {
  const text = await (await fetch(h.url.replace('/slack/events', '/metrics'))).text();
  const found = text.split('\n').find((l) => l.startsWith(line));
  return found ? Number(found.split(' ').pop()) : 0;
}

describe('scheduled backups', () => {
  let h: Harness;
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0);
  });
  afterEach(async () => {
    process.umask(umask);
    await h?.close();
  });

  it('writes a checked, stamped copy readable by the bot user only, and keeps the newest BACKUP_KEEP', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bk-')), 'backups');
    h = await startHarness({ BACKUP_DIR: dir, BACKUP_KEEP: '3' });
    expect((await h.submitView(requestSubmission({ title: 'In the backup' }))).status).toBe(200);
    await h.idle();
    // Left by a backup that crashed half-way: it never counts and is cleared.
    const results = [];
    for (let i = 0; i < 5; i++) {
      if (i === 2) writeFileSync(join(dir, `${backupName(T0 + HOUR)}.partial`), 'half a backup');
      results.push(await runBackup(h.bot.deps, T0 + i * HOUR));
    }
    expect(mode(dir)).toBe(0o700);
    const files = listBackups(dir);
    expect(files).toEqual(results.slice(2).map((r) => r!.file));
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial') || f.endsWith('-wal'))).toEqual([]);
    for (const f of files) expect(mode(f)).toBe(0o600);

    const copy = new Database(files[2]!, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT title FROM requests').all()).toEqual([{ title: 'In the backup' }]);
    expect(copy.prepare('SELECT value FROM ops_state WHERE key = ?').get(BACKUP_TAKEN_AT)).toEqual({
      value: String(T0 + 4 * HOUR),
    });
    copy.close();
    expect(await metric(h, 'prodsec_backups_total{outcome="ok"}')).toBe(5);
    expect(await metric(h, 'prodsec_backup_last_success_timestamp_seconds')).toBe((T0 + 4 * HOUR) / 1000);
  });

  it('a failing backup is logged and counted, and alerts OPS_CHANNEL once until one succeeds again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bk-'));
    const blocked = join(root, 'not-a-folder');
    writeFileSync(blocked, 'a file where the folder should be');
    h = await startHarness({ BACKUP_DIR: join(blocked, 'backups'), OPS_CHANNEL: 'COPS', LOG_LEVEL: 'error' });
    const alerts = () => h.slack.messages.filter((m) => m.channel === 'COPS');

    expect(await runBackup(h.bot.deps, T0)).toBeUndefined();
    expect(await runBackup(h.bot.deps, T0 + HOUR)).toBeUndefined();
    await waitFor(() => alerts().length === 1, 5000, 'alert');
    await h.idle();
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]!.text).toMatch(/could not back up its database to .*not-a-folder/);
    expect(h.logs.filter((l) => l.includes('"backup failed"'))).toHaveLength(2);
    expect(await metric(h, 'prodsec_backups_total{outcome="failed"}')).toBe(2);

    // Fixed: the next backup works, and a later failure is news again.
    h.bot.deps.config.BACKUP_DIR = join(root, 'backups');
    expect(await runBackup(h.bot.deps, T0 + 2 * HOUR)).toBeDefined();
    h.bot.deps.config.BACKUP_DIR = join(blocked, 'backups');
    expect(await runBackup(h.bot.deps, T0 + 3 * HOUR)).toBeUndefined();
    await waitFor(() => alerts().length === 2, 5000, 'second alert');
    expect(await metric(h, 'prodsec_backups_total{outcome="ok"}')).toBe(1);
  });

  it('without BACKUP_CRON it runs hourly at a minute picked once and kept across restarts', async () => {
    h = await startHarness({ BACKUP_DIR: mkdtempSync(join(tmpdir(), 'bk-')) });
    const first = backupCron(h.bot.deps, T0);
    expect(first).toMatch(/^([0-9]|[1-5][0-9]) \* \* \* \*$/);
    expect(h.bot.deps.store.ops.state(BACKUP_MINUTE)).toBe(first.split(' ')[0]);
    await h.restart();
    expect(backupCron(h.bot.deps, T0 + HOUR)).toBe(first);
    await h.restart({ BACKUP_CRON: '30 2 * * *' });
    expect(backupCron(h.bot.deps, T0)).toBe('30 2 * * *');
  });

  it('`npm run backup` takes one now while the bot runs, and says what it holds', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bk-')), 'now');
    h = await startHarness();
    expect((await h.submitView(requestSubmission())).status).toBe(200);
    await h.idle();
    const tsx = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
    const entry = new URL('../../src/cli/backup.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, [tsx, entry], {
      cwd: mkdtempSync(join(tmpdir(), 'bk-cwd-')),
      env: { PATH: process.env.PATH ?? '', DATABASE_PATH: h.dbPath, BACKUP_DIR: dir },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    const [file] = listBackups(dir);
    expect(output).toContain(`backup written: ${file}`);
    expect(output).toContain('requests: 1, open escalations: 0, pending outbox jobs: 0');
    expect(mode(file!)).toBe(0o600);
    expect((await h.command('help')).status).toBe(200);
  });

  it('with BACKUP_DIR unset it takes none', async () => {
    h = await startHarness();
    expect(await runBackup(h.bot.deps, T0)).toBeUndefined();
    expect(await metric(h, 'prodsec_backups_total{outcome="failed"}')).toBe(0);
  });
});
