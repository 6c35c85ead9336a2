import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { View } from '@slack/types';
import { ErrorCode } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../src/errors.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { createLeanSlack, type LeanSlack } from '../../src/slack/lean-call.js';
import { classifySlackError, slackErrorCode } from '../../src/slack/post.js';
import { type FakeSlack, makeTriggerId, startFakeSlack } from '../fakes/slack-api.js';
import { escalationEnv } from '../helpers/escalations.js';
import { startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';

const view: View = {
  type: 'modal',
  title: { type: 'plain_text', text: 'Lean' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hello & welcome' } }],
};

async function countOf(metrics: Metrics, method: string, outcome: string): Promise<number> {
  const text = await metrics.registry.metrics();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`prodsec_slack_api_calls_total{method="${method}",outcome="${outcome}"}`));
  return Number(line?.split(' ').pop() ?? 0);
}

describe('the lean Slack call path (trigger-bound views.open)', () => {
  let slack: FakeSlack | undefined;
  let lean: LeanSlack | undefined;
  const closers: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    lean?.close();
    await slack?.close();
    for (const c of closers.splice(0)) await c();
    lean = undefined;
    slack = undefined;
  });

  function leanOn(
    url: string,
    extra: { budgetMs?: number; maxDeferMs?: number; deferWhile?: (clock: { t: number }) => boolean } = {},
  ) {
    const metrics = createMetrics();
    const sleeps: number[] = [];
    const clock = { t: 0 };
    const { deferWhile, ...rest } = extra;
    lean = createLeanSlack({
      baseUrl: url,
      token: 'xoxb-test-token',
      metrics,
      ...rest,
      ...(deferWhile ? { deferWhile: () => deferWhile(clock) } : {}),
      now: () => clock.t,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.t += ms;
      },
    });
    return { lean, metrics, sleeps };
  }

  it('opens the view with one JSON POST carrying the bot token, and Slack records the same view', async () => {
    slack = await startFakeSlack();
    const { lean, metrics } = leanOn(slack.url);
    const res = await lean.openView({ trigger_id: makeTriggerId(), view });
    expect(res.ok).toBe(true);
    expect(res.view?.id).toMatch(/^V/);
    const [call] = slack.callsTo('views.open');
    expect(call?.token).toBe('xoxb-test-token');
    expect(call?.args.view).toEqual(view);
    expect(slack.views.at(-1)?.view.title.text).toBe('Lean');
    expect(await countOf(metrics, 'views.open', 'ok')).toBe(1);
  });

  it('sends application/json with a Bearer token to the configured base, keeping the connection alive', async () => {
    const seen: Array<{ url?: string; headers: IncomingHttpHeaders; body: string; socket: unknown }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ url: req.url, headers: req.headers, body, socket: req.socket });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, view: { id: 'V1', hash: 'h1' } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );
    const port = (server.address() as AddressInfo).port;
    const { lean } = leanOn(`http://127.0.0.1:${port}/api`);
    await lean.openView({ trigger_id: 't1', view });
    await lean.openView({ trigger_id: 't2', view });
    expect(seen[0]?.url).toBe('/api/views.open');
    expect(seen[0]?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(seen[0]?.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ trigger_id: 't1', view });
    expect(seen[1]?.socket).toBe(seen[0]?.socket);
  });

  it('on a 429 it waits the Retry-After, tries again and succeeds; both attempts are counted', async () => {
    slack = await startFakeSlack();
    const { lean, metrics, sleeps } = leanOn(slack.url);
    slack.failNext('views.open', { status: 429, retryAfter: 1 });
    const res = await lean.openView({ trigger_id: makeTriggerId(), view });
    expect(res.view?.id).toBeDefined();
    expect(sleeps).toEqual([1000]);
    expect(slack.callsTo('views.open').map((c) => c.status)).toEqual([429, 200]);
    expect(await countOf(metrics, 'views.open', '429')).toBe(1);
    expect(await countOf(metrics, 'views.open', 'ok')).toBe(1);
  });

  it('on a 429 whose Retry-After outlives the trigger, it fails at once with the rate-limit error', async () => {
    slack = await startFakeSlack();
    const { lean, sleeps } = leanOn(slack.url, { budgetMs: 2500 });
    slack.failNext('views.open', { status: 429, retryAfter: 3 });
    const err = await lean.openView({ trigger_id: makeTriggerId(), view }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 3 });
    expect(sleeps).toEqual([]);
    expect(slack.callsTo('views.open')).toHaveLength(1);
    expect(classifySlackError(err)).toBeInstanceOf(RetryableError);
  });

  it('while a burst of requests is arriving, a modal waits for it to end, then opens', async () => {
    slack = await startFakeSlack();
    let arriving = true;
    const { lean } = leanOn(slack.url, { deferWhile: () => arriving, maxDeferMs: 60_000 });
    const opened = lean.openView({ trigger_id: makeTriggerId(), view });
    await new Promise((r) => setTimeout(r, 30));
    expect(slack.callsTo('views.open')).toHaveLength(0);
    arriving = false;
    expect((await opened).view?.id).toBeDefined();
    expect(slack.callsTo('views.open')).toHaveLength(1);
  });

  it('waits for a burst at most maxDeferMs, then opens even though requests are still arriving', async () => {
    slack = await startFakeSlack();
    const { lean } = leanOn(slack.url, { deferWhile: () => true, maxDeferMs: 20 });
    expect((await lean.openView({ trigger_id: makeTriggerId(), view })).view?.id).toBeDefined();
    expect(slack.callsTo('views.open')).toHaveLength(1);
  });

  it('counts the wait for a burst in the trigger’s budget: a Retry-After that no longer fits fails at once', async () => {
    slack = await startFakeSlack();
    // The burst took 1 s of the trigger's life; 1 s + a 2 s Retry-After is past the 2.5 s budget.
    const { lean, sleeps } = leanOn(slack.url, {
      budgetMs: 2500,
      maxDeferMs: 20,
      deferWhile: (clock) => {
        clock.t = 1000;
        return true;
      },
    });
    slack.failNext('views.open', { status: 429, retryAfter: 2 });
    const err = await lean.openView({ trigger_id: makeTriggerId(), view }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 2 });
    expect(sleeps).toEqual([]);
    expect(slack.callsTo('views.open')).toHaveLength(1);
  });

  it('on ok:false it throws the WebClient platform error, with Slack’s code and counted by it', async () => {
    slack = await startFakeSlack();
    const { lean, metrics } = leanOn(slack.url);
    slack.failNext('views.open', { error: 'expired_trigger_id' });
    const err = await lean.openView({ trigger_id: makeTriggerId(), view }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: ErrorCode.PlatformError,
      message: 'An API error occurred: expired_trigger_id',
    });
    expect(slackErrorCode(err)).toBe('expired_trigger_id');
    expect(classifySlackError(err)).toBeInstanceOf(PermanentError);
    expect(await countOf(metrics, 'views.open', 'expired_trigger_id')).toBe(1);
  });

  it('on an HTTP 503 it throws the HTTP error and counts the status', async () => {
    slack = await startFakeSlack();
    const { lean, metrics } = leanOn(slack.url);
    slack.failNext('views.open', { status: 503 });
    const err = await lean.openView({ trigger_id: makeTriggerId(), view }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    expect(await countOf(metrics, 'views.open', '503')).toBe(1);
  });

  it('when Slack cannot be reached it throws the request error and counts a network outcome', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const { lean, metrics } = leanOn(`http://127.0.0.1:${port}/api/`);
    const err = await lean.openView({ trigger_id: 't', view }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.RequestError });
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect(classifySlackError(err)).toBeInstanceOf(RetryableError);
    expect(await countOf(metrics, 'views.open', 'network')).toBe(1);
  });
});

