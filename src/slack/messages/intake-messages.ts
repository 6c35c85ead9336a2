import type { ActionsBlock, Button, KnownBlock, ModalView } from '@slack/types';
import type { RequestType } from '../../domain/request-types.js';
import type { SupportState } from '../../domain/support-question.js';
import { context, plain, quoteSection, section } from '../blocks.js';
import { escapeMrkdwn, link, safeText } from '../escape.js';
import { ids } from '../ids.js';
import { LIMITS } from '../limits.js';
import type { SlackMessage } from './request-messages.js';

/**
 * A post in a channel that may carry links to confidential GitLab material.
 * NOTE: Slack unfurls links in bot messages by default; an unfurl would show what the text hides.
 */
export interface ChannelPost extends SlackMessage {
  unfurl_links: false;
  unfurl_media: false;
}

const noUnfurl = { unfurl_links: false, unfurl_media: false } as const;

const button = (actionId: string, text: string, value: string, style?: 'primary'): Button => ({
  type: 'button',
  action_id: actionId,
  text: plain(text),
  value: value.slice(0, LIMITS.buttonValue),
  ...(style ? { style } : {}),
});

/** What an announcement may show: `content` (title, type, requester) or `reference` (ref and link only). */
export type Disclosure = 'content' | 'reference';

/** The audience rule for a channel: a confidential request never shows its content there. */
export function announcementDisclosure(request: { confidential: boolean }): Disclosure {
  return request.confidential ? 'reference' : 'content';
}

export interface AnnouncedRequest {
  ref: string;
  typeName: string;
  title: string;
  requesterId: string;
  issueUrl: string;
  /** `group/project#12` */
  issueRef: string;
  dueDate?: string;
  claimable: boolean;
  claimedBy: string | null;
}

/** A new request in its type's notifyChannel; with Claim while nobody has claimed a claimable one. */
export function buildRequestAnnouncement(r: AnnouncedRequest, disclosure: Disclosure): ChannelPost {
  const issue = link(r.issueUrl, r.issueRef);
  const blocks: KnownBlock[] =
    disclosure === 'content'
      ? [
          section(
            `:inbox_tray: *New ${escapeMrkdwn(r.typeName)}* ${r.ref} from <@${r.requesterId}>: ${issue}`,
          ),
          quoteSection('Title', r.title),
          ...(r.dueDate ? [context(`Needed by *${escapeMrkdwn(r.dueDate)}*`)] : []),
        ]
      : [section(`:lock: *A confidential request* ${r.ref}: ${issue}`)];
  if (r.claimedBy) blocks.push(context(`:raising_hand: Claimed by <@${r.claimedBy}>`));
  else if (r.claimable)
    blocks.push({
      type: 'actions',
      block_id: `${ids.intake.announcementBlockPrefix}${r.ref}`,
      elements: [button(ids.intake.claim, 'Claim', r.ref, 'primary')],
    } as ActionsBlock);
  const text =
    disclosure === 'content'
      ? `New ${r.typeName} ${r.ref}: ${safeText(r.title, 300)}`
      : `A confidential request ${r.ref}: ${r.issueUrl}`;
  return { text, blocks, ...noUnfurl };
}

/** To the requester (their own request, so its title may show): who took it on. */
export function buildClaimedNotice(n: {
  ref: string;
  title: string;
  issueUrl: string;
  claimerId: string;
  assignedInGitLab: boolean;
  /** Why they are not assigned, when it is not the missing link. */
  notAssignedReason?: string;
}): SlackMessage {
  const assigned = n.assignedInGitLab
    ? 'They are assigned to the issue in GitLab.'
    : (n.notAssignedReason ??
      'They have no linked GitLab account yet, so the issue is not assigned to them in GitLab.');
  return {
    text: `<@${n.claimerId}> claimed your request ${n.ref}.`,
    blocks: [
      section(
        `:raising_hand: <@${n.claimerId}> claimed your request *${n.ref}*: ${link(n.issueUrl, n.ref)}\n>${safeText(n.title, 300)}`,
      ),
      context(assigned),
    ],
  };
}

export interface SupportQuestionView {
  ref: string;
  askerId: string;
  question: string;
  context: string;
  state: SupportState;
  answeredBy: string | null;
  answerUrl: string | null;
  convertedBy: string | null;
  convertedRequestRef: string | null;
}

const who = (user: string | null) => (user ? `<@${user}>` : 'a team member');

function supportStateLine(q: SupportQuestionView): string {
  if (q.state === 'answered')
    return `:white_check_mark: Answered by ${who(q.answeredBy)}${q.answerUrl ? `: ${link(q.answerUrl, 'the answer')}` : ''}`;
  if (q.state === 'converted')
    return `:arrow_right: Converted to request ${q.convertedRequestRef ?? ''} by ${who(q.convertedBy)}`;
  return ':hourglass_flowing_sand: Open: answer in this thread, then press *Answered*.';
}

/** The question's thread root in SUPPORT_CHANNEL; re-rendered in place when answered or converted. */
export function buildSupportQuestionPost(q: SupportQuestionView): ChannelPost {
  const blocks: KnownBlock[] = [
    section(`:question: *Support question ${q.ref}* from <@${q.askerId}>`),
    quoteSection('Question', q.question),
    ...(q.context ? [quoteSection('Context', q.context)] : []),
    context(supportStateLine(q)),
  ];
  if (q.state === 'open')
    blocks.push({
      type: 'actions',
      block_id: `${ids.support.postBlockPrefix}${q.ref}`,
      elements: [
        button(ids.support.answered, 'Answered', q.ref, 'primary'),
        button(ids.support.convert, 'Convert to issue', q.ref),
      ],
    } as ActionsBlock);
  return {
    text: `Support question ${q.ref} from <@${q.askerId}>: ${safeText(q.question, 500)}`,
    blocks,
    ...noUnfurl,
  };
}

