import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/jobs/digest.js';
import { digestsIn, slotBefore, subscribeDaily } from '../helpers/digest-subscription.js';
import { escalateAndWait, escalationEnv } from '../helpers/escalations.js';
import { fileRequest } from '../helpers/filed-request.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import { TEAM as TEAM_LABEL } from '../helpers/milestone-seed.js';
import { waitFor } from '../helpers/slack-request.js';

const DAY = 86_400_000;
const TEAM = 'UTEAM';
const OUTSIDER = 'UOUT';
const PRIVATE = 'sec/private-research';
const CONF_TITLE = 'SAML bypass lets any tenant log in as admin';
const PRIV_TITLE = 'Unannounced crypto migration plan';
const CONF_REQUEST = 'Customer PII in debug logs of billing';
const ESC_EXPLANATION = 'Attacker has a shell on the payments host';

/**
 * Digests are channel posts: confidential titles never appear in them; private-project titles
 * only where a team member chose to post team data; `digest now` and `digest list` are team-only.
 */
describe('digests: what a channel is shown', () => {
  let h: Harness;
  let confidentialRef: string;
  beforeEach(async () => {
    h = await startHarness({ ...escalationEnv, TEAM_SLACK_USER_IDS: TEAM });
    const ms = h.gitlab.addMilestone('sec', {
      title: '17.3',
      start_date: '2000-01-01',
      due_date: '2999-12-31',
    });
    h.gitlab.addProject({ path_with_namespace: PRIVATE, group: 'sec' });
    h.gitlab.setVisibility(PRIVATE, 'private');
    const conf = h.gitlab.seedIssue(PRODUCT, {
      title: CONF_TITLE,
      description: 'Steps: CONF-DESCRIPTION',
      labels: [TEAM_LABEL, 'workflow::blocked'],
      milestone: ms!,
      confidential: true,
    });
    confidentialRef = `${PRODUCT}#${conf.iid}`;
    h.gitlab.seedIssue(PRIVATE, {
      title: PRIV_TITLE,
      labels: [TEAM_LABEL, 'workflow::blocked'],
      milestone: ms!,
    });
  });
  afterEach(async () => {
    await h.close();
  });

  /** Every Slack call and response_url body, as text. */
  const everything = () => JSON.stringify([h.slack.calls.map((c) => c.args), h.slack.responses]);

  it('`digest now` by someone outside the team is refused privately, audited, and posts nothing', async () => {
    await h.command('digest now', { user: OUTSIDER, channel: 'CPUB' });
    const told = await waitFor(() => h.slack.responses[0], 5000, 'refusal');
    await h.idle();
    expect(told.body.response_type).toBe('ephemeral');
    expect(String(told.body.text)).toMatch(/Only the ProdSec team can post the milestone digest on demand/);
    expect(h.slack.calls.filter((c) => c.args.channel === 'CPUB')).toEqual([]);
    expect(everything()).not.toContain(PRIV_TITLE);
    expect(everything()).not.toContain(CONF_TITLE);
    const denied = h.bot.deps.store.audit.all().filter((a) => a.outcome === 'denied');
    expect(denied.map((a) => [a.actor, a.action])).toEqual([[OUTSIDER, 'digest.now']]);
  });

  it('`digest now` by a team member in a public channel: private-project titles (team data), never a confidential title or an escalation explanation', async () => {
    await escalateAndWait(h, `urgent https://example.com/incident/9 ${ESC_EXPLANATION}`);
    await h.command('digest now', { user: TEAM, channel: 'CPUB' });
    await waitFor(() => digestsIn(h.slack.messages, 'CPUB').length === 1, 5000, 'digest');
    await h.idle();
    const post = JSON.stringify(digestsIn(h.slack.messages, 'CPUB')[0]!.blocks);
    expect(post).toContain(PRIV_TITLE);
    expect(post).toContain(confidentialRef);
    expect(post).toContain('_confidential issue_');
    expect(post).toContain('Urgent escalations: 1 open');
    expect(post).not.toContain(ESC_EXPLANATION);
    expect(everything()).not.toContain(CONF_TITLE);
    expect(everything()).not.toContain('CONF-DESCRIPTION');
  });

  it('the scheduled digest’s "since the last digest" names a confidential request by reference and link only', async () => {
    const now = Date.now();
    // A daily slot an hour ago (recent enough to post), not live in node-cron.
    const hourAgo = new Date(now - 60 * 60_000);
    const cron = `${hourAgo.getUTCMinutes()} ${hourAgo.getUTCHours()} * * *`;
    const sub = h.bot.deps.store.digests.subscribe(
      { channelId: 'CPUB', schedule: cron, cron, timezone: 'UTC', milestone: null, createdBy: TEAM },
      now - 2 * DAY,
    );
    const secret = fileRequest(h.bot.deps, {
      project: PRODUCT,
      iid: 900,
      requesterId: 'U1',
      title: CONF_REQUEST,
      confidential: true,
    });
    fileRequest(h.bot.deps, { project: PRODUCT, iid: 901, requesterId: 'U2', title: 'Public docs typo' });
    expect(await runDigest(h.bot.deps, sub, slotBefore(sub, now), now)).toBe(true);
    await waitFor(() => digestsIn(h.slack.messages, 'CPUB').length === 1, 5000, 'scheduled digest');
    await h.idle();
    const post = JSON.stringify(digestsIn(h.slack.messages, 'CPUB')[0]!.blocks);
    expect(post).toContain('Since the last digest');
    expect(post).toContain(secret.ref);
    expect(post).toContain(secret.issueUrl!);
    expect(post).toContain('Public docs typo');
    expect(post).toContain(PRIV_TITLE);
    expect(everything()).not.toContain(CONF_REQUEST);
    expect(everything()).not.toContain(CONF_TITLE);
  });

  it('`digest list` is team-only and lists this channel’s subscription only', async () => {
    subscribeDaily(h.bot.deps, 'CPUB', Date.now() - DAY);
    subscribeDaily(h.bot.deps, 'GPRIVATE', Date.now() - DAY, 'Embargoed 18.0 launch');
    await h.command('digest list', { user: OUTSIDER, channel: 'CPUB' });
    const refused = await waitFor(() => h.slack.responses[0], 5000, 'refusal');
    expect(String(refused.body.text)).toMatch(/Only the ProdSec team can list digest subscriptions/);
    expect(JSON.stringify(refused.body)).not.toContain('CPUB>');

    await h.command('digest list', { user: TEAM, channel: 'CPUB' });
    const listed = await waitFor(() => h.slack.responses[1], 5000, 'list');
    expect(listed.body.response_type).toBe('ephemeral');
    expect(String(listed.body.text)).toContain('<#CPUB> (here)');
    expect(everything()).not.toContain('GPRIVATE');
    expect(everything()).not.toContain('Embargoed 18.0');
    expect(h.bot.deps.store.audit.all().filter((a) => a.outcome === 'denied')).toHaveLength(1);
  });
});
