import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runReminders } from '../../src/jobs/reminders.js';
import { declineSubmission, dmsTo, TEAM, teamEnv, waitForDm } from '../helpers/candidates.js';
import { fileRequest, flagMessage } from '../helpers/filed-request.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import { CANDIDATE, NOW } from '../helpers/milestone-seed.js';
import { waitFor } from '../helpers/slack-request.js';
import { changeDms, startWebhookHarness } from '../webhooks/webhook-harness.js';

const DAY = 86_400_000;
const PRIVATE = 'sec/private-research';
const REQUESTER = 'UREQ';
const OUTSIDER = 'UOUT';
const TEAM_FLAGGER = 'UTEAM2';
const CONF_TITLE = 'Token forgery in the SSO callback';
const PRIV_TITLE = 'Unreleased HSM rollout findings';
const REASON = 'Duplicate of the embargoed HSM advisory';

/**
 * Decision notices and reminders are DMs: each is rendered for its reader. The requester (their
 * own words) and the team see the title and the reason; a flagger who may not see the issue gets
 * its reference and link only.
 */
describe('notices: rendered for their reader', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      ...teamEnv,
      TEAM_SLACK_USER_IDS: `${TEAM},${TEAM_FLAGGER}`,
      CANDIDATE_STALE_DAYS: '14',
    });
    h.gitlab.addProject({ path_with_namespace: PRIVATE, group: 'sec' });
    h.gitlab.setVisibility(PRIVATE, 'private');
  });
  afterEach(async () => {
    await h.close();
  });

  /** Every Slack call (DMs included) whose arguments mention `needle`, sent to `user`'s DM. */
  const toUser = (user: string, needle: string) =>
    h.slack.calls
      .filter((c) => c.args.channel === `D${user.slice(1)}` || c.args.channel === user)
      .filter((c) => JSON.stringify(c.args).includes(needle));

  it('a decline of a confidential issue: the requester and a team flagger see title and reason; an outside flagger only the reference', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: CONF_TITLE, labels: [CANDIDATE], confidential: true });
    const ref = `${PRODUCT}#${issue.iid}`;
    fileRequest(h.bot.deps, { project: PRODUCT, iid: issue.iid, requesterId: REQUESTER, title: CONF_TITLE });
    flagMessage(h.bot.deps, { project: PRODUCT, iid: issue.iid, flaggerId: OUTSIDER });
    flagMessage(h.bot.deps, { project: PRODUCT, iid: issue.iid, flaggerId: TEAM_FLAGGER });
    await h.submitView(declineSubmission(ref, REASON));
    const mine = await waitForDm(h, REQUESTER, (t) => t.includes('Declined'));
    const team = await waitForDm(h, TEAM_FLAGGER, (t) => t.includes('Declined'));
    const outside = await waitForDm(h, OUTSIDER, (t) => t.includes('Declined'));
    await h.idle();
    for (const m of [mine, team]) {
      expect(JSON.stringify(m.blocks)).toContain(CONF_TITLE);
      expect(JSON.stringify(m.blocks)).toContain(REASON);
    }
    const text = JSON.stringify(outside.blocks);
    expect(text).toContain(ref);
    expect(text).toContain(issue.web_url);
    expect(toUser(OUTSIDER, CONF_TITLE)).toEqual([]);
    expect(toUser(OUTSIDER, REASON)).toEqual([]);
  });

  it('a decline of a private-project issue: an outside flagger gets the reference, a flagger who can read it in GitLab the title', async () => {
    const issue = h.gitlab.seedIssue(PRIVATE, { title: PRIV_TITLE, labels: [CANDIDATE] });
    const ref = `${PRIVATE}#${issue.iid}`;
    flagMessage(h.bot.deps, { project: PRIVATE, iid: issue.iid, flaggerId: OUTSIDER });
    flagMessage(h.bot.deps, { project: PRIVATE, iid: issue.iid, flaggerId: 'UREADER' });
    // UREADER's linked GitLab account may read the issue; OUTSIDER is not linked.
    h.bot.deps.identity.canRead = async (user) => (user === 'UREADER' ? 'yes' : 'unlinked');
    await h.submitView(declineSubmission(ref, REASON));
    const outside = await waitForDm(h, OUTSIDER, (t) => t.includes('Declined'));
    const reader = await waitForDm(h, 'UREADER', (t) => t.includes('Declined'));
    await h.idle();
    expect(JSON.stringify(outside.blocks)).toContain(ref);
    expect(toUser(OUTSIDER, PRIV_TITLE)).toEqual([]);
    expect(toUser(OUTSIDER, REASON)).toEqual([]);
    expect(JSON.stringify(reader.blocks)).toContain(PRIV_TITLE);
    expect(JSON.stringify(reader.blocks)).toContain(REASON);
  });

  it('a stale-candidate reminder quotes the title to the requester, never to an outside flagger of a private-project issue', async () => {
    h.bot.deps.clock = () => NOW;
    h.gitlab.setVisibility(PRODUCT, 'private');
    const issue = h.gitlab.seedIssue(PRODUCT, {
      title: PRIV_TITLE,
      labels: [CANDIDATE],
      created_at: new Date(NOW - 30 * DAY).toISOString(),
    });
    fileRequest(h.bot.deps, { project: PRODUCT, iid: issue.iid, requesterId: REQUESTER, title: PRIV_TITLE });
    flagMessage(h.bot.deps, { project: PRODUCT, iid: issue.iid, flaggerId: OUTSIDER });
    expect(await runReminders(h.bot.deps, NOW)).toBe(2);
    await waitFor(
      () => dmsTo(h, OUTSIDER).length === 1 && dmsTo(h, REQUESTER).length === 1,
      5000,
      'reminders',
    );
    await h.idle();
    expect(JSON.stringify(dmsTo(h, REQUESTER)[0]!.blocks)).toContain(PRIV_TITLE);
    expect(JSON.stringify(dmsTo(h, OUTSIDER)[0]!.blocks)).toContain(`${PRODUCT}#${issue.iid}`);
    expect(toUser(OUTSIDER, PRIV_TITLE)).toEqual([]);
  });

  it('a status notice from GitLab (webhook): the requester sees the title, an outside flagger of a private-project issue only the reference', async () => {
    const w = await startWebhookHarness();
    try {
      w.h.gitlab.setVisibility(PRODUCT, 'private');
      const issue = w.h.gitlab.seedIssue(PRODUCT, { title: PRIV_TITLE, labels: [CANDIDATE] });
      fileRequest(w.h.bot.deps, {
        project: PRODUCT,
        iid: issue.iid,
        requesterId: REQUESTER,
        title: PRIV_TITLE,
      });
      flagMessage(w.h.bot.deps, { project: PRODUCT, iid: issue.iid, flaggerId: OUTSIDER });
      w.h.gitlab.editIssue(PRODUCT, issue.iid, { addLabels: ['workflow::in dev'] }, 'root');
      await w.settle();
      await waitFor(
        () => changeDms(w.h, REQUESTER).length === 1 && changeDms(w.h, OUTSIDER).length === 1,
        5000,
        'status notices',
      );
      expect(JSON.stringify(changeDms(w.h, REQUESTER)[0]!.blocks)).toContain(PRIV_TITLE);
      expect(JSON.stringify(changeDms(w.h, OUTSIDER)[0]!.blocks)).toContain(issue.web_url);
      const toOutsider = w.h.slack.calls.filter(
        (c) => c.args.channel === `D${OUTSIDER.slice(1)}` || c.args.channel === OUTSIDER,
      );
      expect(toOutsider.filter((c) => JSON.stringify(c.args).includes(PRIV_TITLE))).toEqual([]);
    } finally {
      await w.close();
    }
  });
});
