import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { PermanentError, RetryableError } from '../errors.js';

export interface PostPayload {
  channel: string;
  text: string;
  blocks?: KnownBlock[];
  thread_ts?: string;
  /** Update this message instead of posting a new one. */
  updateTs?: string;
  /** When the bot is not in `channel`, send to this user's DM instead. */
  fallbackUser?: string;
  /** Remember where the message went under this key, so it can be updated in place later. */
  rememberAs?: string;
}

const RETRYABLE_PLATFORM = new Set([
  'ratelimited',
  'service_unavailable',
  'fatal_error',
  'internal_error',
  'request_timeout',
]);

/** Turns a @slack/web-api error into the outbox's vocabulary: retry later, or give up. */
export function classifySlackError(err: unknown): Error {
  const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; message?: string };
  const message = e?.message ?? String(err);
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error':
      return new RetryableError(message, (e.retryAfter ?? 1) * 1000);
    case 'slack_webapi_request_error':
    case 'slack_webapi_http_error':
      return new RetryableError(message);
    case 'slack_webapi_platform_error':
      return RETRYABLE_PLATFORM.has(e.data?.error ?? '')
        ? new RetryableError(message)
        : new PermanentError(message);
    default:
      return new RetryableError(message);
  }
}

export function slackErrorCode(err: unknown): string | undefined {
  return (err as { data?: { error?: string } })?.data?.error;
}

/** Posts (or updates) one message; falls back to the user's DM when the bot is not in the channel. */
export async function deliverPost(
  slack: WebClient,
  p: PostPayload,
): Promise<{ channel: string; ts: string }> {
  try {
    if (p.updateTs) {
      const r = await slack.chat.update({
        channel: p.channel,
        ts: p.updateTs,
        text: p.text,
        blocks: p.blocks,
      });
      return { channel: String(r.channel ?? p.channel), ts: String(r.ts ?? p.updateTs) };
    }
    const r = await slack.chat.postMessage({
      channel: p.channel,
      text: p.text,
      blocks: p.blocks,
      thread_ts: p.thread_ts,
    });
    return { channel: String(r.channel ?? p.channel), ts: String(r.ts) };
  } catch (err) {
    const code = slackErrorCode(err);
    if (
      p.fallbackUser &&
      (code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived')
    ) {
      return deliverPost(slack, { channel: p.fallbackUser, text: p.text, blocks: p.blocks });
    }
    throw classifySlackError(err);
  }
}
