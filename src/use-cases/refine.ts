import type { Deps } from '../deps.js';
import type { Issue } from '../domain/issue.js';
import { formatIssueRef, type IssueRef } from '../domain/issue-ref.js';
import {
  draftFromIssue,
  isOverTimebox,
  labelsFingerprint,
  normalizeDraft,
  type RefinementDraft,
  type RefinementField,
} from '../domain/refinement.js';
import { isGitLabError } from '../gitlab/errors.js';
import { writeTx } from '../store/db.js';
import type { RefinementRecord } from '../store/refinements-repo.js';
import { authorize, type Denied } from './authorize.js';

// NOTE: kept for src/jobs/outbox/refinement-apply.ts until the outbox rewrite imports it from slack/.
export { describeGitLabFailure } from '../slack/gitlab-failure.js';

export type OpenProblem = 'closed' | 'not_found' | 'forbidden' | 'gitlab';

/** What changed on the issue while its checklist was open, or why that could not be told. */
export type IssueChange =
  | { closed: boolean; labels: string[] | null }
  /** GitLab could not be asked; `cause` is the failed call. */
  | { closed: false; labels: null; cause: unknown };

/** Every answer of the refinement flow (open, save, finish); `slack/views/refine-result.ts` draws each. */
export type RefinementOutcome =
  | Denied
  /** The checklist row is gone. */
  | { kind: 'missing' }
  /** The issue cannot be refined now (closed, unknown, GitLab failing). */
  | { kind: 'unavailable'; issueRef: string; problem: OpenProblem; cause: unknown }
  /** The checklist to show: new, resumed from a saved draft, or just saved. */
  | { kind: 'checklist'; record: RefinementRecord; fingerprint: string; notice: 'new' | 'resumed' | 'saved' }
  /** The definition of ready is not met: one message per field. */
  | { kind: 'not_ready'; errors: Partial<Record<RefinementField, string>> }
  /** Finish is re-reading the issue from GitLab. */
  | { kind: 'checking'; record: RefinementRecord }
  /** The issue changed (or could not be re-read) since the checklist opened: ask before overwriting. */
  | { kind: 'needs_confirmation'; record: RefinementRecord; change: IssueChange }
  /** Someone else finished it first. */
  | { kind: 'already_finished'; record: RefinementRecord }
  /** Finished: the outbox writes it to GitLab step by step. */
  | { kind: 'queued'; record: RefinementRecord };

const mayRefine = (
  deps: Deps,
  userId: string,
  action: 'refine.open' | 'refine.save' | 'refine.finish',
  issueRef: string,
) => authorize(deps, { userId, action, target: { kind: 'issue', ref: issueRef } });

function problemOf(err: unknown): OpenProblem {
  if (isGitLabError(err) && err.isNotFound) return 'not_found';
  if (isGitLabError(err) && err.isForbidden) return 'forbidden';
  return 'gitlab';
}

/**
 * Opens the checklist of an issue (team only): reads it from GitLab, then resumes its saved draft
 * (or one GitLab refused to apply) or starts a new one pre-filled with the issue's weight and labels.
 */
export async function openRefinement(deps: Deps, ref: IssueRef, userId: string): Promise<RefinementOutcome> {
  const issueRef = formatIssueRef(ref);
  const access = await mayRefine(deps, userId, 'refine.open', issueRef);
  if (access.kind === 'denied') return access;
  let issue: Issue;
  try {
    issue = await deps.gitlab.getIssue(ref.project, ref.iid);
  } catch (err) {
    return { kind: 'unavailable', issueRef, problem: problemOf(err), cause: err };
  }
  if (issue.state === 'closed') return { kind: 'unavailable', issueRef, problem: 'closed', cause: null };
  const now = deps.clock();
  const repo = deps.store.refinements;
  const { record, resumed } = writeTx(deps.store.db, () => {
    let draft = repo.findDraft(issue.ref);
    if (!draft) {
      const latest = repo.latestFor(issue.ref);
      if (latest?.state === 'failed' && repo.reopenFailed(latest.id, now)) draft = repo.get(latest.id);
    }
    // A draft nobody ever saved, left open past the timebox, was not really started: restart its clock.
    if (draft && draft.savedAt === null && isOverTimebox(draft.startedAt, now, deps.taxonomy)) {
      repo.restartClock(draft.id, userId, now);
    }
    const found = draft;
    const row =
      found ??
      repo.start(
        {
          issueRef: issue.ref,
          project: String(issue.projectId),
          iid: issue.iid,
          issueUrl: issue.webUrl,
          title: issue.title,
          labels: issue.labels,
          draft: draftFromIssue(issue, deps.taxonomy),
          startedBy: userId,
        },
        now,
      );
    repo.recordSeen(row.id, issue, now);
    return { record: repo.get(row.id) as RefinementRecord, resumed: found !== undefined };
  });
  return {
    kind: 'checklist',
    record,
    fingerprint: labelsFingerprint(issue.labels),
    notice: resumed ? 'resumed' : 'new',
  };
}

/** Save progress (team only): keeps the partly filled checklist, for this member or another to resume. */
export async function saveRefinementProgress(
  deps: Deps,
  input: { id: number; draft: RefinementDraft; userId: string; fingerprint: string },
): Promise<RefinementOutcome> {
  const existing = deps.store.refinements.get(input.id);
  if (!existing) return { kind: 'missing' };
  const access = await mayRefine(deps, input.userId, 'refine.save', existing.issueRef);
  if (access.kind === 'denied') return access;
  const saved = deps.store.refinements.saveDraft(
    input.id,
    normalizeDraft(input.draft),
    input.userId,
    deps.clock(),
  );
  const record = deps.store.refinements.get(input.id) as RefinementRecord;
  return saved
    ? { kind: 'checklist', record, fingerprint: input.fingerprint, notice: 'saved' }
    : { kind: 'already_finished', record };
}
