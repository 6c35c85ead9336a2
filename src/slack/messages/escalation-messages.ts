import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { type Audience, formatDuration } from '../../domain/escalation.js';
import type { EscalationRecord } from '../../store/escalations-repo.js';
import { context, plain, quoteSection, section } from '../blocks.js';
import { cut, link, safeText } from '../escape.js';
import { ids } from '../ids.js';
import type { SlackMessage } from './request-messages.js';

export interface Mentions {
  usergroup: string | undefined;
  leads: string[];
}

const SLACK_ID = /^[A-Z0-9]{2,30}$/;

/** The mention for a chain level: `<!subteam^ID>` (a real user-group mention), `<@U…>`, `<!here>`. */
export function renderMentions(audience: Audience[], m: Mentions): string {
  const parts: string[] = [];
  if (audience.includes('here')) parts.push('<!here>');
  if (audience.includes('group') && m.usergroup && SLACK_ID.test(m.usergroup))
    parts.push(`<!subteam^${m.usergroup}>`);
  if (audience.includes('leads')) for (const u of m.leads) if (SLACK_ID.test(u)) parts.push(`<@${u}>`);
  return parts.join(' ');
}

/** `<!date^…>` shows the time in each reader's own time zone; the fallback is UTC. */
export function slackDate(ms: number): string {
  const fallback = `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

const button = (actionId: string, text: string, value: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button',
  action_id: actionId,
  text: plain(text),
  value,
  ...(style ? { style } : {}),
});

function stateLine(e: EscalationRecord, repeatMinutes: number): string {
  if (e.state === 'resolved') {
    const by = e.resolvedBy ? `<@${e.resolvedBy}>` : 'someone';
    return `:white_check_mark: *Resolved* by ${by} ${e.resolvedAt ? slackDate(e.resolvedAt) : ''}`.trim();
  }
  if (e.state === 'acknowledged' && e.acknowledgedBy && e.acknowledgedAt !== null) {
    const tta = e.timeToAckMs !== null ? ` · time to acknowledge *${formatDuration(e.timeToAckMs)}*` : '';
    return `:eyes: *Acknowledged* by <@${e.acknowledgedBy}> ${slackDate(e.acknowledgedAt)}${tta}`;
  }
  return `:hourglass_flowing_sand: *Not acknowledged yet.* It is repeated every ${repeatMinutes} min, to a wider audience each time, until someone acknowledges it.`;
}

/** The post in the escalation channel; re-rendered in place as its state changes. */
export function buildEscalationPost(
  e: EscalationRecord,
  opts: { mentions: string; repeatMinutes: number },
): SlackMessage {
  const blocks: KnownBlock[] = [
    section(
      `:rotating_light: *Urgent escalation ${e.ref}* from <@${e.escalator}>${opts.mentions ? `\n${opts.mentions}` : ''}`,
    ),
    section(`*Link:* ${link(e.link, e.link)}${e.requestRef ? `\n*Request:* ${e.requestRef}` : ''}`),
    quoteSection('Why it is urgent', e.explanation),
    context(stateLine(e, opts.repeatMinutes)),
  ];
  if (e.state === 'resolved' && e.resolutionNote) blocks.push(quoteSection('Resolution', e.resolutionNote));
  const buttons: Button[] =
    e.state === 'open'
      ? [button(ids.escalation.acknowledge, 'Acknowledge', e.ref, 'primary')]
      : e.state === 'acknowledged'
        ? [button(ids.escalation.unacknowledge, 'Un-acknowledge', e.ref)]
        : [];
  if (e.state !== 'resolved') buttons.push(button(ids.escalation.resolve, 'Resolve', e.ref));
  if (buttons.length)
    blocks.push({ type: 'actions', block_id: `esc_${e.id}`, elements: buttons } as ActionsBlock);
  return {
    text: `${opts.mentions ? `${opts.mentions} ` : ''}Urgent escalation ${e.ref} from <@${e.escalator}>: ${safeText(e.explanation, 500)}`,
    blocks,
  };
}

/** A repeat in the post's thread, to the level's (wider) audience. */
export function buildEscalationRepeat(
  e: EscalationRecord,
  opts: { mentions: string; repeat: number; maxRepeats: number; waitedMs: number },
): SlackMessage {
  const last = opts.repeat >= opts.maxRepeats ? ' This is the last reminder.' : '';
  const text =
    `:rotating_light: ${opts.mentions ? `${opts.mentions} ` : ''}*${e.ref}* is still not acknowledged after ` +
    `${formatDuration(opts.waitedMs)} (reminder ${opts.repeat} of ${opts.maxRepeats}). ` +
    `Please press *Acknowledge* on the post above if you are on it.${last}`;
  return { text, blocks: [section(text)] };
}

export function buildEscalationConfirmation(
  e: EscalationRecord,
  permalink: string | undefined,
): SlackMessage {
  const where = permalink ? link(permalink, 'the escalation post') : `<#${e.channelId}>`;
  const text = `:white_check_mark: Your urgent escalation *${e.ref}* is posted: see ${where}. You will hear here when someone acknowledges it.`;
  return { text, blocks: [section(text), context(`Link: ${link(e.link, e.link)}`)] };
}

