import type { Deps } from '../deps.js';
import { backupCron, runBackup } from './backup.js';
import { registerDigestSchedules } from './digest.js';
import { runEscalationRepeats } from './escalation-repeats.js';
import { runReminders } from './reminders.js';
import { runRetention } from './retention.js';
import { runStatusSync } from './status-sync.js';

/** Every scheduled job, registered on start. Jobs are plain `runX(deps, now)` functions elsewhere in jobs/. */
export function registerJobs(deps: Deps): void {
  deps.scheduler.every('prune-deliveries', 60 * 60_000, () =>
    deps.store.deliveries.prune(deps.clock() - 24 * 60 * 60_000),
  );
  // GitLab's "Resend request" can replay a delivery days later: its key is kept a week.
  deps.scheduler.every('prune-webhook-deliveries', 60 * 60_000, () =>
    deps.store.issueChanges.pruneDeliveries(deps.clock() - 7 * 24 * 60 * 60_000),
  );
  // Repeats are rows in SQLite: the start-up run catches up on any that fell due while down.
  deps.scheduler.soon('escalation-repeats-startup', () => runEscalationRepeats(deps, deps.clock()));
  deps.scheduler.every('escalation-repeats', 30_000, () => runEscalationRepeats(deps, deps.clock()));
  // Digest subscriptions go to node-cron; a slot missed while down is caught up once at start.
  registerDigestSchedules(deps);
  deps.scheduler.every('stale-reminders', 60 * 60_000, () => runReminders(deps, deps.clock()));
  // The reconciliation sweep: webhooks are the mechanism, this catches what one missed.
  deps.scheduler.every('status-sync', deps.config.STATUS_SYNC_MINUTES * 60_000, () =>
    runStatusSync(deps, deps.clock()),
  );
  if (deps.config.BACKUP_DIR) {
    deps.scheduler.cron('backup', backupCron(deps, deps.clock()), 'UTC', () => runBackup(deps, deps.clock()));
  }
  deps.scheduler.cron('retention', '17 3 * * *', 'UTC', () => runRetention(deps, deps.clock()));
}
