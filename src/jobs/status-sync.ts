import type { Deps } from '../deps.js';
import type { Issue } from '../domain/issue.js';
import { newRequestLabels } from '../domain/taxonomy.js';
import { buildWebhookSilenceAlert } from '../slack/messages/issue-change-messages.js';
import { applyIssueChange, inScope } from '../webhooks/apply-issue-change.js';
import type { ObservedIssue } from '../webhooks/hook-payload.js';
import { enqueue } from './outbox/kinds.js';

export const STATUS_SYNC_CURSOR = 'status-sync:updated-after';
/** On the first run, issues updated this long ago are looked at. */
const FIRST_LOOKBACK_MS = 30 * 24 * 60 * 60_000;
const MAX_PAGES = 10;
/** Existing issues flagged into, read one by one each sweep (the bot did not file them). */
const MAX_FLAGGED_READS = 100;

function projectPathOf(issue: Issue): string {
  const i = issue.ref.lastIndexOf('#');
  return i > 0 ? issue.ref.slice(0, i) : '';
}

/** A REST read as an observation. Never seen before: a filed issue started as a new request. */
function observe(deps: Deps, issue: Issue, filedByBot: boolean): ObservedIssue {
  return {
    projectId: issue.projectId,
    projectPath: projectPathOf(issue),
    iid: issue.iid,
    title: issue.title,
    confidential: issue.confidential,
    webUrl: issue.webUrl,
    snapshot: { state: issue.state, labels: issue.labels, updatedAt: issue.updatedAt },
    previous: filedByBot ? { labels: newRequestLabels(deps.taxonomy), state: 'opened' } : null,
    actor: null,
  };
}

/**
 * The reconciliation sweep: webhooks are how the bot learns what changed in GitLab; this catches
 * what a missed webhook did not deliver. It polls the issues the bot filed (incrementally, by
 * `updated_after`, bounded) and the existing issues messages were flagged into, and applies them
 * through the same change record as webhooks, so nothing is told twice. When it finds changes
 * and no webhook was accepted for WEBHOOK_SILENCE_ALERT_MINUTES, OPS_CHANNEL is alerted once.
 * Returns how many changes it recorded.
 */
export async function runStatusSync(deps: Deps, now: number): Promise<number> {
  const { reminders } = deps.store;
  const cursor = reminders.cursor(STATUS_SYNC_CURSOR) ?? new Date(now - FIRST_LOOKBACK_MS).toISOString();
  const { issues, truncated } = await deps.gitlab.listOwnIssues(
    { updatedAfter: cursor, orderBy: 'updated_at', sort: 'asc', state: 'all' },
    { maxPages: MAX_PAGES },
  );
  let found = 0;
  let latest = cursor;
  for (const issue of issues) {
    if (Date.parse(issue.updatedAt) > Date.parse(latest)) latest = issue.updatedAt;
    found += (await applyIssueChange(deps, observe(deps, issue, true), 'sweep')).length;
  }
  for (const f of deps.store.issueChanges.flaggedExistingIssues(MAX_FLAGGED_READS)) {
    try {
      const issue = await deps.gitlab.getIssue(f.project, f.iid);
      if (!inScope(deps, projectPathOf(issue), issue.projectId)) continue;
      found += (await applyIssueChange(deps, observe(deps, issue, false), 'sweep')).length;
    } catch (err) {
      deps.log.info(
        { issue: f.issueKey, error: (err as Error).message },
        'sweep could not read a flagged issue',
      );
    }
  }
  reminders.setCursor(STATUS_SYNC_CURSOR, latest, now);
  if (truncated) deps.log.info({ cursor: latest }, 'status sync read its page limit; continuing next run');
  if (found > 0) alertIfSilent(deps, now);
  return found;
}

/** Changes no webhook delivered, and no webhook for a while: the hook is probably broken. Once per silence. */
function alertIfSilent(deps: Deps, now: number): void {
  const minutes = deps.config.WEBHOOK_SILENCE_ALERT_MINUTES;
  const last = deps.store.issueChanges.lastDeliveryAt();
  if (last !== null && now - last < minutes * 60_000) return;
  deps.log.warn({ lastWebhookAt: last }, 'the sweep found changes no webhook delivered');
  if (!deps.config.OPS_CHANNEL) return;
  const hookUrl = deps.config.GITLAB_GROUPS[0]
    ? `${deps.config.GITLAB_URL}/groups/${deps.config.GITLAB_GROUPS[0]}/-/hooks`
    : null;
  enqueue(
    deps,
    'slack_post',
    { channel: deps.config.OPS_CHANNEL, ...buildWebhookSilenceAlert(minutes, hookUrl) },
    `webhook-silence:${last ?? 'never'}`,
  );
}
