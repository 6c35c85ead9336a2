import type { Deps } from '../deps.js';
import { type DecisionKind, issueKeyOf } from '../domain/decision.js';
import { formatIssueRef, type IssueRef } from '../domain/issue-ref.js';
import { APPLY_DECISION } from '../jobs/outbox/apply-decision.js';
import { writeTx } from '../store/db.js';
import type { DecisionRecord } from '../store/decisions-repo.js';
import { authorize, type Denied } from './authorize.js';

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

type DecideResult =
  | { ok: true; record: DecisionRecord }
  /** Another decision on the same issue is still on its way to GitLab. */
  | { ok: false; pending: DecisionRecord };

/**
 * Records a triage decision, its audit row and the job that applies it to GitLab, in one
 * transaction: from here on the decision cannot be lost, and the outbox applies it step by step.
 */
function decide(deps: Deps, d: DecisionInput): DecideResult {
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
    deps.store.outbox.enqueue(APPLY_DECISION, { decisionId: record.id }, now, {
      dedupeKey: `decision:${record.id}`,
    });
    return { ok: true, record };
  });
  if (result.ok) void deps.outbox.kick();
  return result;
}

export type TriageDecision =
  | Denied
  /** The control or form did not name a GitLab issue. */
  | { kind: 'no_issue' }
  | { kind: 'queued'; record: DecisionRecord }
  | { kind: 'pending'; pending: DecisionRecord };

export interface DecisionAttempt extends Omit<DecisionInput, 'ref' | 'actorId'> {
  userId: string;
  ref: IssueRef | undefined;
  /** Context for the audit row when the attempt is refused. */
  details?: Record<string, unknown>;
}

/**
 * Take on or decline, as the person who pressed or submitted: the team rule first (whoever the
 * control names), then the decision itself.
 */
export async function decideAsMember(deps: Deps, a: DecisionAttempt): Promise<TriageDecision> {
  const access = await authorize(deps, {
    userId: a.userId,
    action: a.kind === 'take_on' ? 'triage.take_on' : 'triage.decline',
    target: { kind: 'issue', ref: a.ref ? formatIssueRef(a.ref) : null },
    details: a.details,
  });
  if (access.kind === 'denied') return access;
  if (!a.ref) return { kind: 'no_issue' };
  const { userId, details: _details, ...input } = a;
  const result = decide(deps, { ...input, ref: a.ref, actorId: userId });
  return result.ok ? { kind: 'queued', record: result.record } : { kind: 'pending', pending: result.pending };
}

/** Decline opens a form first: the person is checked before it opens, and again on submit. */
export async function startDecline(
  deps: Deps,
  a: { userId: string; ref: IssueRef | undefined },
): Promise<Denied | { kind: 'no_issue' } | { kind: 'ready'; issueRef: string }> {
  const issueRef = a.ref ? formatIssueRef(a.ref) : null;
  const access = await authorize(deps, {
    userId: a.userId,
    action: 'triage.decline',
    target: { kind: 'issue', ref: issueRef },
  });
  if (access.kind === 'denied') return access;
  return issueRef ? { kind: 'ready', issueRef } : { kind: 'no_issue' };
}
