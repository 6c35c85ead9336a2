import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { fileRequest } from '../../helpers/filed-request.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../../helpers/harness.js';
import { CANDIDATE, MILESTONE, NOW, TEAM } from '../../helpers/milestone-seed.js';
import { waitFor } from '../../helpers/slack-request.js';

const nonEmpty = <T>(list: T[]) => (list.length > 0 ? list : undefined);

const homeOpened = (user: string) => ({ type: 'app_home_opened', user, channel: 'D1', tab: 'home' });

describe('App Home', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM' });
    h.bot.deps.clock = () => NOW;
    const ms = h.gitlab.addMilestone('sec', {
      title: MILESTONE,
      start_date: '2024-03-01',
      due_date: '2024-03-31',
    });
    h.gitlab.seedIssue(INTERNAL, {
      title: 'AppSec bot',
      labels: [TEAM, 'workflow::in dev'],
      milestone: ms!,
      weight: 3,
    });
    h.gitlab.seedIssue(PRODUCT, {
      title: 'Stuck',
      labels: [TEAM, 'workflow::blocked'],
      milestone: ms!,
      weight: 2,
    });
    h.gitlab.seedIssue(PRODUCT, {
      title: 'Please look <!here>',
      labels: [CANDIDATE],
      created_at: new Date(NOW - 20 * 86_400_000).toISOString(),
    });
  });
  afterEach(async () => {
    await h.close();
  });

  const publishes = (user: string) => h.slack.views.filter((v) => v.kind === 'publish' && v.user_id === user);
  const text = (view: unknown) => JSON.stringify(view);

  it('for someone outside the team: their own requests and the buttons, nothing from GitLab', async () => {
    fileRequest(h.bot.deps, { project: PRODUCT, iid: 42, requesterId: 'U1', title: 'Rotate <secrets>' });
    const res = await h.event(homeOpened('U1'));
    expect(res.status).toBe(200);
    const [first] = await waitFor(() => nonEmpty(publishes('U1')), 3000, 'publish');
    const view = first!.view;
    expect(view.type).toBe('home');
    const actions = view.blocks.find((b: { type: string }) => b.type === 'actions');
    expect(actions.elements.map((e: { action_id: string }) => e.action_id)).toEqual([
      ids.home.newRequest,
      ids.home.refresh,
    ]);
    expect(text(view)).toContain('*R-1* Rotate &lt;secrets&gt;: filed');
    expect(text(view)).toContain(`${PRODUCT}#42`);
    expect(text(view)).not.toContain('Milestone');
    await h.idle();
    expect(publishes('U1')).toHaveLength(1);
    expect(h.gitlab.calls).toHaveLength(0);
  });

  it('for a team member: opens at once, then fills in the milestone, queue head and escalations from GitLab', async () => {
    h.bot.deps.store.escalations.insert(
      {
        sourceKey: 'esc-1',
        link: 'https://gitlab.example/incident/1',
        explanation: 'Prod secrets leaked <!channel>',
        escalator: 'U9',
        requestRef: null,
        issue: null,
        channelId: 'CSEC',
        nextRepeatAt: null,
      },
      NOW,
    );
    h.gitlab.setLatency(600);
    const sent = Date.now();
    await h.event(homeOpened('UTEAM'));
    const [first] = await waitFor(() => nonEmpty(publishes('UTEAM')), 3000, 'first publish');
    const firstAt = h.slack.callsTo('views.publish')[0]!.at;
    expect(firstAt - sent).toBeLessThan(600);
    expect(text(first!.view)).toContain('Loading the milestone from GitLab');
    expect(text(first!.view)).toContain('Prod secrets leaked &lt;!channel&gt;');

    h.gitlab.setLatency(0);
    await waitFor(() => publishes('UTEAM').length === 2, 5000, 'refreshed publish');
    const second = text(publishes('UTEAM')[1]!.view);
    expect(second).toContain('*Milestone* <');
    expect(second).toMatch(/Planned <[^>]*\|2> \(weight 5\)/);
    expect(second).toMatch(/blocked <[^>]*\|1>/);
    expect(second).toContain('AppSec issue in flight');
    expect(second).toMatch(/Unrefined candidates <[^>]*\|1> \(oldest 20 d\)/);
    expect(second).toContain('*Refinement queue* (1)');
    expect(second).toMatch(/Please look &lt;!here&gt; · 20 d/);
    expect(second).toContain('*Open escalations*');

    // Within the cache's lifetime, opening again asks GitLab nothing.
    const calls = h.gitlab.calls.length;
    await h.event(homeOpened('UTEAM'));
    await waitFor(() => publishes('UTEAM').length === 3, 3000, 'cached publish');
    await h.idle();
    expect(h.gitlab.calls.length).toBe(calls);
    expect(text(publishes('UTEAM')[2]!.view)).toMatch(/Planned <[^>]*\|2>/);
  });

  it('when GitLab is down, a member still gets the tab, with a warning and their requests', async () => {
    fileRequest(h.bot.deps, { project: INTERNAL, iid: 7, requesterId: 'UTEAM', title: 'My own request' });
    h.gitlab.setDown(true);
    await h.event(homeOpened('UTEAM'));
    await waitFor(() => publishes('UTEAM').length === 2, 5000, 'two publishes');
    const view = text(publishes('UTEAM')[1]!.view);
    expect(view).toContain('GitLab is unavailable (GitLab answered 503)');
    expect(view).toContain('My own request');
  });

  it('Refresh re-publishes at once and reloads GitLab; New request opens the request form', async () => {
    await h.event(homeOpened('UTEAM'));
    await waitFor(() => publishes('UTEAM').length === 2, 5000, 'loaded');
    const before = h.gitlab.calls.length;
    await h.action({ actionId: ids.home.refresh, userId: 'UTEAM', view: { id: publishes('UTEAM')[0]!.id } });
    await waitFor(() => publishes('UTEAM').length === 4, 5000, 'refresh publishes');
    expect(h.gitlab.calls.length).toBeGreaterThan(before);
    expect(text(publishes('UTEAM')[2]!.view)).toContain('refreshing…');

    await h.action({ actionId: ids.home.newRequest, userId: 'U1', view: { id: 'VHOME' } });
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 3000, 'views.open');
    // The typed request form (issue 13), starting with the type picker.
    expect((open.args.view as { callback_id: string }).callback_id).toBe(ids.intake.callbackId);
    expect((open.response as { ok: boolean }).ok).toBe(true);
  });

  it('a button whose publish or modal fails is still acknowledged, and nothing is left half-done', async () => {
    h.slack.failNext('views.publish', { error: 'invalid_auth' });
    const refresh = await h.action({ actionId: ids.home.refresh, userId: 'U1', view: { id: 'VHOME' } });
    expect(refresh.status).toBe(200);
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    const open = await h.action({ actionId: ids.home.newRequest, userId: 'U1', view: { id: 'VHOME' } });
    expect(open.status).toBe(200);
    await waitFor(() => h.slack.callsTo('views.open').length === 1, 3000, 'views.open attempt');
    expect(h.slack.views).toHaveLength(0);
  });

  it('a failed publish is logged and the event is still acknowledged', async () => {
    h.slack.failNext('views.publish', { error: 'invalid_auth' });
    const res = await h.event(homeOpened('U1'));
    expect(res.status).toBe(200);
    await waitFor(() => h.slack.callsTo('views.publish').length === 1, 3000, 'publish attempt');
    expect(publishes('U1')).toHaveLength(0);
  });

  it('ignores the Messages tab', async () => {
    await h.event({ ...homeOpened('U1'), tab: 'messages' });
    await h.idle();
    expect(h.slack.callsTo('views.publish')).toHaveLength(0);
  });
});
