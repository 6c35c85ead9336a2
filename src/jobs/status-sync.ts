import type { Deps } from '../deps.js';
import { summarize } from '../domain/digest.js';
import { progressOf } from '../domain/request-progress.js';
import { buildProgressMessage } from '../slack/messages/reminders.js';
import { writeTx } from '../store/db.js';
import { requestersOf } from '../use-cases/requesters.js';
import { enqueue } from './outbox/kinds.js';

export const STATUS_SYNC_CURSOR = 'status-sync:updated-after';
/** On the first run, issues updated this long ago are looked at. */
const FIRST_LOOKBACK_MS = 30 * 24 * 60 * 60_000;
const MAX_PAGES = 10;

/**
 * Polls the issues the bot filed (incrementally, by `updated_after`, bounded) and tells each
 * requester (and whoever flagged a message into it) when it is closed, ready for development
 * or in dev. Each change is told once to each of them: the send is recorded in the transaction
 * that queues the message. Returns how many were queued.
 */
export async function runStatusSync(deps: Deps, now: number): Promise<number> {
  const { reminders } = deps.store;
  const cursor = reminders.cursor(STATUS_SYNC_CURSOR) ?? new Date(now - FIRST_LOOKBACK_MS).toISOString();
  const { issues, truncated } = await deps.gitlab.listOwnIssues(
    { updatedAfter: cursor, orderBy: 'updated_at', sort: 'asc', state: 'all' },
    { maxPages: MAX_PAGES },
  );
  let queued = 0;
  let latest = cursor;
  for (const issue of issues) {
    if (Date.parse(issue.updatedAt) > Date.parse(latest)) latest = issue.updatedAt;
    const progress = progressOf(issue, deps.taxonomy);
    if (!progress) continue;
    for (const person of requestersOf(deps, issue)) {
      const key = `status:${issue.ref.toLowerCase()}:${person.userId}:${progress}`;
      writeTx(deps.store.db, () => {
        if (reminders.sendIfDue(key, now, Number.POSITIVE_INFINITY) === 0) return;
        const message = buildProgressMessage(summarize(issue, now), person.ref, progress);
        enqueue(deps, 'slack_post', { channel: person.userId, ...message }, key);
        queued++;
      });
    }
  }
  reminders.setCursor(STATUS_SYNC_CURSOR, latest, now);
  if (truncated) deps.log.info({ cursor: latest }, 'status sync read its page limit; continuing next run');
  return queued;
}