/** "Answered": the link to the answer, defaulting to the question's thread. */
export function buildSupportAnswerModal(ref: string, threadUrl: string | null): ModalView {
  return {
    type: 'modal',
    callback_id: ids.support.answerCallbackId,
    private_metadata: JSON.stringify({ ref }),
    title: plain(`Answered ${ref}`, LIMITS.modalTitle),
    submit: plain('Mark answered', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      section(`The asker of *${ref}* is told it is answered, with this link.`),
      {
        type: 'input',
        block_id: ids.support.blocks.answerLink,
        optional: true,
        label: plain('Link to the answer'),
        hint: plain(
          'A reply permalink (⋯ → Copy link), a doc or an issue. Empty: the question thread.',
          LIMITS.inputLabel,
        ),
        element: {
          type: 'url_text_input',
          action_id: ids.support.action,
          ...(threadUrl ? { initial_value: threadUrl.slice(0, 3000) } : {}),
        },
      },
    ],
  };
}

/** To the asker when posted: where the question lives. */
export function buildSupportAskedNotice(n: {
  ref: string;
  channelId: string;
  permalink: string | null;
}): SlackMessage {
  const where = n.permalink ? link(n.permalink, 'in the support channel') : `in <#${n.channelId}>`;
  return {
    text: `Your support question ${n.ref} is posted ${n.permalink ?? `in <#${n.channelId}>`}.`,
    blocks: [
      section(
        `:speech_balloon: Your question *${n.ref}* is posted ${where}. The team answers in its thread; you will hear from this bot when it is answered.`,
      ),
    ],
  };
}

export function buildSupportAnsweredNotice(n: {
  ref: string;
  question: string;
  answeredBy: string;
  answerUrl: string;
}): SlackMessage {
  return {
    text: `Your support question ${n.ref} is answered: ${n.answerUrl}`,
    blocks: [
      section(
        `:white_check_mark: <@${n.answeredBy}> answered your question *${n.ref}*: ${link(n.answerUrl, 'read the answer')}\n>${safeText(n.question, 300)}`,
      ),
    ],
  };
}

export function buildSupportConvertedNotice(n: {
  ref: string;
  question: string;
  convertedBy: string;
  requestRef: string;
  issueUrl: string | null;
}): SlackMessage {
  const issue = n.issueUrl
    ? `: ${link(n.issueUrl, n.requestRef)}`
    : '; the bot is filing it and will message you the link';
  return {
    text: `Your support question ${n.ref} became request ${n.requestRef}.`,
    blocks: [
      section(
        `:arrow_right: <@${n.convertedBy}> turned your question *${n.ref}* into request *${n.requestRef}*${issue}\n>${safeText(n.question, 300)}`,
      ),
      context('The question thread stays linked from the issue.'),
    ],
  };
}

/** For the digest: open questions older than SUPPORT_STALE_HOURS, by ref, asker, age and link only. */
export interface StaleSupportQuestion {
  ref: string;
  askerId: string;
  createdAt: number;
  permalink: string | null;
  question?: string;
}

export function buildStaleSupportBlocks(
  questions: StaleSupportQuestion[],
  now: number,
  staleHours: number,
  max = 10,
  opts: { showText?: boolean } = {},
): KnownBlock[] {
  if (questions.length === 0) return [];
  const lines = questions.slice(0, max).map((q) => {
    const hours = Math.floor((now - q.createdAt) / 3_600_000);
    const age = hours >= 48 ? `${Math.floor(hours / 24)} d` : `${hours} h`;
    const text = opts.showText && q.question ? `: ${safeText(q.question.replace(/\s+/g, ' '), 120)}` : '';
    return `• ${q.permalink ? link(q.permalink, q.ref) : q.ref} from <@${q.askerId}>, waiting ${age}${text}`;
  });
  if (questions.length > max) lines.push(`…and ${questions.length - max} more`);
  return [
    section(
      `*Support questions unanswered for more than ${staleHours} h* (${questions.length})\n${lines.join('\n')}`,
    ),
  ];
}

/** To the team member who pressed Claim, privately. */
export function buildClaimAnswer(
  r:
    | { kind: 'claimed'; ref: string }
    | { kind: 'already'; ref: string; claimedBy: string }
    | { kind: 'not_found' },
): SlackMessage {
  if (r.kind === 'not_found')
    return { text: 'That request is not filed or announced (any more), so it cannot be claimed.' };
  if (r.kind === 'already') return { text: `${r.ref} is already claimed by <@${r.claimedBy}>.` };
  return {
    text: `You claimed ${r.ref}. The bot assigns you in GitLab and tells the requester.`,
  };
}

/** `/prodsec request <unknown>`: the list of types and how to open one. */
export function buildUnknownRequestTypeMessage(
  typeId: string,
  types: readonly RequestType[],
): { text: string } {
  const lines = types.map((t) => `• \`${t.id}\`: *${escapeMrkdwn(t.name)}*: ${escapeMrkdwn(t.description)}`);
  return {
    text: `There is no request type \`${escapeMrkdwn(typeId.slice(0, 40)).replace(/`/g, "'")}\`. The types are:\n${lines.join('\n')}\nOpen one with \`/prodsec request &lt;type&gt;\`, or \`/prodsec request\` to choose in the form.`,
  };
}
