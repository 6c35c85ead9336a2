import type { Deps } from '../deps.js';
import type { Issue } from '../domain/issue.js';
import { formatIssueRef, type IssueRef } from '../domain/issue-ref.js';
import {
  draftFromIssue,
  isOverTimebox,
  labelsFingerprint,
  normalizeDraft,
  type RefinementDraft,
} from '../domain/refinement.js';
import { isGitLabError } from '../gitlab/errors.js';
import { describeGitLabFailure } from '../gitlab/problem.js';
import { writeTx } from '../store/db.js';
import type { RefinementRecord } from '../store/refinements-repo.js';

export type OpenProblem = 'closed' | 'not_found' | 'forbidden' | 'gitlab';

export type OpenResult =
  | { kind: 'denied' }
  | { kind: 'unavailable'; problem: OpenProblem; detail: string }
  | { kind: 'ready'; record: RefinementRecord; fingerprint: string; resumed: boolean };

/**
 * Refining is for team members, checked when the action runs (never from a value in a button).
 * A refused attempt is audited.
 */
export async function requireMember(deps: Deps, userId: string, action: string, issueRef: string | null) {
  if (await deps.team.isMember(userId)) return true;
  deps.store.audit.record({
    at: deps.clock(),
    actor: userId,
    action,
    issueRef,
    reason: 'not a ProdSecEng team member',
    outcome: 'denied',
    details: null,
  });
  return false;
}

/** Kept here for the refinement listeners; the wording lives in gitlab/problem.ts. */
export { describeGitLabFailure };

/**
 * Opens the checklist of an issue: reads it from GitLab, then resumes its saved draft (or one
 * GitLab refused to apply) or starts a new one pre-filled with the issue's weight and labels.
 */
export async function openRefinement(deps: Deps, ref: IssueRef, userId: string): Promise<OpenResult> {
  if (!(await requireMember(deps, userId, 'refine.open', formatIssueRef(ref)))) return { kind: 'denied' };
  let issue: Issue;
  try {
    issue = await deps.gitlab.getIssue(ref.project, ref.iid);
  } catch (err) {
    const problem =
      isGitLabError(err) && err.isNotFound
        ? 'not_found'
        : isGitLabError(err) && err.isForbidden
          ? 'forbidden'
          : 'gitlab';
    return { kind: 'unavailable', problem, detail: describeGitLabFailure(err) };
  }
  if (issue.state === 'closed') return { kind: 'unavailable', problem: 'closed', detail: 'closed' };
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
  return { kind: 'ready', record, fingerprint: labelsFingerprint(issue.labels), resumed };
}

export type SaveResult =
  | { kind: 'denied' }
  | { kind: 'missing' }
  | { kind: 'finished'; record: RefinementRecord }
  | { kind: 'saved'; record: RefinementRecord };

/** Save progress: keeps the partly filled checklist, for this member or another to resume. */
export async function saveRefinementProgress(
  deps: Deps,
  input: { id: number; draft: RefinementDraft; userId: string },
): Promise<SaveResult> {
  const existing = deps.store.refinements.get(input.id);
  if (!existing) return { kind: 'missing' };
  if (!(await requireMember(deps, input.userId, 'refine.save', existing.issueRef))) return { kind: 'denied' };
  const saved = deps.store.refinements.saveDraft(
    input.id,
    normalizeDraft(input.draft),
    input.userId,
    deps.clock(),
  );
  const record = deps.store.refinements.get(input.id) as RefinementRecord;
  return saved ? { kind: 'saved', record } : { kind: 'finished', record };
}
