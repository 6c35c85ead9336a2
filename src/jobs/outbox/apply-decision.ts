import type { Deps } from '../../deps.js';
import {
  buildDeclineNote,
  buildTakeOnNote,
  DECISION_STEPS,
  type DecisionStep,
  decisionNoteMarker,
  groupLabelOf,
  planDecline,
  planTakeOn,
  STEP_NAMES,
} from '../../domain/decision.js';
import type { Issue } from '../../domain/issue.js';
import { formatIssueRef } from '../../domain/issue-ref.js';
import { gitlabProblem } from '../../gitlab/problem.js';
import {
  buildDecisionDoneMessage,
  buildDecisionFailedMessage,
  buildDecisionWillRetryMessage,
} from '../../slack/messages/decision-messages.js';
import { writeTx } from '../../store/db.js';
import type { DecisionRecord, DecisionResult } from '../../store/decisions-repo.js';
import type { OutboxJob } from '../../store/outbox-repo.js';
import { PermanentError, RetryableError } from '../outbox-worker.js';
import { notifyDecision } from './decision-notices.js';
import { enqueuePost } from './slack-post.js';

export const APPLY_DECISION = 'apply_decision';

/** What the decision will do to this issue; computed once, on the first attempt that reads the issue. */
function planResult(deps: Deps, d: DecisionRecord, issue: Issue): DecisionResult {
  const t = deps.taxonomy;
  const groupLabel = groupLabelOf(issue, t) ?? null;
  const owners = groupLabel ? (deps.store.owners.get(groupLabel)?.usernames ?? []) : [];
  const plan = d.kind === 'take_on' ? planTakeOn(issue, t, d.metric) : planDecline(issue, t, d.seekCommunity);
  return {
    issueRef: formatIssueRef(d),
    issueUrl: issue.webUrl,
    title: issue.title,
    groupLabel,
    owners,
    addedLabels: plan.addLabels,
    // Only labels the issue carries are removed, and so reported.
    removedLabels: plan.removeLabels.filter((l) => issue.labels.includes(l)),
    communitySkipped: plan.communitySkipped,
    alreadyTaken: d.kind === 'take_on' && issue.labels.includes(t.labels.team),
  };
}

async function runStep(deps: Deps, d: DecisionRecord, r: DecisionResult, step: DecisionStep, job: OutboxJob) {
  if (step === 'labels') {
    if (r.addedLabels.length === 0 && r.removedLabels.length === 0) return;
    await deps.gitlab.updateIssue(d.project, d.iid, {
      addLabels: r.addedLabels,
      removeLabels: r.removedLabels,
    });
    return;
  }
  const owners = r.owners;
  const groupLabel = r.groupLabel ?? undefined;
  const body =
    d.kind === 'take_on'
      ? buildTakeOnNote({ groupLabel, owners, actor: d.actorId })
      : buildDeclineNote({
          reason: d.reason ?? '',
          groupLabel,
          owners,
          community: r.addedLabels.length > 0,
          actor: d.actorId,
        });
  // NOTE: a note is not idempotent in GitLab; a retry looks for the decision's marker first.
  await deps.gitlab.addNoteOnce(d.project, d.iid, body, decisionNoteMarker(d.id), {
    checkFirst: job.attempts > 1,
  });
}

/**
 * Applies a recorded decision to GitLab step by step (labels, then the note), recording each
 * step, so a retry resumes where the last attempt stopped. Then closes the loop in Slack.
 */
export function handleApplyDecision(deps: Deps) {
  return async (job: OutboxJob): Promise<void> => {
    const { decisionId } = job.payload as { decisionId: number };
    const { decisions } = deps.store;
    let d = decisions.get(decisionId);
    if (d?.status !== 'pending') return;
    let issue: Issue;
    try {
      issue = await deps.gitlab.getIssue(d.project, d.iid);
    } catch (err) {
      fail(deps, d, 'read', err);
    }
    if (!d.result) {
      decisions.setResult(d.id, planResult(deps, d, issue), deps.clock());
      d = decisions.get(d.id) as DecisionRecord;
    }
    const result = d.result as DecisionResult;
    if (!result.alreadyTaken) {
      for (const step of DECISION_STEPS) {
        if (d.steps[step]) continue;
        try {
          await runStep(deps, d, result, step, job);
        } catch (err) {
          fail(deps, d, step, err);
        }
        decisions.markStep(d.id, step, deps.clock());
        d = decisions.get(d.id) as DecisionRecord;
      }
    }
    finish(deps, d, result, issue);
  };
}

function finish(deps: Deps, d: DecisionRecord, r: DecisionResult, issue: Issue): void {
  writeTx(deps.store.db, () => {
    const now = deps.clock();
    deps.store.decisions.markApplied(d.id, now);
    deps.store.audit.record({
      at: now,
      actor: d.actorId,
      action: `triage.${d.kind}`,
      issueRef: r.issueRef,
      reason: d.reason,
      outcome: r.alreadyTaken ? 'unchanged' : 'applied',
      details: { decision: d.id, added: r.addedLabels, removed: r.removedLabels, pinged: r.owners },
    });
    enqueuePost(deps, { channel: d.actorId, ...buildDecisionDoneMessage(d, r) }, `decision-done:${d.id}`);
    if (!r.alreadyTaken) notifyDecision(deps, d, r, issue);
  });
  void deps.outbox.kick();
}

function fail(deps: Deps, d: DecisionRecord, step: DecisionStep | 'read', err: unknown): never {
  const issueRef = formatIssueRef(d);
  const problem = gitlabProblem(err, issueRef);
  if (!problem.permanent) {
    writeTx(deps.store.db, () => {
      deps.store.decisions.noteError(d.id, problem.message, deps.clock());
      // Told once: the dedupe key makes later failures of the same decision silent.
      enqueuePost(
        deps,
        { channel: d.actorId, ...buildDecisionWillRetryMessage(d, issueRef) },
        `decision-retrying:${d.id}`,
      );
    });
    void deps.outbox.kick();
    throw new RetryableError(problem.message, (err as { retryAfterMs?: number }).retryAfterMs);
  }
  const done = DECISION_STEPS.filter((s) => d.steps[s]).map((s) => STEP_NAMES[s]);
  const notDone = DECISION_STEPS.filter((s) => !d.steps[s]).map((s) => STEP_NAMES[s]);
  const failed = step === 'read' ? 'read the issue' : STEP_NAMES[step];
  writeTx(deps.store.db, () => {
    const now = deps.clock();
    deps.store.decisions.markFailed(d.id, step, problem.message, now);
    deps.store.audit.record({
      at: now,
      actor: d.actorId,
      action: `triage.${d.kind}`,
      issueRef,
      reason: d.reason,
      outcome: 'failed',
      details: { decision: d.id, failedStep: step, done, error: problem.reason },
    });
    enqueuePost(
      deps,
      {
        channel: d.actorId,
        ...buildDecisionFailedMessage(d, issueRef, { failed, reason: problem.reason, done, notDone }),
      },
      `decision-failed:${d.id}`,
    );
  });
  void deps.outbox.kick();
  throw new PermanentError(problem.message);
}
