import { ErrorCode, type Logger, LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from './block-kit-limits.js';
import { type FakeSlack, makeTriggerId, startFakeSlack } from './slack-api.js';

const TOKEN = 'xoxb-test-token';
let fake: FakeSlack;
let client: WebClient;
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const makeClient = (token = TOKEN, extra: Record<string, unknown> = {}) =>
  new WebClient(token, {
    slackApiUrl: fake.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quiet,
    ...extra,
  });

/** Runs a call that must fail; returns the error's `code` and `data` (Slack's answer). */
async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; data?: Record<string, unknown> } & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; data?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

const section = (i: number) => ({ type: 'section', text: { type: 'mrkdwn', text: `block ${i}` } });
const modal = (title: string) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  blocks: [section(1)],
});

async function post(method: string, body: string, contentType: string, token = TOKEN) {
  const res = await fetch(`${fake.url}${method}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, Authorization: `Bearer ${token}` },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text };
}

beforeAll(async () => {
  fake = await startFakeSlack();
  client = makeClient();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('fake Slack Web API', () => {
  it('auth.test answers as the bot', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT' });
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('chat.postMessage records the message and returns an increasing ts', async () => {
    const a = await client.chat.postMessage({ channel: 'C1', text: 'hello' });
    const b = await client.chat.postMessage({ channel: 'C1', text: 'reply', thread_ts: a.ts });
    expect(a).toMatchObject({ ok: true, channel: 'C1', message: { text: 'hello', user: 'UBOT' } });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    expect(fake.messages).toEqual([
      { channel: 'C1', ts: a.ts, text: 'hello', user: 'UBOT' },
      { channel: 'C1', ts: b.ts, thread_ts: a.ts, text: 'reply', user: 'UBOT' },
    ]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.calls[0]).toMatchObject({ method: 'chat.postMessage', token: TOKEN, status: 200 });
  });

  it('posting to a user id lands in the app DM; long text is truncated; no text is no_text', async () => {
    const res = await client.chat.postMessage({ channel: 'U123', text: 'x'.repeat(40_010) });
    expect(res.channel).toBe('D123');
    expect(fake.messages[0]?.text).toHaveLength(40_000);
    expect((await failure(client.chat.postMessage({ channel: 'C1', text: '' }))).data?.error).toBe('no_text');
  });

  it('a 51-block message is invalid_blocks, with messages', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(i));
    const err = await failure(client.chat.postMessage({ channel: 'C1', text: 't', blocks }));
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(JSON.stringify(err.data)).toContain('json-pointer:/blocks');
    expect(fake.messages).toHaveLength(0);
    await client.chat.postMessage({ channel: 'C1', text: 't', blocks: blocks.slice(0, 50) });
    expect(fake.messages).toHaveLength(1);
  });

  it('chat.update edits a stored message; unknown ts is message_not_found', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'v1' });
    await client.chat.update({ channel: 'C1', ts: ts!, text: 'v2', blocks: [section(1)] });
    expect(fake.messages[0]).toMatchObject({ text: 'v2', blocks: [section(1)] });
    const err = await failure(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }));
    expect(err.data?.error).toBe('message_not_found');
    const link = await client.chat.getPermalink({ channel: 'C1', message_ts: ts! });
    expect(link.permalink).toBe(`https://example.slack.com/archives/C1/p${ts!.replace('.', '')}`);
  });

  it('ephemerals, not_in_channel, conversations.open, usergroups, users.info, unknown_method', async () => {
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'psst' });
    expect(fake.ephemerals).toEqual([{ channel: 'C1', user: 'U1', text: 'psst' }]);
    fake.notInChannel.add('C9');
    expect((await failure(client.chat.postMessage({ channel: 'C9', text: 'x' }))).data?.error).toBe(
      'not_in_channel',
    );
    expect((await client.conversations.open({ users: 'U77' })).channel?.id).toBe('D77');
    fake.usergroups.set('S1', ['U1', 'U2']);
    expect((await client.usergroups.users.list({ usergroup: 'S1' })).users).toEqual(['U1', 'U2']);
    expect((await failure(client.usergroups.users.list({ usergroup: 'S2' }))).data?.error).toBe(
      'no_such_subteam',
    );
    expect((await client.users.info({ user: 'U1' })).user).toMatchObject({
      id: 'U1',
      tz: 'UTC',
      is_bot: false,
    });
    expect((await failure(client.apiCall('nope.nothing'))).data?.error).toBe('unknown_method');
  });

  it('a modal whose title has 25 characters is invalid_arguments', async () => {
    const err = await failure(
      client.views.open({ trigger_id: makeTriggerId(), view: modal('x'.repeat(25)) }),
    );
    expect(err.data).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(JSON.stringify(err.data?.response_metadata)).toContain('/view/title/text');
    const ok = await client.views.open({ trigger_id: makeTriggerId(), view: modal('x'.repeat(24)) });
    expect(ok.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      hash: expect.any(String),
      state: { values: {} },
    });
    expect(fake.views[0]).toMatchObject({ kind: 'open', id: ok.view?.id });
  });

  it('trigger ids expire after 3 s and are single use', async () => {
    const expired = await failure(
      client.views.open({ trigger_id: makeTriggerId(Date.now() - 3500), view: modal('T') }),
    );
    expect(expired.data?.error).toBe('expired_trigger_id');
    const trigger = makeTriggerId();
    await client.views.open({ trigger_id: trigger, view: modal('T') });
    expect((await failure(client.views.open({ trigger_id: trigger, view: modal('T') }))).data?.error).toBe(
      'trigger_exchanged',
    );
    await client.views.open({ trigger_id: 'any-other-trigger', view: modal('T') });
    expect((await failure(client.views.open({ trigger_id: '', view: modal('T') }))).data?.error).toBe(
      'invalid_arguments',
    );
  });

  it('views.update checks ids and hashes; views.publish stores the home tab', async () => {
    const opened = await client.views.open({ trigger_id: makeTriggerId(), view: modal('A') });
    const id = opened.view!.id!;
    const updated = await client.views.update({ view_id: id, hash: opened.view!.hash, view: modal('B') });
    expect(updated.view?.title?.text).toBe('B');
    const stale = await failure(
      client.views.update({ view_id: id, hash: opened.view!.hash, view: modal('C') }),
    );
    expect(stale.data?.error).toBe('hash_conflict');
    expect((await failure(client.views.update({ view_id: 'VNOPE', view: modal('C') }))).data?.error).toBe(
      'not_found',
    );
    await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section(1)] } });
    expect(fake.homeViews.get('U1')).toMatchObject({ type: 'home', blocks: [section(1)] });
    expect(fake.views.map((v) => v.kind)).toEqual(['open', 'update', 'publish']);
    const big = { type: 'home' as const, blocks: [section(1)], private_metadata: 'x'.repeat(260_000) };
    expect((await failure(client.views.publish({ user_id: 'U1', view: big }))).data?.error).toBe(
      'view_too_large',
    );
  });

  it('429 carries Retry-After', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const err = await failure(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 3 });
    const raw = await post('chat.postMessage', 'channel=C1&text=x', 'application/x-www-form-urlencoded');
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('3');
    expect(JSON.parse(raw.text)).toEqual({ ok: false, error: 'ratelimited' });
    expect(fake.messages).toHaveLength(0);
    await client.chat.postMessage({ channel: 'C1', text: 'x' }); // the fault was used up
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('other faults: HTTP 5xx, ok:false errors, repeated', async () => {
    fake.failNext('chat.postMessage', { status: 502 }, 2);
    fake.failNext('chat.postMessage', { error: 'fatal_error' });
    expect((await failure(client.chat.postMessage({ channel: 'C1', text: 'x' }))).code).toBe(
      ErrorCode.HTTPError,
    );
    expect((await failure(client.chat.postMessage({ channel: 'C1', text: 'x' }))).code).toBe(
      ErrorCode.HTTPError,
    );
    expect((await failure(client.chat.postMessage({ channel: 'C1', text: 'x' }))).data?.error).toBe(
      'fatal_error',
    );
    await client.chat.postMessage({ channel: 'C1', text: 'x' });
    expect(fake.messages).toHaveLength(1);
  });

  it('a fault aimed at some calls is met only by those, whatever else is sent first', async () => {
    fake.failNext('chat.postMessage', { status: 503 }, 1, (args) => args.channel === 'C2');
    await client.chat.postMessage({ channel: 'C1', text: 'unrelated' });
    const err = await failure(client.chat.postMessage({ channel: 'C2', text: 'aimed at' }));
    expect(err.code).toBe(ErrorCode.HTTPError);
    await client.chat.postMessage({ channel: 'C2', text: 'aimed at' });
    expect(fake.callsTo('chat.postMessage').map((c) => [c.args.channel, c.status])).toEqual([
      ['C1', 200],
      ['C2', 503],
      ['C2', 200],
    ]);
  });

  it('a delayed answer still posts the message when the client times out', async () => {
    fake.failNext('chat.postMessage', { delayMs: 300 });
    const impatient = makeClient(TOKEN, { timeout: 50 });
    const err = await failure(impatient.chat.postMessage({ channel: 'C1', text: 'slow' }));
    expect(err.code).toBe(ErrorCode.RequestError);
    expect(fake.messages).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ status: 200, fault: { delayMs: 300 } });
  });

  it('an invalid token is invalid_auth', async () => {
    const err = await failure(makeClient('xoxb-wrong').chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(err.data?.error).toBe('invalid_auth');
    expect(fake.calls[0]?.token).toBe('xoxb-wrong');
    expect(
      JSON.parse((await post('auth.test', '', 'application/x-www-form-urlencoded', '')).text).error,
    ).toBe('invalid_auth');
  });

  it('parses form-encoded and JSON bodies, and a token form field', async () => {
    const blocks = [section(1)];
    const form = new URLSearchParams({
      token: TOKEN,
      channel: 'C1',
      text: 't',
      blocks: JSON.stringify(blocks),
    });
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(await res.json()).toMatchObject({ ok: true });
    expect(fake.calls[0]?.args).toEqual({ channel: 'C1', text: 't', blocks });
    expect(fake.messages[0]?.blocks).toEqual(blocks);
    const json = await post(
      'chat.postMessage',
      JSON.stringify({ channel: 'C2', blocks }),
      'application/json',
    );
    expect(JSON.parse(json.text)).toMatchObject({ ok: true, channel: 'C2' });
    const bad = await post(
      'chat.postMessage',
      'channel=C1&blocks=%5Bnot-json',
      'application/x-www-form-urlencoded',
    );
    expect(JSON.parse(bad.text).error).toBe('invalid_blocks_format');
  });

  it('chaos with the same seed produces the same fault sequence', async () => {
    const run = async (seed: number) => {
      fake.reset();
      fake.chaos({ seed, failRate: 0.3, rateLimitRate: 0.2, stallRate: 0.1, stallMs: 5 });
      for (let i = 0; i < 30; i++)
        await post('chat.postMessage', `channel=C1&text=${i}`, 'application/x-www-form-urlencoded');
      return fake.calls.map((c) => `${c.status}${c.fault && 'delayMs' in c.fault ? 's' : ''}`);
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(await run(7)).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(['200', '429', '503', '200s']));
    fake.chaos(null);
    await post('chat.postMessage', 'channel=C1&text=x', 'application/x-www-form-urlencoded');
    expect(fake.calls.at(-1)?.status).toBe(200);
  });

  it('latency delays every answer', async () => {
    fake.setLatency(60);
    const start = Date.now();
    await client.auth.test();
    expect(Date.now() - start).toBeGreaterThanOrEqual(50);
  });
});

