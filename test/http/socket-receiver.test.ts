import { afterEach, describe, expect, it } from 'vitest';
import { SlackSocketReceiver } from '../../src/http/socket-receiver.js';
import { createLogger, toBoltLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { startFakeSlack } from '../fakes/slack-api.js';
import { INTERNAL } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';
import { type SocketHarness, startSocketHarness } from '../helpers/socket-harness.js';

const helpText = (ack: { payload?: Record<string, unknown> }) => String(ack.payload?.text ?? '');

describe('Socket Mode receiver against the fake Slack', () => {
  let s: SocketHarness | undefined;
  const start = async (env: Record<string, string> = {}) => {
    s = await startSocketHarness(env);
    return s;
  };
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('connects with the app token through SLACK_API_URL and acks /prodsec help with the help text', async () => {
    const h = await start();
    const open = h.slack.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe('xapp-test-token');
    expect(h.slack.socket.connections).toBe(1);

    const ack = await h.command('help');
    expect(ack.envelope_id).toBeTruthy();
    expect(helpText(ack)).toContain('prodsec-bot commands');
    expect(helpText(ack)).toContain('/prodsec request');
    expect(ack.payload?.response_type).toBe('ephemeral');
  });

  it('serves /healthz and /metrics over HTTP but refuses Slack requests there', async () => {
    const h = await start();
    const base = `http://127.0.0.1:${h.bot.http.address()}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('prodsec_outbox_depth');
    expect((await fetch(`${base}/slack/events`, { method: 'POST', body: 'command=/prodsec' })).status).toBe(
      404,
    );
  });

  it('files a GitLab issue for a view_submission of the request modal, and answers with the saved modal', async () => {
    const h = await start();
    const ack = await h.interaction(requestSubmission());
    expect(ack.payload?.response_action).toBe('update');
    expect(JSON.stringify(ack.payload?.view)).toContain('R-1');
    await waitFor(() => h.gitlab.issues(INTERNAL).length === 1, 5000, 'issue');
    expect(h.gitlab.issues(INTERNAL)[0]!.title).toBe('Automate dependency scanning triage');
  });

  it('reconnects after the server drops the connection, and handles the next envelope', async () => {
    const h = await start();
    expect(h.slack.socket.connectCount).toBe(1);
    h.slack.socket.dropAll();
    await waitFor(() => h.slack.socket.connections === 0, 2000, 'connection dropped');
    // SocketModeClient waits clientPingTimeout (5 s by default) before reconnecting.
    await waitFor(
      () => h.slack.socket.connectCount === 2 && h.slack.socket.connections === 1,
      15_000,
      'reconnected',
    );
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(2);
    expect(helpText(await h.command('help'))).toContain('prodsec-bot commands');
  }, 25_000);

  it('follows a `disconnect` (refresh) message from Slack with a fresh connection', async () => {
    const h = await start();
    h.slack.socket.disconnectAll();
    await waitFor(() => h.slack.socket.connectCount === 2, 15_000, 'reconnected');
    await waitFor(() => h.slack.socket.connections === 1, 2000, 'one connection');
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(2);
    expect(helpText(await h.command('help'))).toContain('prodsec-bot commands');
  }, 25_000);

  it('files nothing twice when Slack redelivers a submission with retry_attempt', async () => {
    const h = await start();
    const payload = requestSubmission();
    const first = await h.interaction(payload);
    expect(first.payload?.response_action).toBe('update');
    const again = await h.interaction(payload, { retryAttempt: 1 });
    expect(again.envelope_id).not.toBe(first.envelope_id);
    await waitFor(() => h.gitlab.issues(INTERNAL).length === 1, 5000, 'issue');
    await h.idle();
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(h.bot.deps.store.requests.listByRequester('U1')).toHaveLength(1);
    expect(h.logs.join('')).toBe(''); // LOG_LEVEL silent: nothing leaks
  });

  it('acks the envelope of a listener that throws, apologises to the user with a reference, and lives on', async () => {
    const h = await start({ LOG_LEVEL: 'error' });
    const requests = h.bot.deps.store.requests;
    const original = requests.listByRequester;
    requests.listByRequester = () => {
      throw new Error('database on fire');
    };
    const ack = await h.command('mine');
    expect(ack.envelope_id).toBeTruthy();
    expect(ack.payload ?? {}).toEqual({});
    const dm = await waitFor(
      () => h.slack.messages.find((m) => m.text?.includes('Reference:')),
      5000,
      'apology DM',
    );
    expect(dm.channel).toBe('D1');
    const ref = /Reference: ([0-9a-f]+)/.exec(dm.text ?? '')?.[1];
    expect(ref).toBeTruthy();
    const logged = h.logs.find((l) => l.includes('listener failed'));
    expect(logged).toContain(ref!);
    expect(logged).toContain('database on fire');

    requests.listByRequester = original;
    expect(helpText(await h.command('help'))).toContain('prodsec-bot commands');
    expect(h.slack.socket.connections).toBe(1);
  });

  it('acks and drops envelopes from a workspace outside SLACK_TEAM_ID', async () => {
    const h = await start({ SLACK_TEAM_ID: 'T1', LOG_LEVEL: 'warn' });
    const refused = await h.command('help', { team: 'T2' });
    expect(refused.payload ?? {}).toEqual({});
    expect(h.logs.some((l) => l.includes('workspace not allowed'))).toBe(true);
    expect(helpText(await h.command('help', { team: 'T1' }))).toContain('prodsec-bot commands');
  });
});

describe('SlackSocketReceiver on its own', () => {
  const receiverFor = (url: string, appToken = 'xapp-test-token') =>
    new SlackSocketReceiver({
      appToken,
      logger: toBoltLogger(createLogger('silent')),
      slackApiUrl: url,
      allowedTeams: [],
      metrics: createMetrics(),
      clientPingTimeout: 300,
    });

  it('answers pings, and reconnects within clientPingTimeout when the connection is dropped', async () => {
    const slack = await startFakeSlack();
    const receiver = receiverFor(slack.url);
    try {
      await receiver.start();
      // The client pings every 100 ms and gives up after 3 unanswered pings: still one connection.
      await new Promise((r) => setTimeout(r, 1000));
      expect(slack.socket.connectCount).toBe(1);
      const dropped = Date.now();
      slack.socket.dropAll();
      await waitFor(
        () => slack.socket.connectCount === 2 && slack.socket.connections === 1,
        3000,
        'reconnected',
      );
      expect(Date.now() - dropped).toBeLessThan(2000);
      expect(slack.callsTo('apps.connections.open')).toHaveLength(2);
      // stop() completes the closing handshake: the server side of the connection goes away too.
      await receiver.stop();
      await waitFor(() => slack.socket.connections === 0, 2000, 'closed');
    } finally {
      await receiver.stop();
      await slack.close();
    }
  });

  it('fails to start with a token Slack refuses', async () => {
    const slack = await startFakeSlack();
    try {
      await expect(receiverFor(slack.url, 'xapp-wrong').start()).rejects.toThrow(/invalid_auth/);
      expect(slack.socket.connectCount).toBe(0);
    } finally {
      await slack.close();
    }
  });
});
