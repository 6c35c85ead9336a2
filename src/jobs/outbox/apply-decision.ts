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
import { StepError } from '../../errors.js';
import { gitlabProblem } from '../../slack/gitlab-failure.js';
import {
  buildDecisionDoneMessage,
  buildDecisionFailedMessage,
  buildDecisionWillRetryMessage,
} from '../../slack/messages/decision-messages.js';
import { writeTx } from '../../store/db.js';
import type { DecisionRecord, DecisionResult } from '../../store/decisions-repo.js';
import type { JobFailure } from '../classify-failure.js';
import { defineJob, type JobContext } from '../define-job.js';
import { addNoteOnceAsPerson, type WrittenAs, writeAsPerson } from './act-as.js';
import { type DecisionAudiences, decisionAudiences, notifyDecision } from './decision-notices.js';
import { JOB_KINDS } from './kinds.js';

type FailedStep = DecisionStep | 'read';

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

/** Each write is made with the deciding member's token when they are linked (GitLab's history names them). */
async function runStep(deps: Deps, d: DecisionRecord, r: DecisionResult, step: DecisionStep, retry: boolean) {
  if (step === 'labels') {
    if (r.addedLabels.length === 0 && r.removedLabels.length === 0) return;
    await writeAsPerson(deps, d.actorId, (gitlab) =>
      gitlab.updateIssue(d.project, d.iid, { addLabels: r.addedLabels, removeLabels: r.removedLabels }),
    );
    return;
  }
  const owners = r.owners;
  const groupLabel = r.groupLabel ?? undefined;
  const body = (postedBy: WrittenAs) =>
    d.kind === 'take_on'
      ? buildTakeOnNote({ groupLabel, owners, actor: d.actorId, postedBy })
      : buildDeclineNote({
          reason: d.reason ?? '',
          groupLabel,
          owners,
          community: r.addedLabels.length > 0,
          actor: d.actorId,
          postedBy,
        });
  // NOTE: a note is not idempotent in GitLab; a retry looks for the decision's marker first.
  await addNoteOnceAsPerson(
    deps,
    d.actorId,
    { project: d.project, iid: d.iid, marker: decisionNoteMarker(d.id), retry },
    body,
  );
}

/**
 * Applies a recorded decision to GitLab step by step (labels, then the note), recording each
 * step, so a retry resumes where the last attempt stopped. Then closes the loop in Slack.
 */
export const applyDecisionJob = (deps: Deps) =>
  defineJob({
    kind: 'apply_decision',
    payload: JOB_KINDS.apply_decision.payload,
    run: async ({ decisionId }, ctx) => {
      const { decisions } = deps.store;
      let d = decisions.get(decisionId);
      if (d?.status !== 'pending') return;
      let issue: Issue;
      try {
        issue = await deps.gitlab.getIssue(d.project, d.iid);
      } catch (err) {
        throw new StepError<FailedStep>('read', err);
      }
      let result = d.result;
      if (!result) {
        result = planResult(deps, d, issue);
        decisions.setResult(d.id, result, deps.clock());
      }
      if (!result.alreadyTaken) {
        for (const step of DECISION_STEPS) {
          if (d.steps[step]) continue;
          try {
            await runStep(deps, d, result, step, ctx.attempt > 1);
          } catch (err) {
            throw new StepError<FailedStep>(step, err);
          }
          decisions.markStep(d.id, step, deps.clock());
          d = decisions.get(d.id) ?? d;
        }
      }
      const audiences = result.alreadyTaken ? [] : await decisionAudiences(deps, d, issue);
      finish(deps, d, result, audiences, ctx);
    },
    onRetrying: ({ decisionId }, failure, { tell }) => {
      const d = deps.store.decisions.get(decisionId);
      if (!d) return;
      deps.store.decisions.noteError(d.id, failure.message, deps.clock());
      // Told once, however many retries follow.
      tell({ channel: d.actorId, ...buildDecisionWillRetryMessage(d, formatIssueRef(d)) }, 'retrying');
    },
    onGaveUp: ({ decisionId }, failure, ctx) => {
      const d = deps.store.decisions.get(decisionId);
      if (d) fail(deps, d, failure, ctx);
    },
  });

function finish(
  deps: Deps,
  d: DecisionRecord,
  r: DecisionResult,
  audiences: DecisionAudiences,
  ctx: JobContext,
): void {
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
    ctx.tell({ channel: d.actorId, ...buildDecisionDoneMessage(d, r) }, 'done');
    if (!r.alreadyTaken) notifyDecision(d, r, audiences, ctx.tell);
  });
}

function fail(deps: Deps, d: DecisionRecord, failure: JobFailure, { tell }: JobContext): void {
  const issueRef = formatIssueRef(d);
  const step: FailedStep = DECISION_STEPS.find((s) => s === failure.step) ?? 'read';
  const reason = gitlabProblem(failure.cause, issueRef).reason;
  const done = DECISION_STEPS.filter((s) => d.steps[s]).map((s) => STEP_NAMES[s]);
  const notDone = DECISION_STEPS.filter((s) => !d.steps[s]).map((s) => STEP_NAMES[s]);
  const failed = step === 'read' ? 'read the issue' : STEP_NAMES[step];
  const now = deps.clock();
  deps.store.decisions.markFailed(d.id, step, failure.message, now);
  deps.store.audit.record({
    at: now,
    actor: d.actorId,
    action: `triage.${d.kind}`,
    issueRef,
    reason: d.reason,
    outcome: 'failed',
    details: { decision: d.id, failedStep: step, done, error: reason },
  });
  tell(
    { channel: d.actorId, ...buildDecisionFailedMessage(d, issueRef, { failed, reason, done, notDone }) },
    'failed',
  );
}