describe('block kit limits', () => {
  const input = (element: Record<string, unknown>, block_id = 'b') => ({
    type: 'input',
    block_id,
    label: { type: 'plain_text', text: 'L' },
    element,
  });
  const opt = (text: string, value = 'v') => ({ text: { type: 'plain_text', text }, value });

  it('accepts a valid surface', () => {
    expect(validateBlocks([section(1), { type: 'divider' }], 'message')).toEqual([]);
    expect(validateView({ ...modal('Report'), submit: { type: 'plain_text', text: 'Send' } })).toEqual([]);
  });

  it('reports each broken limit', () => {
    const problems = (blocks: unknown[], surface: 'message' | 'modal' = 'modal') =>
      validateBlocks(blocks, surface).join('\n');
    expect(problems([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }])).toContain(
      '150',
    );
    expect(problems([{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }])).toContain(
      '3000',
    );
    expect(
      problems([
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      ]),
    ).toContain('/blocks/0/fields');
    expect(
      problems([section(1), { ...section(2), block_id: 'x' }, { ...section(3), block_id: 'x' }]),
    ).toContain('duplicate block_id');
    const buttons = [
      { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'ok' } },
      { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } },
    ];
    const actions = problems([{ type: 'actions', elements: buttons }]);
    expect(actions).toContain('duplicate action_id');
    expect(actions).toContain('/blocks/0/elements/1/text/text');
    const select = {
      type: 'static_select',
      action_id: 's',
      options: [opt('o'.repeat(76)), opt('ok', 'v'.repeat(151))],
    };
    expect(problems([input(select)])).toMatch(/options\/0\/text\/text[\s\S]*options\/1\/value/);
    expect(
      problems([input({ type: 'static_select', options: Array.from({ length: 101 }, () => opt('o')) })]),
    ).toContain('at most 100 options');
    expect(
      problems([input({ type: 'radio_buttons', initial_option: opt('i'.repeat(80)), options: [opt('a')] })]),
    ).toContain('initial_option');
    expect(problems([input({ type: 'plain_text_input', max_length: 3001 })])).toContain('max_length');
    expect(
      problems([input({ type: 'plain_text_input', max_length: 5, initial_value: 'toolong' })]),
    ).toContain('initial_value');
    expect(problems([{ type: 'section', text: { type: 'plain_text', text: '' } }])).toContain('more than 0');
    expect(problems([{ ...section(1), block_id: 'b'.repeat(256) }])).toContain('block_id');
  });

  it('checks modal chrome, metadata and size', () => {
    const view = (extra: Record<string, unknown>) => validateView({ ...modal('Title'), ...extra }).join('\n');
    expect(view({ submit: { type: 'plain_text', text: 's'.repeat(25) } })).toContain('/view/submit/text');
    expect(view({ callback_id: 'c'.repeat(256) })).toContain('callback_id');
    expect(view({ private_metadata: 'p'.repeat(3001) })).toContain('private_metadata');
    expect(view({ blocks: Array.from({ length: 101 }, (_, i) => section(i)) })).toContain('100 items');
    expect(view({ private_metadata: 'p'.repeat(300_000) })).toContain('view_too_large');
  });
});

