import type { Deps } from '../deps.js';
import { type DecisionKind, issueKeyOf } from '../domain/decision.js';
import { formatIssueRef, type IssueRef } from '../domain/issue-ref.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { writeTx } from '../store/db.js';
import type { DecisionRecord } from '../store/decisions-repo.js';

export interface DecisionInput {
  kind: DecisionKind;
  ref: IssueRef;
  actorId: string;
  /** The Slack delivery (trigger or view id): a redelivery records nothing twice. */
  sourceKey: string;
  reason: string | null;
  metric: string | null;
  seekCommunity: boolean;
}

export type DecideResult =
  | { ok: true; record: DecisionRecord }
  /** Another decision on the same issue is still on its way to GitLab. */
  | { ok: false; pending: DecisionRecord };

/**
 * Records a triage decision, its audit row and the job that applies it to GitLab, in one
 * transaction: from here on the decision cannot be lost, and the outbox applies it step by step.
 */
export function decide(deps: Deps, d: DecisionInput): DecideResult {
  const issueKey = issueKeyOf(d.ref);
  const result = writeTx(deps.store.db, (): DecideResult => {
    const now = deps.clock();
    const pending = deps.store.decisions.pendingFor(issueKey);
    if (pending && pending.sourceKey !== d.sourceKey) return { ok: false, pending };
    const { record, created } = deps.store.decisions.insert(
      { ...d, project: d.ref.project, iid: d.ref.iid, issueKey },
      now,
    );
    if (!created) return { ok: true, record };
    deps.store.audit.record({
      at: now,
      actor: d.actorId,
      action: `triage.${d.kind}`,
      issueRef: formatIssueRef(d.ref),
      reason: d.reason,
      outcome: 'queued',
      details: { decision: record.id, metric: d.metric, seekCommunity: d.seekCommunity },
    });
    enqueue(deps, 'apply_decision', { decisionId: record.id });
    return { ok: true, record };
  });
  if (result.ok) void deps.outbox.kick();
  return result;
}

/**
 * True when the user is on the team. Anyone else is refused, and the attempt is audited:
 * membership comes from the payload's user, never from a value carried in a button or a form.
 */
export async function allowTeamOnly(
  deps: Deps,
  attempt: { userId: string; action: string; issueRef: string | null; details?: Record<string, unknown> },
): Promise<boolean> {
  if (await deps.team.isMember(attempt.userId)) return true;
  deps.store.audit.record({
    at: deps.clock(),
    actor: attempt.userId,
    action: attempt.action,
    issueRef: attempt.issueRef,
    reason: null,
    outcome: 'denied',
    details: attempt.details ?? null,
  });
  deps.log.info({ user: attempt.userId, action: attempt.action }, 'team-only action refused');
  return false;
}
