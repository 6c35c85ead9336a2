import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret';

/** Signs exactly as Slack does: v0= + hex HMAC-SHA256 over `v0:{timestamp}:{raw body}`. */
export function sign(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SendOptions {
  contentType?: string;
  timestamp?: string;
  signature?: string | null;
  headers?: Record<string, string>;
  secret?: string;
}

export async function sendSigned(url: string, rawBody: string, opts: SendOptions = {}): Promise<Response> {
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    ...opts.headers,
  };
  const signature =
    opts.signature === undefined ? sign(opts.secret ?? SIGNING_SECRET, timestamp, rawBody) : opts.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  return fetch(url, { method: 'POST', headers, body: rawBody });
}

let seq = 0;
/** A trigger id the fake Slack accepts for 3 s after "now", like a real one. */
export function freshTriggerId(): string {
  seq += 1;
  return `trig.${Date.now()}.${seq}`;
}

export interface CommandFields {
  text: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  team_id?: string;
  trigger_id?: string;
  response_url?: string;
}

export function commandBody(f: CommandFields): string {
  return new URLSearchParams({
    token: 'deprecated',
    team_id: f.team_id ?? 'T1',
    team_domain: 'example',
    channel_id: f.channel_id ?? 'C1',
    channel_name: 'general',
    user_id: f.user_id ?? 'U1',
    user_name: f.user_name ?? 'requester',
    command: '/prodsec',
    text: f.text,
    api_app_id: 'A1',
    response_url: f.response_url ?? 'https://hooks.slack.com/commands/T1/1/abc',
    trigger_id: f.trigger_id ?? freshTriggerId(),
  }).toString();
}

export function payloadBody(payload: unknown): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

type StateValues = Record<string, Record<string, unknown>>;

export function viewSubmissionPayload(opts: {
  callbackId: string;
  viewId: string;
  values: StateValues;
  privateMetadata?: string;
  userId?: string;
  teamId?: string;
}): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: opts.teamId ?? 'T1', domain: 'example' },
    user: { id: opts.userId ?? 'U1', username: 'requester', name: 'requester', team_id: opts.teamId ?? 'T1' },
    api_app_id: 'A1',
    token: 'deprecated',
    trigger_id: freshTriggerId(),
    view: {
      id: opts.viewId,
      team_id: opts.teamId ?? 'T1',
      type: 'modal',
      callback_id: opts.callbackId,
      private_metadata: opts.privateMetadata ?? '',
      hash: 'h1',
      state: { values: opts.values },
      blocks: [],
      title: { type: 'plain_text', text: 'x' },
    },
  };
}

export function blockActionsPayload(opts: {
  actionId: string;
  value?: string;
  blockId?: string;
  userId?: string;
  teamId?: string;
  channelId?: string;
  messageTs?: string;
  view?: Record<string, unknown>;
  selectedOption?: { value: string };
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: opts.teamId ?? 'T1', domain: 'example' },
    user: { id: opts.userId ?? 'U1', username: 'someone', name: 'someone', team_id: opts.teamId ?? 'T1' },
    api_app_id: 'A1',
    token: 'deprecated',
    trigger_id: freshTriggerId(),
    response_url: 'https://hooks.slack.com/actions/T1/1/abc',
    container: opts.view
      ? { type: 'view', view_id: opts.view.id }
      : { type: 'message', message_ts: opts.messageTs ?? '1.1', channel_id: opts.channelId ?? 'C1' },
    channel: opts.view ? undefined : { id: opts.channelId ?? 'C1', name: 'general' },
    message: opts.view ? undefined : { ts: opts.messageTs ?? '1.1', text: 'x', type: 'message' },
    view: opts.view,
    actions: [
      {
        type: opts.selectedOption ? 'static_select' : 'button',
        action_id: opts.actionId,
        block_id: opts.blockId ?? 'b1',
        value: opts.value,
        selected_option: opts.selectedOption,
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

export async function waitFor<T>(
  fn: () => T | undefined | false | null,
  timeoutMs = 5000,
  label = 'condition',
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
