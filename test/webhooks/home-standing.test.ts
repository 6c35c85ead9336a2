import { afterEach, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/jobs/digest.js';
import { digestsIn, slotBefore } from '../helpers/digest-subscription.js';
import { INTERNAL } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';
import { changeDms, fileThroughBot, startWebhookHarness, type WebhookHarness } from './webhook-harness.js';

const TEAM_LABEL = 'team::Product Security Engineering';
const homeOpened = (user: string) => ({ type: 'app_home_opened', user, channel: 'D1', tab: 'home' });

describe('App Home and digest ← the change record', () => {
  let w: WebhookHarness;
  afterEach(async () => {
    await w.close();
  });

  const openHome = async (user: string) => {
    const before = w.h.slack.views.filter((v) => v.kind === 'publish' && v.user_id === user).length;
    expect((await w.h.event(homeOpened(user))).status).toBe(200);
    const published = await waitFor(
      () => w.h.slack.views.filter((v) => v.kind === 'publish' && v.user_id === user)[before],
      5000,
      'home published',
    );
    return JSON.stringify(published.view);
  };

  it("shows each request's issue as the notices told it, without reading the issue from GitLab", async () => {
    w = await startWebhookHarness();
    const issue = await fileThroughBot(w, { title: 'Harden the webhook receiver' });
    const first = await openHome('U1');
    expect(first).toContain('R-1');
    expect(first).not.toContain('in GitLab:');

    w.h.gitlab.editIssue(INTERNAL, issue.iid, { addLabels: [TEAM_LABEL] }, 'alice');
    await w.settle();
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { addLabels: ['workflow::in dev'] }, 'alice');
    await w.settle();
    w.h.gitlab.comment(INTERNAL, issue.iid, 'Started on it.', 'alice');
    await w.settle();
    const told = changeDms(w.h, 'U1').map((m) => m.text);
    expect(told.slice(0, 2)).toEqual([
      'Your request R-1 was taken on by the Product Security Engineering team.',
      'Your request R-1 is in development.',
    ]);

    w.h.gitlab.calls.length = 0;
    const home = await openHome('U1');
    // The last standing the requester was told (a comment does not change it), and who made it.
    expect(home).toContain('in GitLab: *in development*');
    expect(home).toContain('by @alice');
    expect(home).not.toContain('taken on by');
    expect(w.h.gitlab.callsMatching('GET', new RegExp(`/issues/${issue.iid}(\\?|$)`))).toEqual([]);

    w.h.gitlab.editIssue(INTERNAL, issue.iid, { state: 'closed' }, 'alice');
    await w.settle();
    expect(changeDms(w.h, 'U1').at(-1)?.text).toBe('Your request R-1 was closed.');
    expect(await openHome('U1')).toContain('in GitLab: *closed*');
    // Another person's tab shows nothing of it.
    expect(await openHome('U2')).not.toContain('R-1');
  });

  it('the digest\'s "since the last digest" counts the changes made in GitLab that the requesters were told', async () => {
    w = await startWebhookHarness({ TEAM_SLACK_USER_IDS: 'UTEAM' });
    w.h.gitlab.addMilestone('sec', { title: '17.3', start_date: '2000-01-01', due_date: '2999-12-31' });
    const one = await fileThroughBot(w, { title: 'First' });
    const two = await fileThroughBot(w, { user: 'U2', title: 'Second' });
    w.h.gitlab.editIssue(INTERNAL, one.iid, { addLabels: [TEAM_LABEL] }, 'alice');
    w.h.gitlab.editIssue(INTERNAL, one.iid, { addLabels: ['workflow::in dev'] }, 'alice');
    w.h.gitlab.editIssue(INTERNAL, two.iid, { addLabels: ['workflow::blocked'] }, 'alice');
    w.h.gitlab.editIssue(INTERNAL, two.iid, { state: 'closed' }, 'alice');
    w.h.gitlab.comment(INTERNAL, two.iid, 'Closing as duplicate.', 'alice');
    await w.settle();
    const told = [...changeDms(w.h, 'U1'), ...changeDms(w.h, 'U2')].map((m) => m.text);
    expect(told).toHaveLength(5);

    // Subscribed once the start-up catch-up is over (it would post this slot by itself).
    const now = Date.now();
    const hourAgo = new Date(now - 60 * 60_000);
    const cron = `${hourAgo.getUTCMinutes()} ${hourAgo.getUTCHours()} * * *`;
    const sub = w.h.bot.deps.store.digests.subscribe(
      { channelId: 'CDIG', schedule: cron, cron, timezone: 'UTC', milestone: null, createdBy: 'UTEAM' },
      now - 2 * 86_400_000,
    );

    expect(await runDigest(w.h.bot.deps, sub, slotBefore(sub, Date.now()), Date.now())).toBe(true);
    await waitFor(() => digestsIn(w.h.slack.messages, 'CDIG').length === 1 || null, 5000, 'digest');
    const post = JSON.stringify(digestsIn(w.h.slack.messages, 'CDIG')[0]!.blocks);
    expect(post).toContain('Decisions: taken on 1');
    expect(post).toContain('Changes in GitLab: in development 1 · blocked 1 · closed 1');
  });
});
