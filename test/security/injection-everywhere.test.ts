import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { declineSubmission, flagSubmission, TEAM } from '../helpers/candidates.js';
import { ESC_CHANNEL, escalateAndWait, escalationEnv } from '../helpers/escalations.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import { finishPayload, openChecklist } from '../helpers/refine-form.js';
import { waitFor } from '../helpers/slack-request.js';

/** Sequences that would ping or mislead if they reached Slack unescaped. */
const MRKDWN = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S1>',
  '<@U999>',
  '<https://evil.example|ok>',
];
/** Lines GitLab would run as quick actions if they reached a description or note as they are. */
const QUICK = [
  '/close',
  '  /label ~"workflow::complete"',
  '\t/assign @admin',
  'x\r\n/confidential',
  'x\r/title pwned',
  '/unlabel ~"ProdSecEng Candidate"',
];
const HOSTILE = `${MRKDWN.join(' ')}\n${QUICK.join('\n')}\nalready escaped: &lt;!channel&gt;`;

function rawMrkdwnIn(value: unknown): string[] {
  const text = JSON.stringify(value);
  return MRKDWN.filter((m) => text.includes(m));
}

describe('no user or GitLab text pings in Slack or runs a quick action in GitLab', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ ...escalationEnv, TEAM_SLACK_USER_IDS: TEAM, GITLAB_GROUPS: 'gitlab-org' });
  });
  afterEach(async () => {
    await h.close();
  });

  const everythingSlackGot = () => [
    h.slack.messages,
    h.slack.responses,
    h.slack.views,
    [...h.slack.homeViews.values()],
  ];

  it('a flagged message, its notes and the thread reply', async () => {
    await h.submitView(
      flagSubmission(
        { title: 'Hostile <!channel> flag', message: HOSTILE, notes: HOSTILE },
        { channelId: 'CFLAG' },
      ),
    );
    const issue = await waitFor(
      () => h.gitlab.issues(PRODUCT).find((i) => i.title.startsWith('Hostile')),
      5000,
      'issue',
    );
    await waitFor(
      () => h.slack.messages.find((m) => m.channel === 'CFLAG' && m.thread_ts),
      5000,
      'thread reply',
    );
    expect(h.gitlab.quickActionsExecuted).toEqual([]);
    expect(issue.state).toBe('opened');
    expect(issue.labels).toContain('ProdSecEng Candidate');
    expect(rawMrkdwnIn(everythingSlackGot())).toEqual([]);
  });

  it('a decline reason, in the GitLab note and in every Slack message about it', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'To decline', labels: ['ProdSecEng Candidate'] });
    const res = await h.submitView(declineSubmission(`${PRODUCT}#${issue.iid}`, HOSTILE));
    expect(res.status).toBe(200);
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length > 0, 5000, 'decline note');
    await h.idle();
    expect(h.gitlab.quickActionsExecuted).toEqual([]);
    expect(h.gitlab.issue(PRODUCT, issue.iid)!.state).toBe('opened');
    expect(rawMrkdwnIn(everythingSlackGot())).toEqual([]);
  });

  it('refinement text, in the summary note', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, {
      title: 'To refine',
      labels: ['workflow::validation backlog'],
    });
    const view = await openChecklist(h, `${PRODUCT}#${issue.iid}`, TEAM);
    await h.submitView(
      finishPayload(
        view,
        { goal: HOSTILE, definitionOfDone: HOSTILE, solution: HOSTILE, breakdownNote: HOSTILE },
        TEAM,
      ),
    );
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length > 0, 5000, 'refinement note');
    await h.idle();
    expect(h.gitlab.quickActionsExecuted).toEqual([]);
    const after = h.gitlab.issue(PRODUCT, issue.iid)!;
    expect(after.state).toBe('opened');
    expect(after.labels).toContain('workflow::ready for development');
    expect(rawMrkdwnIn(everythingSlackGot())).toEqual([]);
  });

  it('an escalation explanation, in the channel post (the only mention is the real support group)', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Escalated' });
    await escalateAndWait(h, `urgent ${h.gitlab.url}/${PRODUCT}/-/issues/${issue.iid} ${HOSTILE}`);
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length > 0, 5000, 'escalation note');
    const post = h.slack.messages.find((m) => m.channel === ESC_CHANNEL && !m.thread_ts)!;
    const text = JSON.stringify(post);
    expect(text).toContain(`<!subteam^${escalationEnv.ESCALATION_USERGROUP}>`);
    expect(rawMrkdwnIn(everythingSlackGot())).toEqual([]);
    expect(h.gitlab.quickActionsExecuted).toEqual([]);
  });

  it('GitLab titles, wherever the bot shows them: triage card, queue, digest, App Home', async () => {
    const ms = h.gitlab.addMilestone('gitlab-org', {
      title: '17.3',
      start_date: '2000-01-01',
      due_date: '2999-12-31',
    });
    const hostileTitle = `Title ${MRKDWN.join(' ')}`;
    const issue = h.gitlab.seedIssue(PRODUCT, {
      title: hostileTitle,
      labels: ['ProdSecEng Candidate', 'team::Product Security Engineering', 'workflow::blocked'],
      milestone: ms!,
    });
    await h.command(`triage ${PRODUCT}#${issue.iid}`, { user: TEAM });
    await h.command('queue', { user: TEAM });
    await h.command('digest now', { user: TEAM, channel: 'CDIGEST' });
    await h.event({ type: 'app_home_opened', user: TEAM, channel: 'D1', tab: 'home', event_ts: '1.1' });
    await waitFor(() => h.slack.messages.find((m) => m.channel === 'CDIGEST'), 5000, 'digest');
    await waitFor(() => h.slack.homeViews.get(TEAM), 5000, 'home');
    await waitFor(() => h.slack.responses.length >= 2, 5000, 'triage card and queue');
    await h.idle();
    expect(JSON.stringify(everythingSlackGot())).toContain('&lt;!channel&gt;');
    expect(rawMrkdwnIn(everythingSlackGot())).toEqual([]);
  });

  it('a Take on button whose value was forged to point elsewhere still only acts on a parsed issue ref', async () => {
    const res = await h.action({ actionId: ids.candidates.takeOn, value: '<!channel> /close', userId: TEAM });
    expect(res.status).toBe(200);
    await h.idle();
    expect(h.gitlab.calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(rawMrkdwnIn(everythingSlackGot())).toEqual([]);
  });
});
