import type { Deps } from '../../deps.js';
import {
  APPLY_STEPS,
  type ApplyStep,
  checkDefinitionOfReady,
  minutesBetween,
  planLabels,
  type ReadyRefinement,
} from '../../domain/refinement.js';
import { buildRefinementNote, refinementNoteMarker } from '../../domain/refinement-note.js';
import { PermanentError, StepError } from '../../errors.js';
import { describeGitLabFailure } from '../../slack/gitlab-failure.js';
import {
  type ApplyFacts,
  buildRefineAppliedMessage,
  buildRefineStepFailedMessage,
} from '../../slack/messages/refinement-messages.js';
import { writeTx } from '../../store/db.js';
import type { RefinementRecord } from '../../store/refinements-repo.js';
import type { JobFailure } from '../classify-failure.js';
import { defineJob, type JobContext } from '../define-job.js';
import { addNoteOnceAsPerson, type WrittenAs, writeAsPerson } from './act-as.js';
import { JOB_KINDS } from './kinds.js';

/** Each write is made with the member's token when they are linked (GitLab's history names them). */
async function runStep(
  deps: Deps,
  r: RefinementRecord,
  ready: ReadyRefinement,
  step: ApplyStep,
  retry: boolean,
) {
  const member = r.finishedBy ?? r.startedBy;
  switch (step) {
    case 'weight':
      await writeAsPerson(deps, member, (gitlab) =>
        gitlab.updateIssue(r.project, r.iid, { weight: ready.weight }),
      );
      return;
    case 'labels': {
      // Planned against the labels GitLab holds now, so other values of each scope are replaced.
      const issue = await deps.gitlab.getIssue(r.project, r.iid);
      const { add, remove } = planLabels(deps.taxonomy, issue.labels, ready);
      await writeAsPerson(deps, member, (gitlab) =>
        gitlab.updateIssue(r.project, r.iid, { addLabels: add, removeLabels: remove }),
      );
      return;
    }
    case 'note': {
      const body = (postedBy: WrittenAs) =>
        buildRefinementNote(deps.taxonomy, {
          ready,
          refinedBy: { id: r.finishedBy ?? 'unknown', name: r.finishedByName ?? 'unknown' },
          minutesSpent: minutesBetween(r.startedAt, r.finishedAt ?? r.startedAt),
          postedBy,
        });
      // NOTE: a note is not idempotent in GitLab; a retry looks for its marker before posting.
      await addNoteOnceAsPerson(
        deps,
        member,
        { project: r.project, iid: r.iid, marker: refinementNoteMarker(r.id), retry },
        body,
      );
    }
  }
}

/** What the member is told was planned: the checklist's weight and labels (none when it no longer passes). */
function factsOf(deps: Deps, r: RefinementRecord): ApplyFacts {
  const check = checkDefinitionOfReady(r.draft, deps.taxonomy);
  if (!check.ok) return { weight: 0, labels: [] };
  return { weight: check.ready.weight, labels: planLabels(deps.taxonomy, [], check.ready).add };
}

/**
 * Writes a finished refinement to GitLab: weight, then labels, then the summary note. Each step
 * is recorded as it lands, so a retry resumes where the last attempt failed. Every failure is
 * told to the member (once per step), with what is done and what is not: a result is never
 * half-applied silently. NOTE: a rejected token (401) is the operator's to fix; the refinement
 * waits for it instead of failing.
 */
export const refinementApplyJob = (deps: Deps) =>
  defineJob({
    kind: 'refinement_apply',
    payload: JOB_KINDS.refinement_apply.payload,
    run: async ({ refinementId }, { attempt, tell }) => {
      const repo = deps.store.refinements;
      let r = repo.get(refinementId);
      if (r?.state !== 'applying') return;
      const check = checkDefinitionOfReady(r.draft, deps.taxonomy);
      if (!check.ok) {
        const reason = 'the checklist no longer meets the definition of ready (did the policy change?)';
        throw new StepError<ApplyStep>('weight', new PermanentError(reason));
      }
      for (const step of APPLY_STEPS) {
        if (r.steps[step]) continue;
        try {
          await runStep(deps, r, check.ready, step, attempt > 1);
        } catch (err) {
          throw new StepError<ApplyStep>(step, err);
        }
        repo.markStepDone(r.id, step, deps.clock());
        r = repo.get(r.id) ?? r;
      }
      const done = r;
      writeTx(deps.store.db, () => {
        repo.markApplied(done.id, deps.clock());
        tell(
          {
            channel: done.finishedBy ?? done.startedBy,
            ...buildRefineAppliedMessage(done, factsOf(deps, done)),
          },
          'applied',
        );
        deps.store.audit.record({
          at: deps.clock(),
          actor: done.finishedBy ?? 'prodsec-bot',
          action: 'refine.apply',
          issueRef: done.issueRef,
          reason: null,
          outcome: 'applied',
          details: { steps: done.steps },
        });
      });
    },
    onRetrying: ({ refinementId }, failure, ctx) => reportFailure(deps, refinementId, failure, false, ctx),
    onGaveUp: ({ refinementId }, failure, ctx) => reportFailure(deps, refinementId, failure, true, ctx),
  });

function reportFailure(
  deps: Deps,
  refinementId: number,
  failure: JobFailure,
  permanent: boolean,
  { tell }: JobContext,
): void {
  const r = deps.store.refinements.get(refinementId);
  if (!r) return;
  const step = APPLY_STEPS.find((s) => s === failure.step) ?? 'weight';
  // The definition-of-ready check names its own reason; GitLab's failures are described.
  const reason =
    failure.cause instanceof PermanentError ? failure.cause.message : describeGitLabFailure(failure.cause);
  deps.store.refinements.markStepFailed(r.id, step, failure.message, permanent, deps.clock());
  tell(
    {
      channel: r.finishedBy ?? r.startedBy,
      ...buildRefineStepFailedMessage(r, factsOf(deps, r), { step, reason, permanent }),
    },
    `step:${step}:${permanent ? 'stopped' : 'retrying'}`,
  );
  if (permanent) {
    deps.store.audit.record({
      at: deps.clock(),
      actor: r.finishedBy ?? 'prodsec-bot',
      action: 'refine.apply',
      issueRef: r.issueRef,
      reason: `${step}: ${reason}`,
      outcome: 'failed',
      details: { steps: r.steps },
    });
  }
}
