import type { Deps } from '../deps.js';
import { decisionNoteMarker, issueKeyOf } from '../domain/decision.js';
import type { IssueChangeKind } from '../domain/issue-change.js';
import type { GitLabActor } from '../slack/messages/issue-change-messages.js';
import type { ObservedNote } from './hook-payload.js';

/**
 * Who made a change seen in GitLab: the bot itself, a member through the bot (their linked
 * token), or the reader themself. Decides what is already known and what is news.
 */

/** The bot's own changes (a decision made in Slack and applied by the bot) were told and audited already. */
export async function isBot(deps: Deps, actor: GitLabActor | null): Promise<boolean> {
  if (!actor) return false;
  return actor.username.toLowerCase() === (await deps.gitlab.currentUsername()).toLowerCase();
}

/**
 * A change that a decision made through the bot explains: one with no known author (the sweep),
 * or one GitLab names the deciding member for (the bot wrote it with their own linked token).
 */
export function madeThroughBot(
  deps: Deps,
  key: string,
  kind: IssueChangeKind,
  actor: GitLabActor | null,
): boolean {
  const last = deps.store.issueChanges.lastDecisionBy(key);
  const explains =
    (kind === 'taken_on' && last?.kind === 'take_on') || (kind === 'declined' && last?.kind === 'decline');
  if (!last || !explains) return false;
  return !actor || linkedAs(deps, last.actorId, actor);
}

/** Whether a Slack user is linked to this GitLab account (the bot writes as them). */
function linkedAs(deps: Deps, slackUserId: string, actor: GitLabActor): boolean {
  return deps.identity.linkOf(slackUserId)?.username.toLowerCase() === actor.username.toLowerCase();
}

/**
 * A decision's or refinement's note the bot posted with the member's own token: its marker names
 * a record on this issue made by the Slack user linked to the note's author. Told by the bot already.
 */
export function noteThroughBot(deps: Deps, key: string, n: ObservedNote): boolean {
  const actor = n.issue.actor;
  if (!actor) return false;
  const d = /prodsec-bot-decision-(\d+)/.exec(n.text);
  const decision = d ? deps.store.decisions.get(Number(d[1])) : undefined;
  if (decision && n.text.includes(decisionNoteMarker(decision.id)) && decision.issueKey === key) {
    return linkedAs(deps, decision.actorId, actor);
  }
  const r = /prodsec-bot:refinement:(\d+)/.exec(n.text);
  const refinement = r ? deps.store.refinements.get(Number(r[1])) : undefined;
  if (refinement && issueKeyOf(refinement) === key) {
    return linkedAs(deps, refinement.finishedBy ?? refinement.startedBy, actor);
  }
  return false;
}

/**
 * Whether this reader wrote the note themself, so it is not news to them: the note's author is
 * their linked GitLab account, or (for the requester) the issue's author when the bot filed the
 * issue as them with their own token. Hooks carry no email, so an unlinked requester whose issue
 * was filed with the bot's token cannot be recognised: their own comments are still announced.
 */
export function authorOfNote(deps: Deps, n: ObservedNote, requesterId: string | undefined) {
  const actor = n.issue.actor;
  return (userId: string): boolean => {
    const link = deps.identity.linkOf(userId);
    if (link) {
      const sameId = n.authorId !== null && link.gitlabUserId === n.authorId;
      const sameName = !!actor && link.username.toLowerCase() === actor.username.toLowerCase();
      if (n.authorId !== null ? sameId : sameName) return true;
    }
    // Bot-authored notes never get here, so an issue author equal to the note's is the person.
    return userId === requesterId && n.authorId !== null && n.authorId === n.issueAuthorId;
  };
}
