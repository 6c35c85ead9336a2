import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { TEAM, teamEnv, waitForDm } from '../../helpers/candidates.js';
import { type Harness, PRODUCT, startHarness } from '../../helpers/harness.js';
import { requestSubmission } from '../../helpers/request-form.js';
import { waitFor } from '../../helpers/slack-request.js';

const candidateIds = ids.candidates;

describe('/prodsec triage, audit and owners', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(teamEnv);
  });
  afterEach(async () => {
    await h.close();
  });

  const response = async (n = 1) => {
    await waitFor(() => h.slack.responses.length >= n, 3000, 'response');
    return JSON.stringify(h.slack.responses[n - 1]!.body);
  };

  it('shows a member the issue with its title, labels, group, author and age, and Take on / Decline / Refine', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, {
      title: 'Sign webhooks <!channel>',
      labels: ['ProdSecEng Candidate', 'group::authn'],
      created_at: new Date(Date.now() - 3 * 24 * 60 * 60_000).toISOString(),
    });
    h.bot.deps.store.owners.set({ groupLabel: 'group::authn', usernames: ['ana-pm'] }, TEAM, Date.now());
    const ack = await h.command(`triage #${issue.iid}`, { user: TEAM });
    expect(ack.body.text).toContain('Looking up');
    const card = await response();
    expect(card).toContain(issue.web_url);
    expect(card).toContain('Sign webhooks &lt;!channel&gt;');
    expect(card).toContain('group::authn');
    expect(card).toContain('@ana-pm');
    expect(card).toContain('@prodsec-bot');
    expect(card).toContain('3 days');
    expect(card).toContain('candidate, waiting for a decision');
    for (const id of [
      candidateIds.takeOn,
      candidateIds.takeOnAs,
      candidateIds.decline,
      ids.refine.openButton,
    ])
      expect(card).toContain(id);
  });

  it('names the requester on the card when the issue came from /prodsec request', async () => {
    await h.submitView(requestSubmission({ kind: 'product', currentProcess: '' }, { userId: 'UREQ' }));
    await waitForDm(h, 'UREQ', (t) => t.includes('filed'));
    await h.command(`triage ${h.gitlab.issues(PRODUCT)[0]!.web_url}`, { user: TEAM });
    expect(await response()).toContain('requested by <@UREQ> as R-1');
  });

  it('refuses a non-member politely and audits the attempt', async () => {
    await h.command('triage #1', { user: 'UOUTSIDER' });
    expect(await response()).toContain('Only the ProdSec team can do this');
    expect(h.gitlab.calls).toHaveLength(0);
    expect(h.bot.deps.store.audit.all().map((a) => [a.action, a.outcome])).toEqual([
      ['triage.view', 'denied'],
    ]);
  });

  it('answers an unknown issue reference with the accepted forms', async () => {
    const res = await h.command('triage issue twelve', { user: TEAM });
    expect(res.body.text).toContain('is not an issue reference');
    expect(res.body.text).toContain('group/project#123');
  });

  const failures: Array<[string, (h: Harness) => string, RegExp]> = [
    ['GitLab says it does not exist (404)', () => '#77', /cannot be found or is not available to the bot/],
    [
      'the bot cannot see it (403)',
      (hh) => {
        hh.gitlab.forbiddenProjects.add('sec/secret');
        return 'sec/secret#1';
      },
      /cannot be found or is not available to the bot/,
    ],
    [
      'GitLab is down (503)',
      (hh) => {
        hh.gitlab.setDown(true);
        return '#1';
      },
      /GitLab is not answering \(503\)/,
    ],
    [
      'GitLab errors (500)',
      (hh) => {
        hh.gitlab.failNext({ method: 'GET' }, { status: 500 }, 5);
        return '#1';
      },
      /not answering \(500\)/,
    ],
  ];
  for (const [what, arrange, message] of failures) {
    it(`when ${what}, it says so clearly`, async () => {
      await h.command(`triage ${arrange(h)}`, { user: TEAM });
      expect(await response()).toMatch(message);
    });
  }

  it('owners set, list and remove: team-only edits are stored and audited; anyone may list', async () => {
    await h.command('owners set group::Threat Insights @pat-pm @eli.em', { user: TEAM });
    expect(await response()).toContain('`group::threat insights` is owned by @pat-pm @eli.em');
    expect(h.bot.deps.store.owners.get('group::threat insights')?.usernames).toEqual(['pat-pm', 'eli.em']);

    const list = await h.command('owners list', { user: 'UANYONE' });
    expect(JSON.stringify(list.body)).toContain('group::threat insights');
    expect(JSON.stringify(list.body)).toContain('@pat-pm @eli.em');

    await h.command('owners remove group::threat insights', { user: TEAM });
    expect(await response(2)).toContain('Forgot the owners');
    expect(h.bot.deps.store.owners.list()).toHaveLength(0);
    const rows = h.bot.deps.store.audit.all();
    expect(rows.map((a) => [a.action, a.outcome, a.actor])).toEqual([
      ['owners.set', 'ok', TEAM],
      ['owners.remove', 'ok', TEAM],
    ]);
    expect(rows[0]!.details).toMatchObject({ group: 'group::threat insights', owners: ['pat-pm', 'eli.em'] });
  });

  it('owners edits by a non-member are refused and audited, and change nothing', async () => {
    await h.command('owners set group::authn @mallory', { user: 'UOUTSIDER' });
    expect(await response()).toContain('Only the ProdSec team can do this');
    expect(h.bot.deps.store.owners.list()).toHaveLength(0);
    expect(h.bot.deps.store.audit.all().map((a) => [a.action, a.outcome])).toEqual([
      ['owners.set', 'denied'],
    ]);
  });

  const badOwners: Array<[string, RegExp]> = [
    ['owners set group::authn', /Who are the PM\/EM/],
    ['owners set @pm @em', /Which group/],
    ['owners set group::authn <@U123|pm>', /not Slack mentions/],
    ['owners set group::authn @pm /close', /is not a GitLab username/],
    ['owners frobnicate', /not an owners command/],
  ];
  for (const [text, message] of badOwners) {
    it(`answers "${text}" with what is wrong and stores nothing`, async () => {
      const res = await h.command(text, { user: TEAM });
      expect(res.body.text).toMatch(message);
      expect(h.bot.deps.store.owners.list()).toHaveLength(0);
    });
  }

  it("audit shows a member an issue's decisions and refused attempts; a non-member is refused", async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'x', labels: ['ProdSecEng Candidate'] });
    const ref = `${PRODUCT}#${issue.iid}`;
    await h.action({ actionId: candidateIds.takeOn, value: ref, userId: 'UOUTSIDER' });
    await h.action({ actionId: candidateIds.takeOn, value: ref, userId: TEAM });
    await waitForDm(h, TEAM, (t) => t.includes('You took on'));
    const before = h.slack.responses.length;
    await h.command(`audit #${issue.iid}`, { user: TEAM });
    const log = await response(before + 1);
    expect(log).toContain('<@UOUTSIDER>');
    expect(log).toContain('*denied*');
    expect(log).toContain('*queued*');
    expect(log).toContain('*applied*');

    await h.command(`audit #${issue.iid}`, { user: 'UOUTSIDER' });
    expect(await response(before + 2)).toContain('Only the ProdSec team can do this');
    expect(h.bot.deps.store.audit.all().at(-1)).toMatchObject({ action: 'audit.view', outcome: 'denied' });
  });

  it('team membership also comes from the team user group', async () => {
    await h.restart({ TEAM_SLACK_USER_IDS: '', TEAM_SLACK_USERGROUP: 'SPROD' });
    h.slack.usergroups.set('SPROD', ['UGROUP']);
    await h.command('owners set group::authn @ana', { user: 'UGROUP' });
    expect(await response()).toContain('is owned by @ana');
  });
});
