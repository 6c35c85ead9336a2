import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/jobs/backup.js';
import { runDigest, runDigestCatchUp } from '../../src/jobs/digest.js';
import { runEscalationRepeats } from '../../src/jobs/escalation-repeats.js';
import { RestoreError, restoreBackup } from '../../src/ops/restore.js';
import { DatabaseLockedError } from '../../src/store/lock.js';
import { slotBefore } from '../helpers/digest-subscription.js';
import { escalateAndWait, escalationEnv, MINUTE, threadReplies } from '../helpers/escalations.js';
import { type Harness, INTERNAL, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

const DAY = 86_400_000;

/** Runs `npm run restore -- <file>` as an operator would (through tsx on the source). */
function runRestoreCli(dbPath: string, file: string): Promise<{ code: number | null; output: string }> {
  const tsx = new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
  const entry = new URL('../../src/cli/restore.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [tsx, entry, file], {
    cwd: mkdtempSync(join(tmpdir(), 'restore-cwd-')),
    env: { PATH: process.env.PATH ?? '', DATABASE_PATH: dbPath },
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('restoring a backup', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('a backup taken under load restores to a bot that continues every pending piece of work exactly once', async () => {
    const backups = mkdtempSync(join(tmpdir(), 'backups-'));
    h = await startHarness({ ...escalationEnv, TEAM_SLACK_USER_IDS: 'UTEAM', BACKUP_DIR: backups });
    const deps = () => h.bot.deps;

    // Pending at backup time: a request GitLab has not taken yet, an escalation waiting for its
    // first repeat, and a digest subscription whose next slot comes after the backup.
    h.gitlab.setDown(true);
    expect((await h.submitView(requestSubmission({ title: 'Restore me once' }))).status).toBe(200);
    await waitFor(
      () =>
        deps()
          .store.outbox.listByKind('file_request')
          .some((j) => j.attempts > 0),
      5000,
      'a failed filing attempt',
    );
    const escalation = await escalateAndWait(h);
    h.gitlab.addMilestone('sec', {
      title: 'Now',
      start_date: new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10),
      due_date: new Date(Date.now() + 7 * DAY).toISOString().slice(0, 10),
    });
    // A daily slot half an hour ago: young enough for the start-up catch-up to post it.
    const fire = new Date(Date.now() - 30 * MINUTE);
    const cron = `${fire.getUTCMinutes()} ${fire.getUTCHours()} * * *`;
    const sub = deps().store.digests.subscribe(
      { channelId: 'CDIGEST', schedule: cron, cron, timezone: 'UTC', milestone: null, createdBy: 'UTEAM' },
      Date.now() - 30 * DAY,
    );
    const slot = slotBefore(sub, Date.now());

    const takenAt = slot - 10 * MINUTE;
    const [backup] = await Promise.all([
      runBackup(deps(), takenAt),
      ...Array.from({ length: 20 }, (_, i) => h.command(i % 2 ? 'help' : 'mine', { user: `U${i}` })),
    ]);
    expect(backup).toBeDefined();

    // After the backup the old bot finishes the request and posts the digest slot.
    h.gitlab.setDown(false);
    await waitFor(() => deps().store.requests.get(1)?.status === 'filed', 10_000, 'request filed');
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(await runDigest(deps(), sub, slot, slot + MINUTE)).toBe(true);
    await h.idle();
    expect(deps().store.outbox.listByKind('digest_build')).toHaveLength(1);
    const digestPosts = h.slack.messages.filter((m) => m.channel === 'CDIGEST').length;
    expect(digestPosts).toBeGreaterThan(0);

    // A running bot holds the database: the restore refuses and changes nothing.
    const refused = await runRestoreCli(h.dbPath, backup!.file);
    expect(refused.code).toBe(3);
    expect(refused.output).toMatch(/restore refused: .* is in use by prodsec-bot process \d+/);
    await expect(restoreBackup({ dbPath: h.dbPath, file: backup!.file, now: Date.now() })).rejects.toThrow(
      DatabaseLockedError,
    );

    await h.bot.stop();
    const restored = await runRestoreCli(h.dbPath, backup!.file);
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toContain(`backup taken at ${new Date(takenAt).toISOString()}`);
    const inBackup = new Database(backup!.file, { readonly: true });
    const pending = inBackup
      .prepare(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'running')`)
      .get() as { n: number };
    inBackup.close();
    expect(pending.n).toBeGreaterThan(0);
    expect(restored.output).toContain(`requests: 1, open escalations: 1, pending outbox jobs: ${pending.n}`);
    expect(restored.output).toContain('digest slots that fell due after the backup, marked skipped: 1');
    const kept = readdirSync(join(h.dbPath, '..')).filter((f) => f.startsWith('bot.db.replaced-'));
    expect(kept).toHaveLength(1);
    expect(restored.output).toContain(`the replaced database is kept at ${join(h.dbPath, '..', kept[0]!)}`);

    // The restarted bot's start-up catch-up would post that slot again, had the restore not marked it.
    await h.restart();
    // The outbox job runs again; its duplicate check finds the issue the old bot filed.
    await waitFor(() => deps().store.requests.get(1)?.status === 'filed', 10_000, 'request filed again');
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(deps().store.requests.get(1)?.issueIid).toBe(h.gitlab.issues(INTERNAL)[0]!.iid);

    // The escalation's repeat, due after the backup, fires once.
    const at = escalation.createdAt + 15 * MINUTE;
    expect(runEscalationRepeats(deps(), at)).toBe(1);
    expect(runEscalationRepeats(deps(), at + MINUTE)).toBe(0);
    await waitFor(() => threadReplies(h, escalation.messageTs!).length === 1, 5000, 'one repeat');

    // The digest slot the old bot posted after the backup is not posted again.
    await runDigestCatchUp(deps(), Date.now());
    await h.idle();
    expect(deps().store.digests.slotStatus(sub.id, slot)).toBe('skipped');
    expect(deps().store.outbox.listByKind('digest_build')).toHaveLength(0);
    expect(h.slack.messages.filter((m) => m.channel === 'CDIGEST')).toHaveLength(digestPosts);
    expect(threadReplies(h, escalation.messageTs!)).toHaveLength(1);
  }, 60_000);

  it('refuses a file that is not a sound prodsec-bot database and leaves the database as it was', async () => {
    h = await startHarness();
    await h.bot.stop();
    const dir = mkdtempSync(join(tmpdir(), 'bad-backups-'));
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not SQLite, just some text that is long enough to look like a header');
    await expect(restoreBackup({ dbPath: h.dbPath, file: junk, now: Date.now() })).rejects.toThrow(
      RestoreError,
    );
    await expect(
      restoreBackup({ dbPath: h.dbPath, file: join(dir, 'missing.db'), now: Date.now() }),
    ).rejects.toThrow(/does not exist/);
    expect(readdirSync(join(h.dbPath, '..')).filter((f) => f.includes('replaced'))).toHaveLength(0);
    expect(existsSync(`${h.dbPath}.lock`)).toBe(false);
    await h.restart();
    expect((await h.command('help')).status).toBe(200);
  });
});
