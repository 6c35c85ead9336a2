import type { Deps } from '../deps.js';
import { audienceAt, type EscalationInput } from '../domain/escalation.js';
import { formatIssueRef, parseIssueRef } from '../domain/issue-ref.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { writeTx } from '../store/db.js';
import type { EscalationRecord } from '../store/escalations-repo.js';

export interface EscalationSubmission extends EscalationInput {
  /** The Slack trigger or view id: a repeated delivery escalates nothing new. */
  sourceKey: string;
  escalator: string;
  requestRef: string | null;
}

export type EscalateResult =
  | { ok: true; record: EscalationRecord; created: boolean }
  | { ok: false; reason: 'not_configured' };

export const NOT_CONFIGURED =
  'Urgent escalations are not set up yet (ESCALATION_CHANNEL is empty). Please post in the security channel and tag the security support group yourself.';

/**
 * Saves an urgent escalation, claims its first chain level and queues its post (and the GitLab
 * note when the link is an issue) in one transaction: once this returns, nothing can be lost,
 * and the repeats are driven from the row, not from a timer in memory.
 */
export function escalate(deps: Deps, s: EscalationSubmission): EscalateResult {
  const channel = deps.config.ESCALATION_CHANNEL;
  if (!channel) return { ok: false, reason: 'not_configured' };
  const now = deps.clock();
  const issue = parseIssueRef(s.link, deps.config.GITLAB_PRODUCT_PROJECT, deps.config.GITLAB_URL) ?? null;
  const repeatMs = deps.config.ESCALATION_REPEAT_MINUTES * 60_000;
  const { escalations, audit } = deps.store;
  const result = writeTx(deps.store.db, () => {
    const saved = escalations.insert(
      {
        sourceKey: s.sourceKey,
        link: s.link,
        explanation: s.explanation,
        escalator: s.escalator,
        requestRef: s.requestRef,
        issue,
        channelId: channel,
        nextRepeatAt: deps.config.ESCALATION_MAX_REPEATS > 0 ? now + repeatMs : null,
      },
      now,
    );
    if (!saved.created) return saved;
    const e = saved.record;
    escalations.claimLevel(e.id, 0, 0, audienceAt(deps.config.ESCALATION_CHAIN, 0).join('+'), now);
    enqueue(deps, 'escalation_post', { escalationId: e.id, round: 0, level: 0 });
    if (issue)
      enqueue(deps, 'escalation_note', {
        escalationId: e.id,
        project: issue.project,
        iid: issue.iid,
        event: 'escalated',
        ref: e.ref,
        at: now,
        round: 0,
      });
    audit.record({
      at: now,
      actor: s.escalator,
      action: 'escalation.escalate',
      issueRef: issue ? formatIssueRef(issue) : null,
      reason: s.explanation.slice(0, 500),
      outcome: 'ok',
      details: { escalation: e.ref, link: s.link, request: s.requestRef },
    });
    return saved;
  });
  return { ok: true, ...result };
}
