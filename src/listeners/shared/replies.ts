import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { SlackMessage } from '../../slack/messages/request-messages.js';

const messageOf = (m: string | SlackMessage): SlackMessage => (typeof m === 'string' ? { text: m } : m);

/** A reply only the person sees (slash command answers and their follow-ups). */
export function ephemeral(message: string | SlackMessage): RespondArguments & { response_type: 'ephemeral' } {
  return { response_type: 'ephemeral', ...messageOf(message) };
}

/**
 * Answers the person who pressed a button privately, leaving the message they pressed it on as it
 * is. NOTE: App Home buttons carry no response_url: there is nowhere to answer, so nothing is sent.
 */
export async function whisper(
  args: { respond: RespondFn; body: { response_url?: string } },
  message: string | SlackMessage,
): Promise<void> {
  if (!args.body.response_url) return;
  await args.respond({ ...ephemeral(message), replace_original: false });
}
