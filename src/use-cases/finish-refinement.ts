import type { Deps } from '../deps.js';
import {
  checkDefinitionOfReady,
  labelsFingerprint,
  normalizeDraft,
  type RefinementDraft,
  type RefinementField,
} from '../domain/refinement.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { writeTx } from '../store/db.js';
import type { RefinementRecord } from '../store/refinements-repo.js';
import { describeGitLabFailure, requireMember } from './refine.js';

export type PrepareResult =
  | { kind: 'denied' }
  | { kind: 'missing' }
  | { kind: 'finished'; record: RefinementRecord }
  | { kind: 'not_ready'; errors: Partial<Record<RefinementField, string>> }
  | { kind: 'ready'; record: RefinementRecord };

/**
 * Finish, first half: saves what the member entered (nothing is lost, even when refused), then
 * applies the definition of ready. Nothing here waits on GitLab.
 */
export async function prepareFinish(
  deps: Deps,
  input: { id: number; draft: RefinementDraft; userId: string },
): Promise<PrepareResult> {
  const repo = deps.store.refinements;
  const existing = repo.get(input.id);
  if (!existing) return { kind: 'missing' };
  if (!(await requireMember(deps, input.userId, 'refine.finish', existing.issueRef)))
    return { kind: 'denied' };
  if (!repo.saveDraft(input.id, normalizeDraft(input.draft), input.userId, deps.clock())) {
    return { kind: 'finished', record: repo.get(input.id) as RefinementRecord };
  }
  const check = checkDefinitionOfReady(input.draft, deps.taxonomy);
  if (!check.ok) return { kind: 'not_ready', errors: check.errors };
  return { kind: 'ready', record: repo.get(input.id) as RefinementRecord };
}

export type IssueCheck =
  | { kind: 'unchanged' }
  | { kind: 'changed'; closed: boolean; labels: string[] | null }
  | { kind: 'unknown'; problem: string };

/** Re-reads the issue: was it closed or relabelled since the checklist was opened? */
export async function checkIssueUnchanged(
  deps: Deps,
  r: RefinementRecord,
  fingerprint: string,
): Promise<IssueCheck> {
  try {
    const issue = await deps.gitlab.getIssue(r.project, r.iid);
    const closed = issue.state === 'closed';
    const relabelled = labelsFingerprint(issue.labels) !== fingerprint;
    if (!closed && !relabelled) return { kind: 'unchanged' };
    return { kind: 'changed', closed, labels: relabelled ? issue.labels : null };
  } catch (err) {
    return { kind: 'unknown', problem: describeGitLabFailure(err) };
  }
}

export type FinishResult =
  | { kind: 'denied' }
  | { kind: 'missing' }
  | { kind: 'not_ready' }
  | { kind: 'already'; record: RefinementRecord }
  | { kind: 'queued'; record: RefinementRecord };

/**
 * Finish, second half: marks the refinement finished and queues its apply in one transaction,
 * so the result is never lost and reaches GitLab step by step (retried until it does).
 */
export async function finishRefinement(
  deps: Deps,
  input: { id: number; userId: string; userName: string },
): Promise<FinishResult> {
  const repo = deps.store.refinements;
  const existing = repo.get(input.id);
  if (!existing) return { kind: 'missing' };
  if (!(await requireMember(deps, input.userId, 'refine.finish', existing.issueRef)))
    return { kind: 'denied' };
  const now = deps.clock();
  const result = writeTx(deps.store.db, (): FinishResult => {
    const r = repo.get(input.id) as RefinementRecord;
    if (r.state !== 'draft') return { kind: 'already', record: r };
    const check = checkDefinitionOfReady(r.draft, deps.taxonomy);
    if (!check.ok) return { kind: 'not_ready' };
    repo.markFinished(r.id, { id: input.userId, name: input.userName }, now);
    // A refinement GitLab refused may be finished again later: each Finish is its own job.
    enqueue(deps, 'refinement_apply', { refinementId: r.id });
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
  if (result.kind === 'queued') void deps.outbox.kick();
  return result;
}
