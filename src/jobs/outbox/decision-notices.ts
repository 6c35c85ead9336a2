import type { Deps } from '../../deps.js';
import type { Issue } from '../../domain/issue.js';
import type { Disclosure } from '../../domain/visibility.js';
import { buildDecisionNotice } from '../../slack/messages/decision-messages.js';
import type { DecisionRecord, DecisionResult } from '../../store/decisions-repo.js';
import { disclosureToPerson } from '../../use-cases/recipient-audience.js';
import { requestForIssue } from '../../use-cases/requesters.js';
import type { JobContext } from '../define-job.js';

interface Recipient {
  userId: string;
  origin: { requestRef?: string; permalink?: string | null };
  /** Filed it through the bot (a request, or a flag that created the issue): the words are theirs. */
  isAuthor: boolean;
}

/** The requester and every flagger of the issue, each once, the decider not at all. */
function recipientsOf(deps: Deps, d: DecisionRecord, issue: Issue): Recipient[] {
  const out = new Map<string, Recipient>();
  out.set(d.actorId, { userId: d.actorId, origin: {}, isAuthor: false });
  const request = requestForIssue(deps, issue);
  if (request && !out.has(request.requesterId))
    out.set(request.requesterId, {
      userId: request.requesterId,
      origin: { requestRef: request.ref },
      isAuthor: true,
    });
  for (const key of new Set([d.issueKey, issue.ref.toLowerCase()])) {
    for (const flag of deps.store.flags.forIssue(key)) {
      if (out.has(flag.flaggerId)) continue;
      out.set(flag.flaggerId, {
        userId: flag.flaggerId,
        origin: { permalink: flag.permalink },
        isAuthor: flag.fields.mode === 'new',
      });
    }
  }
  out.delete(d.actorId);
  return [...out.values()];
}

/** Who hears of the decision, and what each may be shown: looked up before the transaction. */
export type DecisionAudiences = Array<Recipient & { shown: Disclosure }>;

export async function decisionAudiences(
  deps: Deps,
  d: DecisionRecord,
  issue: Issue,
): Promise<DecisionAudiences> {
  return Promise.all(
    recipientsOf(deps, d, issue).map(async (r) => ({
      ...r,
      shown: await disclosureToPerson(deps, r.userId, issue, { isAuthor: r.isAuthor }),
    })),
  );
}

/**
 * Closes the loop: the requester (a `/prodsec request`) and everyone who flagged a message onto
 * the issue hear what was decided, by whom and why; each person once, the decider not at all.
 * Each notice is rendered for its reader: someone who may not see the issue gets its reference
 * and link, not its title or the decline reason. Call inside the transaction that marks the
 * decision applied, with the audiences looked up before it.
 */
export function notifyDecision(
  d: DecisionRecord,
  r: DecisionResult,
  audiences: DecisionAudiences,
  tell: JobContext['tell'],
): void {
  for (const a of audiences)
    tell({ channel: a.userId, ...buildDecisionNotice(d, r, a.origin, a.shown) }, `notice:${a.userId}`);
}
