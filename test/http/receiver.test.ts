import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import {
  blockActionsPayload,
  commandBody,
  payloadBody,
  sendSigned,
  waitFor,
} from '../helpers/slack-request.js';

describe('HTTP endpoints besides Slack events', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });
  const base = () => h.url.replace('/slack/events', '');

  it('GET /healthz reports the database and the times of the last GitLab success and failure, never the failure itself', async () => {
    const first = await fetch(`${base()}/healthz`);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { database: boolean; gitlab: { lastSuccessAt: string | null } };
    expect(body.database).toBe(true);
    expect(body.gitlab.lastSuccessAt).toBeNull();

    await h.submitView(requestSubmission());
    await waitFor(() => h.gitlab.issues().length === 1, 5000, 'issue');
    h.gitlab.setDown(true);
    await h.submitView(requestSubmission());
    await waitFor(() => h.bot.deps.store.requests.get(2)?.status === 'retrying', 5000, 'retrying');
    const after = (await (await fetch(`${base()}/healthz`)).json()) as {
      gitlab: { lastSuccessAt: string; lastFailureAt: string; lastFailure: string };
      outbox: { depth: number };
    };
    expect(after.gitlab.lastSuccessAt).toMatch(/^\d{4}-/);
    expect(after.gitlab.lastFailureAt).toMatch(/^\d{4}-/);
    // Trust boundary: what failed, and on which path, tells an outsider what the token reaches.
    expect(JSON.stringify(after)).not.toMatch(/503|api\/v4|projects/);
    expect(after.outbox.depth).toBeGreaterThan(0);
  });

  it('GET /metrics exposes request, ack latency, GitLab, outbox and process metrics in Prometheus format', async () => {
    await h.command('help');
    await h.submitView(requestSubmission());
    await waitFor(() => h.slack.messages.some((m) => m.text?.includes('filed')), 5000, 'confirmation DM');
    await waitFor(() => h.bot.deps.store.outbox.stats().depth === 0, 5000, 'outbox drained');
    const res = await fetch(`${base()}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/prodsec_slack_requests_total\{kind="command",outcome="acked"\} 1/);
    expect(text).toMatch(/prodsec_slack_ack_seconds_count\{kind="view_submission"\} 1/);
    expect(text).toMatch(/prodsec_gitlab_calls_total\{method="POST",outcome="201"\} 1/);
    expect(text).toContain('prodsec_outbox_depth 0');
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toMatch(/prodsec_slack_api_calls_total\{method="chat.postMessage",outcome="ok"\} 1/);
    expect(text).toContain('prodsec_escalations_open 0');
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${base()}/nope`)).status).toBe(404);
  });

  it('acknowledges an interaction no listener handles (a link button) at once', async () => {
    const t0 = Date.now();
    const res = await sendSigned(h.url, payloadBody(blockActionsPayload({ actionId: 'some_link_button' })));
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('Slack redelivery', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('a retried command arriving while the first is still running runs once', async () => {
    h.slack.setLatency(300);
    const body = commandBody({ text: 'request', trigger_id: `trig.${Date.now()}.redeliver` });
    const [a, b] = await Promise.all([
      sendSigned(h.url, body),
      sendSigned(h.url, body, {
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    await waitFor(() => h.slack.callsTo('views.open')[0]?.status, 5000, 'views.open');
    await new Promise((r) => setTimeout(r, 400));
    expect(h.slack.callsTo('views.open')).toHaveLength(1);
  });

  it('a redelivered event (same event_id) runs once', async () => {
    const event = { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.1' };
    await Promise.all([
      h.event(event, { eventId: 'Ev1' }),
      h.event(event, {
        eventId: 'Ev1',
        headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      }),
    ]);
    await h.idle();
    await new Promise((r) => setTimeout(r, 200));
    await waitFor(() => h.slack.callsTo('views.publish').length > 0, 5000, 'home published');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsTo('views.publish')).toHaveLength(1);
    expect(h.bot.deps.store.deliveries.firstSeen('event:Ev1', Date.now())).toBe(false);
  });
});
