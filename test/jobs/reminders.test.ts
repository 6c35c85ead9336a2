import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReminders } from '../../src/jobs/reminders.js';
import { fileRequest, flagMessage } from '../helpers/filed-request.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../helpers/harness.js';
import { CANDIDATE, NOW, TEAM } from '../helpers/milestone-seed.js';
import { waitFor } from '../helpers/slack-request.js';

const DAY = 86_400_000;

describe('stale candidate reminders', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ CANDIDATE_STALE_DAYS: '14' });
    h.bot.deps.clock = () => NOW;
  });
  afterEach(async () => {
    await h.close();
  });

  const reminders = (user: string) =>
    h.slack.messages.filter(
      (m) => m.channel === `D${user.slice(1)}` && m.text?.includes('still in the ProdSec queue'),
    );

  function candidate(project: string, title: string, ageDays: number, labels: string[] = []) {
    return h.gitlab.seedIssue(project, {
      title,
      labels: [CANDIDATE, ...labels],
      created_at: new Date(NOW - ageDays * DAY).toISOString(),
    });
  }

  it('tells the requester of a candidate waiting too long once, then at most weekly', async () => {
    const issue = candidate(PRODUCT, 'Waiting for a decision', 20);
    const req = fileRequest(h.bot.deps, { project: PRODUCT, iid: issue.iid, requesterId: 'UREQ' });
    expect(await runReminders(h.bot.deps, NOW)).toBe(1);
    await waitFor(() => reminders('UREQ').length === 1, 5000, 'reminder');
    expect(reminders('UREQ')[0]!.text).toContain(req.ref);
    expect(JSON.stringify(reminders('UREQ')[0]!.blocks)).toContain('20 days');

    expect(await runReminders(h.bot.deps, NOW + 60 * 60_000)).toBe(0);
    expect(await runReminders(h.bot.deps, NOW + 6 * DAY)).toBe(0);
    expect(await runReminders(h.bot.deps, NOW + 7 * DAY)).toBe(1);
    await waitFor(() => reminders('UREQ').length === 2, 5000, 'weekly reminder');
    await h.idle();
    expect(reminders('UREQ')).toHaveLength(2);
  });

  it('also reminds whoever flagged a Slack message into the candidate, once each', async () => {
    const issue = candidate(PRODUCT, 'Flagged twice', 20);
    fileRequest(h.bot.deps, { project: PRODUCT, iid: issue.iid, requesterId: 'UREQ' });
    flagMessage(h.bot.deps, { project: PRODUCT, iid: issue.iid, flaggerId: 'UFLAG' });
    flagMessage(h.bot.deps, { project: PRODUCT, iid: issue.iid, flaggerId: 'UREQ' });
    expect(await runReminders(h.bot.deps, NOW)).toBe(2);
    await waitFor(() => reminders('UFLAG').length === 1, 5000, 'flagger reminder');
    expect(reminders('UFLAG')[0]!.text).toBe(
      `The issue you flagged (${PRODUCT}#${issue.iid}) is still in the ProdSec queue (20 days).`,
    );
    await h.idle();
    expect(reminders('UREQ')).toHaveLength(1);
  });

  it('leaves alone fresh candidates, decided ones and issues nobody filed through the bot', async () => {
    const fresh = candidate(INTERNAL, 'Fresh', 3);
    const taken = candidate(PRODUCT, 'Taken on', 30, [TEAM]);
    const refined = candidate(PRODUCT, 'Refined', 30, ['workflow::ready for development']);
    candidate(PRODUCT, 'Flagged by hand in GitLab', 30);
    fileRequest(h.bot.deps, { project: INTERNAL, iid: fresh.iid, requesterId: 'UA' });
    fileRequest(h.bot.deps, { project: PRODUCT, iid: taken.iid, requesterId: 'UB' });
    fileRequest(h.bot.deps, { project: PRODUCT, iid: refined.iid, requesterId: 'UC' });
    expect(await runReminders(h.bot.deps, NOW)).toBe(0);
    await h.idle();
    expect(h.slack.messages).toHaveLength(0);
  });

  it('when GitLab is down it records nothing, and reminds once GitLab is back', async () => {
    const issue = candidate(PRODUCT, 'Waiting', 20);
    fileRequest(h.bot.deps, { project: PRODUCT, iid: issue.iid, requesterId: 'UREQ' });
    h.gitlab.setDown(true);
    await expect(runReminders(h.bot.deps, NOW)).rejects.toThrow(/503/);
    expect(h.bot.deps.store.reminders.lastSent(`stale:${issue.references.full}:UREQ`)).toBeUndefined();
    h.gitlab.setDown(false);
    expect(await runReminders(h.bot.deps, NOW)).toBe(1);
    await waitFor(() => reminders('UREQ').length === 1, 5000, 'reminder');
  });
});
