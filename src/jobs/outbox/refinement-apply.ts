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
import { isGitLabError } from '../../gitlab/errors.js';
import {
  type ApplyFacts,
  buildRefineAppliedMessage,
  buildRefineStepFailedMessage,
} from '../../slack/messages/refinement-messages.js';
import { writeTx } from '../../store/db.js';
import type { OutboxJob } from '../../store/outbox-repo.js';
import type { RefinementRecord } from '../../store/refinements-repo.js';
import { describeGitLabFailure } from '../../use-cases/refine.js';
import { isFinalAttempt } from '../job-context.js';
import { PermanentError, RetryableError } from '../outbox-worker.js';
import { enqueuePost } from './slack-post.js';

/** Writes a finished refinement to GitLab: weight, then labels, then the summary note. */
export const REFINEMENT_APPLY = 'refinement_apply';

export function enqueueRefinementApply(deps: Pick<Deps, 'store'>, refinementId: number, now: number): void {
  // A refinement GitLab refused may be finished again later: each Finish is its own job.
  deps.store.outbox.enqueue(REFINEMENT_APPLY, { refinementId }, now, {
    dedupeKey: `refine-apply:${refinementId}:${now}`,
  });
}

async function runStep(
  deps: Deps,
  r: RefinementRecord,
  ready: ReadyRefinement,
  step: ApplyStep,
  retry: boolean,
) {
  switch (step) {
    case 'weight':
      await deps.gitlab.updateIssue(r.project, r.iid, { weight: ready.weight });
      return;
    case 'labels': {
      // Planned against the labels GitLab holds now, so other values of each scope are replaced.
      const issue = await deps.gitlab.getIssue(r.project, r.iid);
      const { add, remove } = planLabels(deps.taxonomy, issue.labels, ready);
      await deps.gitlab.updateIssue(r.project, r.iid, { addLabels: add, removeLabels: remove });
      return;
    }
    case 'note': {
      const body = buildRefinementNote(deps.taxonomy, {
        ready,
        refinedBy: { id: r.finishedBy ?? 'unknown', name: r.finishedByName ?? 'unknown' },
        minutesSpent: minutesBetween(r.startedAt, r.finishedAt ?? r.startedAt),
      });
      // NOTE: a note is not idempotent in GitLab; a retry looks for its marker before posting.
      await deps.gitlab.addNoteOnce(r.project, r.iid, body, refinementNoteMarker(r.id), {
        checkFirst: retry,
      });
    }
  }
}

/**
 * Each step is recorded as it lands, so a retry resumes where the last attempt failed. Every
 * failure is told to the member (once per step), with what is done and what is not: a result
 * is never half-applied silently.
 */
export function handleRefinementApply(deps: Deps) {
  return async (job: OutboxJob): Promise<void> => {
    const { refinementId } = job.payload as { refinementId: number };
    const repo = deps.store.refinements;
    let r = repo.get(refinementId);
    if (r?.state !== 'applying') return;
    const check = checkDefinitionOfReady(r.draft, deps.taxonomy);
    if (!check.ok) {
      const reason = 'the checklist no longer meets the definition of ready (did the policy change?)';
      throw reportFailure(deps, r, { weight: 0, labels: [] }, 'weight', {
        reason,
        message: reason,
        permanent: true,
      });
    }
    const facts: ApplyFacts = {
      weight: check.ready.weight,
      labels: planLabels(deps.taxonomy, [], check.ready).add,
    };
    for (const step of APPLY_STEPS) {
      if (r.steps[step]) continue;
      try {
        await runStep(deps, r, check.ready, step, job.attempts > 1);
      } catch (err) {
        throw reportFailure(deps, r, facts, step, classify(err));
      }
      repo.markStepDone(r.id, step, deps.clock());
      r = repo.get(r.id) as RefinementRecord;
    }
    const done = r;
    writeTx(deps.store.db, () => {
      repo.markApplied(done.id, deps.clock());
      const finished = `${done.finishedAt}`;
      enqueuePost(
        deps,
        { channel: done.finishedBy ?? done.startedBy, ...buildRefineAppliedMessage(done, facts) },
        `refine-applied:${done.id}:${finished}`,
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
  };
}

interface Failure {
  reason: string;
  message: string;
  permanent: boolean;
  retryAfterMs?: number;
}

function classify(err: unknown): Failure {
  return {
    reason: describeGitLabFailure(err),
    message: err instanceof Error ? err.message : String(err),
    // NOTE: a rejected token (401) is the operator's to fix; the refinement waits for it instead of failing.
    permanent: (isGitLabError(err) && !err.retryable && !err.isAuth) || isFinalAttempt(),
    retryAfterMs: isGitLabError(err) ? err.retryAfterMs : undefined,
  };
}

function reportFailure(
  deps: Deps,
  r: RefinementRecord,
  facts: ApplyFacts,
  step: ApplyStep,
  f: Failure,
): Error {
  writeTx(deps.store.db, () => {
    deps.store.refinements.markStepFailed(r.id, step, f.message, f.permanent, deps.clock());
    enqueuePost(
      deps,
      {
        channel: r.finishedBy ?? r.startedBy,
        ...buildRefineStepFailedMessage(r, facts, { step, reason: f.reason, permanent: f.permanent }),
      },
      `refine-step:${r.id}:${r.finishedAt}:${step}:${f.permanent ? 'stopped' : 'retrying'}`,
    );
    if (f.permanent) {
      deps.store.audit.record({
        at: deps.clock(),
        actor: r.finishedBy ?? 'prodsec-bot',
        action: 'refine.apply',
        issueRef: r.issueRef,
        reason: `${step}: ${f.reason}`,
        outcome: 'failed',
        details: { steps: r.steps },
      });
    }
  });
  return f.permanent ? new PermanentError(f.message) : new RetryableError(f.message, f.retryAfterMs);
}
