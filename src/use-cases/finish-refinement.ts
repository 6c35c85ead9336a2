import type { Deps } from '../deps.js';
import {
  checkDefinitionOfReady,
  labelsFingerprint,
  normalizeDraft,
  type RefinementDraft,
} from '../domain/refinement.js';
import { enqueueRefinementApply } from '../jobs/outbox/refinement-apply.js';
import { writeTx } from '../store/db.js';
import type { RefinementRecord } from '../store/refinements-repo.js';
import { authorize } from './authorize.js';
import type { IssueChange, RefinementOutcome } from './refine.js';

export interface FinishInput {
  id: number;
  userId: string;
  userName: string;
  /** What the checklist holds now; saved first, so nothing entered is lost even when refused. */
  draft?: RefinementDraft;
}

export type FinishOptions =
  /** "Apply anyway": the person has seen the change and confirmed; GitLab is not asked again. */
  | { confirmed: true }
  | {
      confirmed: false;
      /** The issue's labels when the checklist opened, to tell whether someone relabelled it since. */
      fingerprint: string;
      /** Called before GitLab is asked, so the modal can say it is checking (Slack waits 3 s at most). */
      onChecking?: (outcome: Extract<RefinementOutcome, { kind: 'checking' }>) => Promise<void>;
    };

/** Re-reads the issue: was it closed or relabelled since the checklist was opened? */
async function changeSince(
  deps: Deps,
  r: RefinementRecord,
  fingerprint: string,
): Promise<IssueChange | null> {
  try {
    const issue = await deps.gitlab.getIssue(r.project, r.iid);
    const closed = issue.state === 'closed';
    const relabelled = labelsFingerprint(issue.labels) !== fingerprint;
    if (!closed && !relabelled) return null;
    return { closed, labels: relabelled ? issue.labels : null };
  } catch (err) {
    return { closed: false, labels: null, cause: err };
  }
}

/** Marks the refinement finished and queues its apply in one transaction, so it is never lost. */
function queueApply(deps: Deps, input: FinishInput): RefinementOutcome {
  const repo = deps.store.refinements;
  const now = deps.clock();
  const outcome = writeTx(deps.store.db, (): RefinementOutcome => {
    const r = repo.get(input.id) as RefinementRecord;
    if (r.state !== 'draft') {
      // A second Finish by the same person (a double submit) shows the first one's progress.
      return r.finishedBy === input.userId
        ? { kind: 'queued', record: r }
        : { kind: 'already_finished', record: r };
    }
    const check = checkDefinitionOfReady(r.draft, deps.taxonomy);
    if (!check.ok) return { kind: 'not_ready', errors: check.errors };
    repo.markFinished(r.id, { id: input.userId, name: input.userName }, now);
    enqueueRefinementApply(deps, r.id, now);
    deps.store.audit.record({
      at: now,
      actor: input.userId,
      action: 'refine.finish',
      issueRef: r.issueRef,
      reason: null,
      outcome: 'queued',
      details: {
        weight: check.ready.weight,
        priority: r.draft.priority,
        metric: r.draft.metric,
        solutionValidation: check.ready.needsSolutionValidation,
        minutes: Math.round((now - r.startedAt) / 60_000),
      },
    });
    return { kind: 'queued', record: repo.get(r.id) as RefinementRecord };
  });
  if (outcome.kind === 'queued') void deps.outbox.kick();
  return outcome;
}

/**
 * Finish (team only, checked once): saves what the member entered, applies the definition of
 * ready, and, unless the member already confirmed, re-reads the issue; a closed or relabelled
 * issue answers `needs_confirmation`. Otherwise the refinement is `queued` for GitLab, retried
 * step by step until it lands.
 */
export async function finishRefinement(
  deps: Deps,
  input: FinishInput,
  options: FinishOptions,
): Promise<RefinementOutcome> {
  const repo = deps.store.refinements;
  const existing = repo.get(input.id);
  if (!existing) return { kind: 'missing' };
  const access = await authorize(deps, {
    userId: input.userId,
    action: 'refine.finish',
    target: { kind: 'issue', ref: existing.issueRef },
  });
  if (access.kind === 'denied') return access;
  if (input.draft) {
    if (!repo.saveDraft(input.id, normalizeDraft(input.draft), input.userId, deps.clock())) {
      return { kind: 'already_finished', record: repo.get(input.id) as RefinementRecord };
    }
    const check = checkDefinitionOfReady(input.draft, deps.taxonomy);
    if (!check.ok) return { kind: 'not_ready', errors: check.errors };
  }
  if (!options.confirmed) {
    const record = repo.get(input.id) as RefinementRecord;
    await options.onChecking?.({ kind: 'checking', record });
    const change = await changeSince(deps, record, options.fingerprint);
    if (change) return { kind: 'needs_confirmation', record, change };
  }
  return queueApply(deps, input);
}
