import type { Deps } from '../deps.js';
import { writeTx } from '../store/db.js';
import type { RetentionCounts } from '../store/ops-repo.js';

const DAY = 24 * 60 * 60_000;

/**
 * Blanks free text copied from Slack (request fields and titles, flagged messages, escalation
 * explanations and resolution notes, finished outbox payloads) RETENTION_DAYS after the record
 * was closed. Who, what, when and the outcome stay, and so does the audit table.
 */
export function runRetention(deps: Deps, now: number): RetentionCounts {
  const cutoff = now - deps.config.RETENTION_DAYS * DAY;
  const removed = writeTx(deps.store.db, () => deps.store.ops.redactClosedBefore(cutoff, now));
  for (const [table, n] of Object.entries(removed)) {
    if (n > 0) deps.metrics.ops.retentionRemoved.inc({ table }, n);
  }
  deps.log.info({ ...removed, cutoff: new Date(cutoff).toISOString() }, 'retention run');
  return removed;
}
