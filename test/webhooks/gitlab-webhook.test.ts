import { afterEach, describe, expect, it } from 'vitest';
import { signHook } from '../fakes/gitlab-hooks.js';
import { INTERNAL } from '../helpers/harness.js';
import {
  changeDms,
  fileThroughBot,
  HOOK_SECRET,
  SIGNING_TOKEN,
  startWebhookHarness,
  type WebhookHarness,
} from './webhook-harness.js';

type Health = { webhooks: { lastAcceptedAt: string } };
const deliveriesIn = (w: WebhookHarness) => w.h.bot.deps.store.issueChanges.deliveryCount();

describe('POST /gitlab/webhook: authentication and acknowledgement', () => {
  let w: WebhookHarness;
  afterEach(async () => {
    await w.close();
  });

  async function oneRealDelivery() {
    const issue = await fileThroughBot(w);
    w.hooks.setMode('drop');
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { state: 'closed' }, 'alice');
    const d = w.hooks.deliveries[w.hooks.deliveries.length - 1]!;
    w.hooks.setMode('send');
    return { issue, d };
  }

  it('answers 401 and records nothing for a missing or wrong X-Gitlab-Token', async () => {
    w = await startWebhookHarness();
    const { d } = await oneRealDelivery();
    const before = deliveriesIn(w);
    const { 'x-gitlab-token': _drop, ...noToken } = d.headers;
    expect(await w.hooks.post({ headers: noToken, body: d.body })).toBe(401);
    expect(await w.hooks.post({ headers: { ...d.headers, 'x-gitlab-token': 'wrong' }, body: d.body })).toBe(
      401,
    );
    expect(
      await w.hooks.post({ headers: { ...d.headers, 'x-gitlab-token': `${HOOK_SECRET}x` }, body: d.body }),
    ).toBe(401);
    await w.settle();
    expect(deliveriesIn(w)).toBe(before);
    expect(changeDms(w.h, 'U1')).toHaveLength(0);
  });

  it('with a signing token, a wrong signature or a stale timestamp is 401 and records nothing; a good one is 204', async () => {
    w = await startWebhookHarness({ GITLAB_WEBHOOK_SIGNING_TOKEN: SIGNING_TOKEN });
    const { d } = await oneRealDelivery();
    const before = deliveriesIn(w);
    const nowSec = Math.floor(Date.now() / 1000);
    const wrongKey = `whsec_${Buffer.from('another-key-entirely-0123456789').toString('base64')}`;
    const unsigned = { ...d.headers };
    for (const k of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) delete unsigned[k];
    expect(await w.hooks.post({ headers: unsigned, body: d.body })).toBe(401);
    expect(
      await w.hooks.post({ headers: { ...d.headers, ...signHook(wrongKey, d.body, nowSec) }, body: d.body }),
    ).toBe(401);
    expect(
      await w.hooks.post({
        headers: { ...d.headers, ...signHook(SIGNING_TOKEN, d.body, nowSec - 330) },
        body: d.body,
      }),
    ).toBe(401);
    expect(
      await w.hooks.post({
        headers: { ...d.headers, ...signHook(SIGNING_TOKEN, d.body, nowSec + 330) },
        body: d.body,
      }),
    ).toBe(401);
    // The body signed, then changed.
    const tampered = d.body.replace('"closed"', '"opened"');
    expect(await w.hooks.post({ headers: d.headers, body: tampered })).toBe(401);
    await w.settle();
    expect(deliveriesIn(w)).toBe(before);
    expect(changeDms(w.h, 'U1')).toHaveLength(0);

    expect(await w.hooks.resend(d)).toBe(204);
    await w.settle();
    expect(changeDms(w.h, 'U1').map((m) => m.text)).toEqual(['Your request R-1 was closed.']);
  });

  it('answers 413 over MAX_BODY_BYTES and 400 for a body that is not JSON, recording nothing', async () => {
    w = await startWebhookHarness({ MAX_BODY_BYTES: '2048' });
    const headers = {
      'content-type': 'application/json',
      'x-gitlab-token': HOOK_SECRET,
      'x-gitlab-event': 'Issue Hook',
    };
    const res = await fetch(w.hookUrl(), {
      method: 'POST',
      headers,
      body: JSON.stringify({ object_kind: 'issue', pad: 'x'.repeat(4000) }),
    });
    expect(res.status).toBe(413);
    expect(await w.hooks.post({ headers, body: '{not json' })).toBe(400);
    expect(deliveriesIn(w)).toBe(0);
  });

  it('acknowledges with 204 before any Slack or GitLab call, and reports the last accepted webhook in /healthz', async () => {
    w = await startWebhookHarness();
    const issue = await fileThroughBot(w);
    const health0 = (await (
      await fetch(w.hookUrl().replace('/gitlab/webhook', '/healthz'))
    ).json()) as Health;
    w.hooks.setMode('drop');
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { state: 'closed' }, 'alice');
    const d = w.hooks.deliveries.at(-1)!;
    const slackCalls = w.h.slack.calls.length;
    const gitlabCalls = w.h.gitlab.calls.length;
    expect(await w.hooks.post(d)).toBe(204);
    // Saved and answered; nothing has reached Slack or GitLab yet.
    expect(w.h.slack.calls.length).toBe(slackCalls);
    expect(w.h.gitlab.calls.length).toBe(gitlabCalls);
    expect(w.h.bot.deps.store.outbox.listByKind('webhook_delivery').at(-1)?.status).toBe('pending');
    const health = (await (await fetch(w.hookUrl().replace('/gitlab/webhook', '/healthz'))).json()) as Health;
    expect(health0.webhooks.lastAcceptedAt).not.toBeNull();
    expect(Date.parse(health.webhooks.lastAcceptedAt)).toBeGreaterThanOrEqual(
      Date.parse(health0.webhooks.lastAcceptedAt),
    );
    await w.settle();
    expect(changeDms(w.h, 'U1').map((m) => m.text)).toEqual(['Your request R-1 was closed.']);
  });

  it('the same Idempotency-Key twice, also across a restart, gives one notice', async () => {
    w = await startWebhookHarness();
    const issue = await fileThroughBot(w);
    w.hooks.setTwice(true);
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { state: 'closed' }, 'alice');
    await w.settle();
    const d = w.hooks.deliveries.at(-1)!;
    expect(d.statuses).toEqual([204, 204]);
    expect(changeDms(w.h, 'U1').map((m) => m.text)).toEqual(['Your request R-1 was closed.']);

    await w.h.restart();
    expect(await w.hooks.resend(d)).toBe(204);
    // A retry without the Idempotency-Key falls back to the event UUID.
    const { 'idempotency-key': _k, ...byUuid } = d.headers;
    expect(await w.hooks.post({ headers: byUuid, body: d.body })).toBe(204);
    await w.settle();
    expect(changeDms(w.h, 'U1').map((m) => m.text)).toEqual(['Your request R-1 was closed.']);
  });

  it('acknowledges and ignores events it does not use and issues outside the scope', async () => {
    w = await startWebhookHarness();
    const push = await w.hooks.post({
      headers: {
        'content-type': 'application/json',
        'x-gitlab-token': HOOK_SECRET,
        'x-gitlab-event': 'Push Hook',
      },
      body: JSON.stringify({ object_kind: 'push' }),
    });
    expect(push).toBe(204);
    expect(deliveriesIn(w)).toBe(0);

    const outside = w.h.gitlab.seedIssue('elsewhere/secret-project', { title: 'HR salaries', labels: [] });
    w.h.gitlab.editIssue(
      'elsewhere/secret-project',
      outside.iid,
      { addLabels: ['ProdSecEng Candidate'] },
      'eve',
    );
    await w.settle();
    expect(w.h.bot.deps.store.issueChanges.changesOf(`elsewhere/secret-project#${outside.iid}`)).toHaveLength(
      0,
    );
    expect(w.h.bot.deps.store.issueChanges.seen(`elsewhere/secret-project#${outside.iid}`)).toBeUndefined();
  });
});
