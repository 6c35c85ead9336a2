import type { Deps } from '../deps.js';
import { audienceAt, type EscalationInput } from '../domain/escalation.js';
import { formatIssueRef, parseIssueRef } from '../domain/issue-ref.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { writeTx } from '../store/db.js';
import type { EscalationRecord } from '../store/escalations-repo.js';
import type { RequestRecord } from '../store/requests-repo.js';
import { authorize, type Denied } from './authorize.js';
import { refInScope } from './project-scope.js';

export interface EscalationSubmission extends EscalationInput {
  /** The Slack trigger or view id: a repeated delivery escalates nothing new. */
  sourceKey: string;
  escalator: string;
  requestRef: string | null;
}

export type EscalateResult =
  | { ok: true; record: EscalationRecord; created: boolean }
  | { ok: false; reason: 'not_configured' };

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
    // An escalation may carry any link; the bot writes notes only on issues in its scope.
    if (issue && refInScope(deps, issue))
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

export type EscalateFromRequest =
  | { kind: 'missing' }
  | Denied
  | { kind: 'not_configured' }
  | { kind: 'ready'; request: RequestRecord; channelId: string };

/** The Escalate button on a request's confirmation: only its requester may use it. */
export async function startEscalationFromRequest(
  deps: Deps,
  input: { userId: string; requestId: number | undefined },
): Promise<EscalateFromRequest> {
  const request = input.requestId === undefined ? undefined : deps.store.requests.get(input.requestId);
  if (!request) return { kind: 'missing' };
  const access = await authorize(deps, {
    userId: input.userId,
    action: 'escalation.from_request',
    target: { kind: 'request', ref: request.ref, requesterId: request.requesterId },
  });
  if (access.kind === 'denied') return access;
  const channelId = deps.config.ESCALATION_CHANNEL;
  return channelId ? { kind: 'ready', request, channelId } : { kind: 'not_configured' };
}
