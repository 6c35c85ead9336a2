import type { EscalationRecord } from '../../src/store/escalations-repo.js';
import type { Harness } from './harness.js';
import { waitFor } from './slack-request.js';

export const ESC_CHANNEL = 'CSEC';
export const ESC_GROUP = 'SSUPPORT';

/** Escalations switched on: a channel, the support group and two team leads. */
export const escalationEnv = {
  ESCALATION_CHANNEL: ESC_CHANNEL,
  ESCALATION_USERGROUP: ESC_GROUP,
  ESCALATION_LEAD_USER_IDS: 'ULEAD1,ULEAD2',
  ESCALATION_REPEAT_MINUTES: '15',
  ESCALATION_MAX_REPEATS: '3',
};

export const MINUTE = 60_000;

/** Top-level posts in the escalation channel (not thread replies). */
export const channelPosts = (h: Harness) =>
  h.slack.messages.filter((m) => m.channel === ESC_CHANNEL && !m.thread_ts);

export const threadReplies = (h: Harness, ts: string) =>
  h.slack.messages.filter((m) => m.channel === ESC_CHANNEL && m.thread_ts === ts);

export const dms = (h: Harness, user = 'U1') =>
  h.slack.messages.filter((m) => m.channel === `D${user.slice(1)}`);

/** `/prodsec urgent …` as `user`, then waits until the post is in the channel; returns the stored escalation. */
export async function escalateAndWait(
  h: Harness,
  text = 'urgent https://example.com/incident/42 Customer data visible on the public API',
  user = 'U1',
): Promise<EscalationRecord> {
  const before = channelPosts(h).length;
  const res = await h.command(text, { user });
  if (res.status !== 200) throw new Error(`command answered ${res.status}`);
  await waitFor(() => channelPosts(h).length > before, 5000, 'escalation post');
  const list = h.bot.deps.store.escalations.listOpen();
  const latest = list[list.length - 1];
  if (!latest) throw new Error('no escalation stored');
  await waitFor(() => h.bot.deps.store.escalations.get(latest.id)?.messageTs, 5000, 'posted ts');
  return h.bot.deps.store.escalations.get(latest.id) as EscalationRecord;
}

export function blocksText(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}