export function buildAcknowledgedNotice(e: EscalationRecord): SlackMessage {
  const after = e.timeToAckMs !== null ? ` after ${formatDuration(e.timeToAckMs)}` : '';
  const text = `:eyes: <@${e.acknowledgedBy}> acknowledged your urgent escalation *${e.ref}*${after} and is on it.`;
  return { text, blocks: [section(text)] };
}

export function buildUnacknowledgedNotice(e: EscalationRecord, by: string): SlackMessage {
  const text = `:warning: <@${by}> un-acknowledged your urgent escalation *${e.ref}*; the support group is being reminded again.`;
  return { text, blocks: [section(text)] };
}

export function buildResolvedNotice(e: EscalationRecord): SlackMessage {
  const text = `:white_check_mark: <@${e.resolvedBy}> resolved your urgent escalation *${e.ref}*.`;
  const blocks = [section(text)];
  if (e.resolutionNote) blocks.push(quoteSection('Resolution', e.resolutionNote));
  return { text, blocks };
}

/** Why an action did nothing: someone else got there first, or the escalation moved on. */
export function buildAlreadyHandled(e: EscalationRecord, now: number): string {
  if (e.state === 'acknowledged' && e.acknowledgedBy && e.acknowledgedAt !== null)
    return `<@${e.acknowledgedBy}> already acknowledged ${e.ref} ${formatDuration(now - e.acknowledgedAt)} ago.`;
  if (e.state === 'resolved')
    return `${e.ref} is already resolved${e.resolvedBy ? ` by <@${e.resolvedBy}>` : ''}.`;
  return `${e.ref} is not acknowledged right now, so there is nothing to un-acknowledge.`;
}

export function buildUrgentUsage(problem?: string): SlackMessage {
  const text =
    `${problem ? `:warning: ${problem}\n` : ''}Usage: \`/prodsec urgent <link> <why it is urgent>\`, ` +
    'for example `/prodsec urgent https://gitlab.com/group/project/-/issues/12 Customer data exposed on the public API`. ' +
    'Run `/prodsec urgent` alone to open a form. File the work through `/prodsec request` as usual too. Nothing was posted.';
  return { text, blocks: [section(text)] };
}

/**
 * `/prodsec escalations`. `scope: 'own'` is the list for someone outside the responders: only
 * the escalations they raised (the caller filters), said so in the heading.
 */
export function buildEscalationList(
  list: EscalationRecord[],
  now: number,
  scope: 'all' | 'own' = 'all',
): SlackMessage {
  if (list.length === 0)
    return { text: scope === 'own' ? 'You have no open urgent escalations.' : 'No open urgent escalations.' };
  const lines = list.map((e) => {
    const state =
      e.state === 'acknowledged' && e.acknowledgedBy
        ? `acknowledged by <@${e.acknowledgedBy}>`
        : '*not acknowledged*';
    return `• *${e.ref}* ${link(e.link, cut(e.link, 80))}: ${state}, open ${formatDuration(now - e.createdAt)}, from <@${e.escalator}>\n   ${safeText(e.explanation.replace(/\s+/g, ' '), 150)}`;
  });
  const heading = scope === 'own' ? 'Your open urgent escalations' : 'Open urgent escalations';
  const blocks: KnownBlock[] = [section(`*${heading} (${list.length})*`)];
  let chunk: string[] = [];
  for (const line of lines) {
    if ([...chunk, line].join('\n').length > 2900) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
    }
    chunk.push(line);
  }
  if (chunk.length) blocks.push(section(chunk.join('\n')));
  const kept = blocks.slice(0, 49);
  if (blocks.length > kept.length) kept.push(context(`…and more; ${list.length} in all.`));
  return { text: `${list.length} open urgent escalation(s).`, blocks: kept };
}

/** Said wherever an escalation is asked for while ESCALATION_CHANNEL is empty. */
export const ESCALATIONS_NOT_CONFIGURED =
  'Urgent escalations are not set up yet (ESCALATION_CHANNEL is empty). Please post in the security channel and tag the security support group yourself.';
