import cron from 'node-cron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestsIn } from '../../helpers/digest-subscription.js';
import { type Harness, PRODUCT, startHarness } from '../../helpers/harness.js';
import { MILESTONE, NOW, TEAM } from '../../helpers/milestone-seed.js';
import { waitFor } from '../../helpers/slack-request.js';

/** Live node-cron schedules (stopped ones stay in node-cron's registry). */
const taskNames = () =>
  [...cron.getTasks().values()]
    .filter((t) => !['stopped', 'destroyed'].includes(t.getStatus()))
    .map((t) => t.name);

describe('/prodsec digest', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM', DIGEST_TIMEZONE: 'Europe/Berlin' });
  });
  afterEach(async () => {
    await h.close();
  });

  const lastResponse = () => h.slack.responses.at(-1)?.body as { text: string; response_type: string };

  it('a team member subscribes the channel; the schedule is saved and live at once', async () => {
    const res = await h.command('digest subscribe weekly fri 16:30', { user: 'UTEAM', channel: 'CSUB' });
    expect(res.status).toBe(200);
    await waitFor(() => h.slack.responses.length === 1, 3000, 'response');
    expect(lastResponse().response_type).toBe('ephemeral');
    expect(lastResponse().text).toContain(
      '<#CSUB> gets the milestone digest `weekly fri 16:30` (Europe/Berlin)',
    );
    expect(lastResponse().text).toMatch(/next Fri \d{4}-\d\d-\d\d 16:30 Europe\/Berlin/);
    const sub = h.bot.deps.store.digests.forChannel('CSUB');
    expect(sub).toMatchObject({
      cron: '30 16 * * 5',
      timezone: 'Europe/Berlin',
      createdBy: 'UTEAM',
      milestone: null,
    });
    expect(taskNames()).toContain(`digest:${sub!.id}`);

    await h.command('digest subscribe daily 08:00 UTC milestone:"17.4"', { user: 'UTEAM', channel: 'CSUB' });
    await waitFor(() => h.slack.responses.length === 2, 3000, 'second response');
    expect(h.bot.deps.store.digests.forChannel('CSUB')).toMatchObject({
      id: sub!.id,
      cron: '0 8 * * *',
      timezone: 'UTC',
      milestone: '17.4',
    });

    await h.command('digest unsubscribe', { user: 'UTEAM', channel: 'CSUB' });
    await waitFor(() => h.slack.responses.length === 3, 3000, 'unsubscribe response');
    expect(lastResponse().text).toContain('no longer gets milestone digests');
    expect(h.bot.deps.store.digests.forChannel('CSUB')).toBeUndefined();
    expect(taskNames()).not.toContain(`digest:${sub!.id}`);
  });

  it('subscriptions survive a restart and are scheduled again', async () => {
    await h.command('digest subscribe', { user: 'UTEAM', channel: 'CKEEP' });
    await waitFor(() => h.bot.deps.store.digests.forChannel('CKEEP'), 3000, 'subscription');
    const id = h.bot.deps.store.digests.forChannel('CKEEP')!.id;
    await h.restart();
    expect(h.bot.deps.store.digests.forChannel('CKEEP')).toMatchObject({ schedule: 'weekly mon 09:00' });
    expect(taskNames().filter((n) => n === `digest:${id}`)).toHaveLength(1);
  });

  it('someone outside the team cannot subscribe or unsubscribe, and is told why', async () => {
    await h.command('digest subscribe daily 09:00', { user: 'UOUT', channel: 'CX' });
    await waitFor(() => h.slack.responses.length === 1, 3000, 'response');
    expect(lastResponse().text).toContain('Only the ProdSec team can subscribe a channel');
    expect(h.bot.deps.store.digests.list()).toHaveLength(0);

    await h.command('digest subscribe daily 09:00', { user: 'UTEAM', channel: 'CX' });
    await waitFor(() => h.bot.deps.store.digests.forChannel('CX'), 3000, 'subscription');
    await h.command('digest unsubscribe', { user: 'UOUT', channel: 'CX' });
    await waitFor(() => h.slack.responses.length === 3, 3000, 'response');
    expect(lastResponse().text).toContain('Only the ProdSec team can unsubscribe');
    expect(h.bot.deps.store.digests.forChannel('CX')).toBeDefined();
  });

  it('when the scheduler refuses a schedule, the channel keeps its previous one and the user is told', async () => {
    await h.command('digest subscribe daily 09:00', { user: 'UTEAM', channel: 'CKEEP' });
    await waitFor(() => h.bot.deps.store.digests.forChannel('CKEEP'), 3000, 'subscription');
    const real = h.bot.deps.scheduler.cron;
    h.bot.deps.scheduler.cron = (name, expr, tz, fn) => {
      if (expr === '0 7 * * *') throw new Error('refused');
      real(name, expr, tz, fn);
    };
    await h.command('digest subscribe daily 07:00', { user: 'UTEAM', channel: 'CKEEP' });
    await waitFor(() => h.slack.responses.length === 2, 3000, 'second response');
    expect(lastResponse().text).toContain('Nothing changed: the scheduler refused this schedule (refused)');
    expect(h.bot.deps.store.digests.forChannel('CKEEP')).toMatchObject({ cron: '0 9 * * *' });
    await h.command('digest subscribe daily 07:00', { user: 'UTEAM', channel: 'CNEW' });
    await waitFor(() => h.slack.responses.length === 3, 3000, 'third response');
    expect(h.bot.deps.store.digests.forChannel('CNEW')).toBeUndefined();
  });

  it('a schedule it cannot read gets the reason and the usage, and saves nothing', async () => {
    const res = await h.command('digest subscribe every tuesday <!channel>', { user: 'UTEAM' });
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain('is neither a friendly schedule nor a 5-field cron expression');
    expect(res.body.text).toContain('&lt;!channel&gt;');
    expect(res.body.text).toContain('weekly mon 09:00');
    const tz = await h.command('digest subscribe daily 09:00 Moon/Base', { user: 'UTEAM' });
    expect(tz.body.text).toContain('not a known time zone');
    expect(h.bot.deps.store.digests.list()).toHaveLength(0);
  });

  it('lists the subscriptions with their next run; an unknown verb gets the usage', async () => {
    // `digest list` is team-only and lists this channel's subscription only.
    await h.command('digest list', { user: 'UTEAM' });
    await waitFor(() => h.slack.responses.length === 1, 3000, 'empty list');
    expect(lastResponse().text).toContain('This channel gets no milestone digest yet');
    await h.command('digest subscribe daily 09:00', { user: 'UTEAM', channel: 'CLIST' });
    await waitFor(() => h.bot.deps.store.digests.forChannel('CLIST'), 3000, 'subscription');
    await h.command('digest list', { user: 'UTEAM', channel: 'CLIST' });
    await waitFor(() => h.slack.responses.length === 3, 3000, 'list');
    const list = { body: lastResponse() };
    expect(list.body.text).toMatch(
      /<#CLIST> \(here\): `daily 09:00` \(Europe\/Berlin\) for the current milestone; next /,
    );
    const unknown = await h.command('digest sometimes');
    expect(unknown.body.text).toContain('"sometimes" is not a digest command');
  });

  it('`digest now` posts the digest in the channel at once', async () => {
    h.bot.deps.clock = () => NOW;
    const ms = h.gitlab.addMilestone('gitlab-org', {
      title: MILESTONE,
      start_date: '2024-03-01',
      due_date: '2024-03-31',
    });
    h.gitlab.seedIssue(PRODUCT, {
      title: 'Planned',
      labels: [TEAM, 'workflow::in dev'],
      milestone: ms!,
      weight: 3,
    });
    await h.command('digest now', { user: 'UTEAM', channel: 'CNOW' });
    await waitFor(() => h.slack.responses.length === 1, 3000, 'building');
    expect(lastResponse().text).toContain('Building the milestone digest');
    await waitFor(() => digestsIn(h.slack.messages, 'CNOW').length === 1, 5000, 'digest');
    expect(digestsIn(h.slack.messages, 'CNOW')[0]!.text).toContain(
      'Milestone digest 17.3: 1 planned (weight 3)',
    );
  });

  it('`digest now` during a GitLab outage says so and posts nothing', async () => {
    h.gitlab.setDown(true);
    await h.command('digest now', { user: 'UTEAM', channel: 'CNOW' });
    await waitFor(() => h.slack.responses.length === 2, 5000, 'response');
    expect(lastResponse().text).toContain('could not be built (GitLab answered 503)');
    await h.idle();
    expect(h.slack.messages.filter((m) => m.channel === 'CNOW')).toHaveLength(0);
  });
});
