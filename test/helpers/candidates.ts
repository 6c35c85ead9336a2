import { ids } from '../../src/slack/ids.js';
import type { Harness } from './harness.js';
import { freshTriggerId, viewSubmissionPayload, waitFor } from './slack-request.js';

const candidateIds = ids.candidates;
const blockIds = candidateIds.flagBlocks;
const actionId = candidateIds.action;

export const TEAM = 'UTEAM';
export const teamEnv = { TEAM_SLACK_USER_IDS: TEAM };

/** A message_action payload, as Slack sends it for "Flag as ProdSec candidate" on a message. */
export function messageShortcutPayload(
  h: Harness,
  opts: { text: string; channelId?: string; ts?: string; threadTs?: string; userId?: string },
): Record<string, unknown> {
  const ts = opts.ts ?? '1700000000.000100';
  return {
    type: 'message_action',
    callback_id: candidateIds.flagShortcut,
    trigger_id: freshTriggerId(),
    response_url: h.slack.responseUrl(),
    message_ts: ts,
    action_ts: String(Date.now() / 1000),
    token: 'deprecated',
    team: { id: 'T1', domain: 'example' },
    user: { id: opts.userId ?? 'U1', name: 'flagger', team_id: 'T1' },
    channel: { id: opts.channelId ?? 'C1', name: 'general' },
    message: {
      type: 'message',
      user: 'UAUTHOR',
      ts,
      text: opts.text,
      ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
    },
  };
}

export interface FlagForm {
  message?: string;
  choice?: string;
  title?: string;
  kind?: 'internal' | 'product' | null;
  notes?: string;
  existing?: string;
  confidential?: boolean;
}

/** A view_submission of the flag modal for a message in `channelId` at `ts`. */
export function flagSubmission(
  form: FlagForm,
  opts: {
    channelId?: string;
    ts?: string;
    threadTs?: string;
    userId?: string;
    viewId?: string;
    permalink?: string | null;
  } = {},
) {
  const f = {
    message: 'The deploy token leaks into CI job logs on every failed run.',
    choice: 'new',
    title: 'Deploy token leaks into CI logs',
    kind: 'product' as const,
    notes: '',
    existing: '',
    confidential: true,
    ...form,
  };
  const text = (value: string) => ({ [actionId]: { type: 'plain_text_input', value } });
  const radio = (value: string | null) => ({
    [actionId]: { type: 'radio_buttons', selected_option: value ? { value } : null },
  });
  const ts = opts.ts ?? '1700000000.000100';
  return viewSubmissionPayload({
    callbackId: candidateIds.flagCallbackId,
    viewId: opts.viewId ?? `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    userId: opts.userId ?? 'U1',
    privateMetadata: JSON.stringify({
      channelId: opts.channelId ?? 'C1',
      messageTs: ts,
      threadTs: opts.threadTs ?? ts,
      permalink: opts.permalink === undefined ? null : opts.permalink,
    }),
    values: {
      [blockIds.message]: text(f.message),
      [blockIds.choice]: radio(f.choice),
      [blockIds.title]: text(f.title),
      [blockIds.kind]: radio(f.kind),
      [blockIds.notes]: text(f.notes),
      [blockIds.existing]: text(f.existing),
      [blockIds.confidential]: {
        [actionId]: {
          type: 'checkboxes',
          selected_options: f.confidential ? [{ value: candidateIds.confidentialOption }] : [],
        },
      },
    },
  });
}

/** A view_submission of the Decline modal. */
export function declineSubmission(
  issueRef: string,
  reason: string,
  opts: { userId?: string; community?: boolean; viewId?: string } = {},
) {
  return viewSubmissionPayload({
    callbackId: candidateIds.declineCallbackId,
    viewId: opts.viewId ?? `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    userId: opts.userId ?? TEAM,
    privateMetadata: JSON.stringify({ issueRef }),
    values: {
      [candidateIds.declineBlocks.reason]: { [actionId]: { type: 'plain_text_input', value: reason } },
      [candidateIds.declineBlocks.community]: {
        [actionId]: {
          type: 'checkboxes',
          selected_options: opts.community ? [{ value: candidateIds.communityOption }] : [],
        },
      },
    },
  });
}

/** DMs the bot sent to a user (the fake maps U… to D…). */
export const dmsTo = (h: Harness, user: string) =>
  h.slack.messages.filter((m) => m.channel === `D${user.slice(1)}`);

export const waitForDm = (h: Harness, user: string, match: (text: string) => boolean, label = 'DM') =>
  waitFor(
    () => dmsTo(h, user).find((m) => match(`${m.text ?? ''} ${JSON.stringify(m.blocks ?? [])}`)),
    5000,
    label,
  );

/** Ephemeral answers posted to response_url addresses, as text. */
export const responsesText = (h: Harness) => h.slack.responses.map((r) => JSON.stringify(r.body));