describe('a trigger-bound modal through the lean path, end to end', () => {
  it('when views.open is rate limited past the trigger’s life, /prodsec urgent apologises with the usage', async () => {
    const h = await startHarness(escalationEnv);
    try {
      h.slack.failNext('views.open', { status: 429, retryAfter: 30 });
      await h.command('urgent');
      const told = await waitFor(() => h.slack.responses[0], 5000, 'fallback answer');
      expect(String(told.body.text)).toMatch(/form did not open/);
      expect(h.slack.callsTo('views.open')).toHaveLength(1);
      const metrics = await h.bot.deps.metrics.registry.metrics();
      expect(metrics).toMatch(/prodsec_slack_api_calls_total\{method="views\.open",outcome="429"\} 1/);
    } finally {
      await h.close();
    }
  });

  it('/prodsec request opens the same form through the lean path as WebClient would (a JSON view)', async () => {
    const h = await startHarness();
    try {
      const res = await h.command('request');
      expect(res.status).toBe(200);
      const call = await waitFor(() => h.slack.callsTo('views.open')[0], 5000, 'views.open');
      expect(call.token).toBe('xoxb-test-token');
      expect(typeof call.args.view).toBe('object');
      await waitFor(() => (call.status === 200 ? true : undefined), 3000, 'views.open answered');
      expect(h.slack.views.at(-1)?.kind).toBe('open');
    } finally {
      await h.close();
    }
  });
});
