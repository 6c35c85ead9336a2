import type { Deps } from '../../deps.js';
import type { Issue } from '../../domain/issue.js';
import { buildDecisionNotice } from '../../slack/messages/decision-messages.js';
import type { DecisionRecord, DecisionResult } from '../../store/decisions-repo.js';
import { requestForIssue } from '../../use-cases/requesters.js';
import type { JobContext } from '../define-job.js';

/**
 * Closes the loop: the requester (a `/prodsec request`) and everyone who flagged a message onto
 * the issue hear what was decided, by whom and why; each person once, the decider not at all.
 * Call inside the transaction that marks the decision applied.
 */
export function notifyDecision(
  deps: Deps,
  d: DecisionRecord,
  r: DecisionResult,
  issue: Issue,
  tell: JobContext['tell'],
): void {
  const told = new Set([d.actorId]);
  const tellOnce = (userId: string, origin: { requestRef?: string; permalink?: string | null }) => {
    if (told.has(userId)) return;
    told.add(userId);
    tell({ channel: userId, ...buildDecisionNotice(d, r, origin) }, `notice:${userId}`);
  };
  const request = requestForIssue(deps, issue);
  if (request) tellOnce(request.requesterId, { requestRef: request.ref });
  for (const key of new Set([d.issueKey, issue.ref.toLowerCase()])) {
    for (const flag of deps.store.flags.forIssue(key))
      tellOnce(flag.flaggerId, { permalink: flag.permalink });
  }
}
