import { randomInt } from 'node:crypto';
import type { Deps } from '../deps.js';
import { type BackupResult, takeBackup } from '../ops/backup.js';
import { escapeMrkdwn } from '../slack/escape.js';
import { enqueue } from './outbox/kinds.js';

/** Set while backups fail and OPS_CHANNEL has been told: the next failures stay quiet. */
export const BACKUP_FAILING = 'backup_failing_since';
export const BACKUP_MINUTE = 'backup_minute';

/**
 * BACKUP_CRON, or hourly at a minute picked at random on first start and kept in SQLite, so
 * several bots on one host do not all back up at :00 and a restart keeps the same minute.
 */
export function backupCron(deps: Pick<Deps, 'config' | 'store'>, now: number): string {
  if (deps.config.BACKUP_CRON) return deps.config.BACKUP_CRON;
  const minute = deps.store.ops.stateOnce(BACKUP_MINUTE, String(randomInt(60)), now);
  return `${minute} * * * *`;
}

/**
 * Takes one backup into BACKUP_DIR. A failure is logged and counted, and OPS_CHANNEL is told
 * once until a backup succeeds again. Returns the backup, or undefined when backups are off or it failed.
 */
export async function runBackup(deps: Deps, now: number): Promise<BackupResult | undefined> {
  const dir = deps.config.BACKUP_DIR;
  if (!dir) return undefined;
  const { ops } = deps.store;
  const m = deps.metrics.ops;
  try {
    const result = await takeBackup(deps.store.db, { dir, now, keep: deps.config.BACKUP_KEEP });
    m.backups.inc({ outcome: 'ok' });
    m.lastBackup.set(now / 1000);
    if (ops.state(BACKUP_FAILING) !== undefined) {
      ops.clearState(BACKUP_FAILING);
      deps.log.info({ file: result.file }, 'backups work again');
    } else {
      deps.log.info({ file: result.file }, 'backup taken');
    }
    return result;
  } catch (err) {
    const error = (err as Error).message;
    m.backups.inc({ outcome: 'failed' });
    deps.log.error({ dir, error }, 'backup failed');
    if (ops.state(BACKUP_FAILING) === undefined) {
      ops.setState(BACKUP_FAILING, String(now), now);
      if (deps.config.OPS_CHANNEL) {
        enqueue(
          deps,
          'slack_post',
          {
            channel: deps.config.OPS_CHANNEL,
            text: `:floppy_disk: prodsec-bot could not back up its database to ${escapeMrkdwn(dir)}: ${escapeMrkdwn(error.slice(0, 300))}. No further alert until a backup succeeds.`,
          },
          `backup-failed:${now}`,
        );
      }
    }
    return undefined;
  }
}
