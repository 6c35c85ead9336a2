import type { Deps } from '../deps.js';
import type { WebhookDelivery } from '../store/issue-changes-repo.js';
import { applyComment, applyIssueChange } from './apply-issue-change.js';
import { ISSUE_EVENTS, NOTE_EVENTS, parseIssueHook, parseNoteHook } from './hook-payload.js';

/**
 * Works through one saved GitLab delivery (after it was acknowledged): an issue event applies
 * the issue's new state, a note event a comment. Events the bot does not use, or payloads it
 * cannot read, are marked done and logged. Safe to run again: the change record deduplicates.
 */
export async function processDelivery(deps: Deps, delivery: WebhookDelivery): Promise<void> {
  if (delivery.status === 'done') return;
  if ((ISSUE_EVENTS as readonly string[]).includes(delivery.event)) {
    const observed = parseIssueHook(delivery.body);
    if (observed) await applyIssueChange(deps, observed, 'webhook');
    else deps.log.info({ delivery: delivery.id, event: delivery.event }, 'unreadable issue hook ignored');
  } else if ((NOTE_EVENTS as readonly string[]).includes(delivery.event)) {
    const note = parseNoteHook(delivery.body, delivery.event);
    if (note) await applyComment(deps, note);
  }
  deps.store.issueChanges.markDeliveryDone(delivery.id, deps.clock());
}
