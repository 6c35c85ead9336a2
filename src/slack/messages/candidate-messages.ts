import type { KnownBlock } from '@slack/types';
import { context, section } from '../blocks.js';
import { escapeMrkdwn, link, safeText } from '../escape.js';
import type { SlackMessage } from './request-messages.js';
import { buildTriageActions } from './triage-buttons.js';

export interface CandidateReplyInput {
  flaggerId: string;
  mode: 'new' | 'existing';
  issueRef: string;
  issueUrl: string;
  title: string;
  metricKinds: string[];
  /**
   * What the thread's audience (everyone in the channel) may see: `reference` names the issue as
   * "a confidential issue" with its reference and link, never its title.
   */
  disclosure: 'content' | 'reference';
}

/** The thread reply: where the flagged message went, with the triage controls. */
export function buildCandidateReply(r: CandidateReplyInput): SlackMessage {
  const verb = r.mode === 'new' ? 'filed as' : 'added to';
  const blocks: KnownBlock[] = [
    section(
      `:triangular_flag_on_post: <@${r.flaggerId}> flagged this as a ProdSec candidate, ${verb} ` +
        (r.disclosure === 'content'
          ? `${link(r.issueUrl, r.issueRef)}\n>${safeText(r.title, 300)}`
          : `a confidential issue, ${link(r.issueUrl, r.issueRef)}`),
    ),
    context('The Product Security Engineering team decides on candidates during triage.'),
    buildTriageActions(r.issueRef, r.metricKinds),
  ];
  return { text: `Flagged as a ProdSec candidate, ${verb} ${r.issueRef}: ${r.issueUrl}`, blocks };
}

export function buildFlagWillRetryMessage(): SlackMessage {
  const text =
    ':hourglass_flowing_sand: The message you flagged is saved. GitLab is not answering right now, so the bot ' +
    'will file it automatically and reply in the thread. Nothing is lost.';
  return { text, blocks: [section(text)] };
}

/** The flag could not reach GitLab for good: why, and what was done before it stopped. */
export function buildFlagFailedMessage(
  reason: string,
  permalink: string | null,
  done: string[],
): SlackMessage {
  const what = permalink ? link(permalink, 'The message you flagged') : 'The message you flagged';
  const changed =
    done.length > 0 ? `Done before it stopped: ${done.join(', ')}.` : 'Nothing was changed in GitLab.';
  const text =
    `:warning: ${what} could not be sent to GitLab: ${escapeMrkdwn(reason)}. ${changed} ` +
    'Check the issue reference and flag the message again.';
  return {
    text: `The message you flagged could not be sent to GitLab: ${escapeMrkdwn(reason)}`,
    blocks: [section(text)],
  };
}
