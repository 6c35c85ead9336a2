import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import { issueKeyOf } from '../domain/decision.js';
import type { Issue } from '../domain/issue.js';
import { formatIssueRef, type IssueRef } from '../domain/issue-ref.js';
import { projectFor } from '../domain/request.js';
import { isGitLabError } from '../gitlab/errors.js';
import { enqueue } from '../jobs/outbox/kinds.js';
import { writeTx } from '../store/db.js';
import type { FlagRecord } from '../store/flags-repo.js';
import { authorize, type Denied } from './authorize.js';
import { refInScope } from './project-scope.js';
import { requestForIssue } from './requesters.js';

/** What a flag form submission carries; `sourceKey` is the Slack view id, so a second submission saves nothing new. */
export type FlagSubmission = Pick<
  FlagRecord,
  'sourceKey' | 'channelId' | 'messageTs' | 'threadTs' | 'permalink' | 'flaggerId' | 'fields'
>;

/**
 * Saves the flag and queues its filing (or linking) in one transaction. A message that already
 * has a live flag is not flagged twice: the existing flag comes back with created=false.
 */
export function flagCandidate(deps: Deps, s: FlagSubmission): { record: FlagRecord; created: boolean } {
  const project =
    s.fields.mode === 'new'
      ? projectFor(s.fields.kind, {
          internal: deps.config.GITLAB_INTERNAL_PROJECT,
          product: deps.config.GITLAB_PRODUCT_PROJECT,
        })
      : s.fields.ref.project;
  const iid = s.fields.mode === 'existing' ? s.fields.ref.iid : null;
  const result = writeTx(deps.store.db, () => {
    const now = deps.clock();
    const saved = deps.store.flags.insert(
      {
        ...s,
        project,
        iid,
        issueKey: iid === null ? null : issueKeyOf({ project, iid }),
        // The marker lets a retry find an issue GitLab created although its answer never arrived.
        marker: `prodsec-bot-flag-${randomBytes(8).toString('hex')}`,
      },
      now,
    );
    if (saved.created) enqueue(deps, 'flag_candidate', { flagId: saved.record.id });
    return saved;
  });
  return result;
}

/** The issue a flag points at, as `group/project#12`, once known. */
export function flagIssueRef(flag: FlagRecord): string | null {
  if (flag.fields.mode === 'existing') return formatIssueRef(flag.fields.ref);
  return flag.iid === null ? null : formatIssueRef({ project: flag.project, iid: flag.iid });
}

export type LinkCheck =
  | { kind: 'allowed' }
  | Denied
  /** GitLab has no such issue, or the bot cannot see it: one answer for both. */
  | { kind: 'unavailable' }
  /** GitLab did not answer: nothing can be decided now. */
  | { kind: 'gitlab_down' };

/**
 * Whether the person may link a message to an existing issue: it must be in scope (checked before
 * anything is read from GitLab) and one they may see (`mayChangeIssue`: team, its author through the
 * bot, GitLab lets their linked account read it, or a public non-confidential issue).
 */
export async function checkFlagLink(
  deps: Deps,
  userId: string,
  ref: IssueRef,
  budgetMs = LINK_CHECK_BUDGET_MS,
): Promise<LinkCheck> {
  // NOTE: this answers a view_submission, which Slack drops after 3 s: a GitLab slower than the
  // budget gets "could not check, try again" (fail closed), never a late answer.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<LinkCheck>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'gitlab_down' }), budgetMs);
  });
  try {
    return await Promise.race([checkLink(deps, userId, ref), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long the flag form waits for GitLab before answering that the link could not be checked. */
export const LINK_CHECK_BUDGET_MS = 2_000;

async function checkLink(deps: Deps, userId: string, ref: IssueRef): Promise<LinkCheck> {
  const issueRef = formatIssueRef(ref);
  if (!refInScope(deps, ref))
    return authorize(deps, {
      userId,
      action: 'flag.link_existing',
      target: { kind: 'issue', ref: issueRef },
    });
  let issue: Issue;
  let visibility: 'public' | 'internal' | 'private' | 'unknown';
  try {
    [issue, visibility] = await Promise.all([
      deps.gitlab.getIssue(ref.project, ref.iid),
      deps.gitlab.getProject(ref.project).then((p) => p.visibility),
    ]);
  } catch (err) {
    if (isGitLabError(err) && (err.isNotFound || err.isForbidden)) return { kind: 'unavailable' };
    deps.log.warn({ error: err instanceof Error ? err.message : String(err) }, 'flag link not checked');
    return { kind: 'gitlab_down' };
  }
  const key = issueKeyOf(ref);
  const actorIsAuthor =
    requestForIssue(deps, issue)?.requesterId === userId ||
    deps.store.flags.forIssue(key).some((f) => f.flaggerId === userId && f.fields.mode === 'new');
  const actorCanRead = await deps.identity.canRead(userId, ref).catch(() => 'unknown' as const);
  return authorize(deps, {
    userId,
    action: 'flag.link_existing',
    target: {
      kind: 'issue',
      ref: issueRef,
      confidential: issue.confidential,
      projectVisibility: visibility === 'unknown' ? undefined : visibility,
      actorIsAuthor,
      actorCanRead,
    },
  });
}