describe('fake Slack: custom step completion (functions.*)', () => {
  let fs: FakeSlack;
  beforeAll(async () => {
    fs = await startFakeSlack();
  });
  afterAll(async () => {
    await fs.close();
  });
  beforeEach(() => fs.reset());
  const clientOf = (token: string) =>
    new WebClient(token, { slackApiUrl: fs.url, retryConfig: { retries: 0 }, logger: quiet });
  const code = async (p: Promise<unknown>) => ((await failure(p)).data as { error?: string }).error;

  it('completes a running execution once, with the bot token or its workflow token, and records the outputs', async () => {
    const run = fs.startFunctionExecution({ requiredOutputs: ['request_id'] });
    const other = fs.startFunctionExecution();
    await clientOf(TOKEN).functions.completeSuccess({
      function_execution_id: run.function_execution_id,
      outputs: { request_id: 'R-1' },
    });
    expect(fs.functionExecutions.get(run.function_execution_id)).toMatchObject({
      state: 'completed',
      outputs: { request_id: 'R-1' },
    });
    expect(
      await code(
        clientOf(TOKEN).functions.completeError({
          function_execution_id: run.function_execution_id,
          error: 'x',
        }),
      ),
    ).toBe('execution_not_in_running_state');
    // The execution's own token works while it runs, and not after.
    await clientOf(other.bot_access_token).functions.completeError({
      function_execution_id: other.function_execution_id,
      error: 'Needed by: is in the past',
    });
    expect(fs.functionExecutions.get(other.function_execution_id)).toMatchObject({
      state: 'failed',
      error: 'Needed by: is in the past',
    });
    expect(await code(clientOf(other.bot_access_token).auth.test())).toBe('invalid_auth');
  });

  it('answers like Slack for a missing id, an unknown execution, missing outputs or error, and a missing required output', async () => {
    const run = fs.startFunctionExecution({ requiredOutputs: ['request_id', 'issue_url'] });
    const c = clientOf(TOKEN);
    const id = run.function_execution_id;
    expect(await code(c.apiCall('functions.completeSuccess', { outputs: {} }))).toBe('invalid_arguments');
    expect(await code(c.functions.completeSuccess({ function_execution_id: 'Fx404', outputs: {} }))).toBe(
      'function_execution_not_found',
    );
    expect(await code(c.apiCall('functions.completeSuccess', { function_execution_id: id }))).toBe(
      'invalid_arguments',
    );
    expect(await code(c.apiCall('functions.completeError', { function_execution_id: id }))).toBe(
      'invalid_arguments',
    );
    expect(
      await code(c.functions.completeSuccess({ function_execution_id: id, outputs: { request_id: 'R-1' } })),
    ).toBe('parameter_validation_failed');
    expect(fs.functionExecutions.get(id)?.state).toBe('running');
    expect(
      await code(clientOf('xoxb-wrong').functions.completeError({ function_execution_id: id, error: 'e' })),
    ).toBe('invalid_auth');
  });
});
