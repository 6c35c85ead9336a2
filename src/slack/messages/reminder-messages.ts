import type { IssueSummary } from '../../domain/digest.js';
import type { Progress } from '../../domain/request-progress.js';
import type { Disclosure } from '../../domain/visibility.js';
import { context, section } from '../blocks.js';
import { link, safeText } from '../escape.js';
import type { SlackMessage } from './request-messages.js';

/** How a message names the issue: "your request R-12 (link)" or "the issue you flagged (link)". */
function named(issue: IssueSummary, ref: string | null): { text: string; mrkdwn: string } {
  const issueLink = link(issue.webUrl, issue.ref);
  return ref
    ? { text: `Your request ${ref}`, mrkdwn: `Your request *${ref}* (${issueLink})` }
    : { text: `The issue you flagged (${issue.ref})`, mrkdwn: `The issue you flagged, ${issueLink},` };
}

const quote = (issue: IssueSummary) => (issue.confidential ? '' : `\n>${safeText(issue.title, 300)}`);

/**
 * To a requester whose candidate has waited past the stale limit: still in the queue, not
 * forgotten. `shown` is what this reader may see: the title is quoted only with `content`.
 */
export function buildStillQueuedMessage(
  issue: IssueSummary,
  ref: string | null,
  shown: Disclosure,
): SlackMessage {
  const n = named(issue, ref);
  return {
    text: `${n.text} is still in the ProdSec queue (${issue.ageDays} days).`,
    blocks: [
      section(
        `:hourglass_flowing_sand: ${n.mrkdwn} has waited ${issue.ageDays} days and is still in the ProdSec ` +
          `refinement queue. Nothing is lost; the team decides on candidates during refinement.${shown === 'content' ? `\n>${safeText(issue.title, 300)}` : ''}`,
      ),
      context('You will hear from this bot when it is decided. Reminders come at most once a week.'),
    ],
  };
}

const PROGRESS_TEXT: Record<Progress, { emoji: string; text: string }> = {
  closed: { emoji: ':white_check_mark:', text: 'was closed' },
  readyForDevelopment: { emoji: ':memo:', text: 'is refined and ready for development' },
  inDev: { emoji: ':hammer_and_wrench:', text: 'is in development' },
};

/** To a requester or flagger: their issue reached a state worth knowing about. */
export function buildProgressMessage(
  issue: IssueSummary,
  ref: string | null,
  progress: Progress,
): SlackMessage {
  const p = PROGRESS_TEXT[progress];
  const n = named(issue, ref);
  return {
    text: `${n.text} ${p.text}.`,
    blocks: [section(`${p.emoji} ${n.mrkdwn} ${p.text}.${quote(issue)}`)],
  };
}
