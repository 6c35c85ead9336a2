import type { Deps } from '../deps.js';
import { staleCandidates, summarize } from '../domain/digest.js';
import type { Issue } from '../domain/issue.js';
import { buildStillQueuedMessage } from '../slack/messages/reminder-messages.js';
import { writeTx } from '../store/db.js';
import { digestGroups } from '../use-cases/load-digest.js';
import { disclosureToPerson } from '../use-cases/recipient-audience.js';
import { requestersOf } from '../use-cases/requesters.js';
import { enqueue } from './outbox/kinds.js';

const WEEK_MS = 7 * 24 * 60 * 60_000;

/**
 * Tells the requester of each candidate waiting longer than CANDIDATE_STALE_DAYS without a
 * decision that it is still in the queue: once, then at most weekly (a row per send in SQLite).
 * Returns how many reminders were queued.
 */
export async function runReminders(deps: Deps, now: number): Promise<number> {
  const t = deps.taxonomy;
  const lists = await Promise.all(
    digestGroups(deps).map((g) =>
      deps.gitlab.listGroupIssues(
        g,
        { labels: [t.labels.candidate], notLabels: [t.labels.team], state: 'opened' },
        { maxPages: 20 },
      ),
    ),
  );
  const unique = new Map<string, Issue>(lists.flatMap((l) => l.issues).map((i) => [i.ref, i]));
  let queued = 0;
  for (const issue of staleCandidates([...unique.values()], t, now, deps.config.CANDIDATE_STALE_DAYS)) {
    for (const person of requestersOf(deps, issue)) {
      // Rendered for its reader: a requester (ref set) filed it; a flagger may not see the issue.
      const shown = await disclosureToPerson(deps, person.userId, issue, { isAuthor: person.ref !== null });
      writeTx(deps.store.db, () => {
        const n = deps.store.reminders.sendIfDue(`stale:${issue.ref}:${person.userId}`, now, WEEK_MS);
        if (n === 0) return;
        const message = buildStillQueuedMessage(summarize(issue, now), person.ref, shown);
        enqueue(
          deps,
          'slack_post',
          { channel: person.userId, ...message },
          `stale:${issue.ref}:${person.userId}:${n}`,
        );
        queued++;
      });
    }
  }
  return queued;
}
