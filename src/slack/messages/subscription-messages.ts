import { dayName, localTime } from '../../domain/cron.js';
import { section } from '../blocks.js';
import { escapeMrkdwn } from '../escape.js';
import { COMMAND } from '../ids.js';
import type { SlackMessage } from './request-messages.js';

interface Shown {
  subscription: { channelId: string; schedule: string; timezone: string; milestone: string | null };
  next: number | null;
}

export const DIGEST_USAGE =
  `\`${COMMAND} digest subscribe [schedule] [time zone]\` (team), \`${COMMAND} digest list\`, ` +
  `\`${COMMAND} digest unsubscribe\` (team), \`${COMMAND} digest now\``;

/** "Mon 2024-03-04 09:00 Europe/Berlin" */
export function formatLocal(at: number, tz: string): string {
  const l = localTime(at, tz);
  const weekday = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
  const p = (n: number) => String(n).padStart(2, '0');
  const day = dayName(weekday);
  return `${day[0]?.toUpperCase()}${day.slice(1)} ${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)} ${tz}`;
}

function describe(s: Shown): string {
  const sub = s.subscription;
  const milestone = sub.milestone ? `milestone *${escapeMrkdwn(sub.milestone)}*` : 'the current milestone';
  const next = s.next === null ? 'never fires again' : `next ${formatLocal(s.next, sub.timezone)}`;
  return `\`${escapeMrkdwn(sub.schedule)}\` (${escapeMrkdwn(sub.timezone)}) for ${milestone}; ${next}`;
}

export function buildSubscribedMessage(s: Shown): SlackMessage {
  const text =
    `:white_check_mark: <#${s.subscription.channelId}> gets the milestone digest ${describe(s)}.\n` +
    'The bot must be a member of this channel to post here (`/invite @prodsec-bot`); otherwise it sends the digest to you.';
  return { text, blocks: [section(text)] };
}

export function buildUnsubscribedMessage(channelId: string, found: boolean): SlackMessage {
  const text = found
    ? `:wave: <#${channelId}> no longer gets milestone digests.`
    : `<#${channelId}> has no digest subscription. See \`${COMMAND} digest list\`.`;
  return { text, blocks: [section(text)] };
}

export function buildSubscriptionList(list: Shown[], channelId: string): SlackMessage {
  if (list.length === 0) {
    return { text: `This channel gets no milestone digest yet. Start with \`${COMMAND} digest subscribe\`.` };
  }
  const lines = list
    .slice(0, 40)
    .map(
      (s) =>
        `• <#${s.subscription.channelId}>${s.subscription.channelId === channelId ? ' (here)' : ''}: ${describe(s)}`,
    );
  if (list.length > 40) lines.push(`…and ${list.length - 40} more`);
  const text = `*Milestone digest subscriptions of this channel*\n${lines.join('\n')}`;
  return { text, blocks: [section(text)] };
}

export function buildDigestUsage(problem?: string): SlackMessage {
  const text = `${problem ? `:thinking_face: ${escapeMrkdwn(problem)}\n` : ''}Digest commands: ${DIGEST_USAGE}`;
  return { text, blocks: [section(text)] };
}
