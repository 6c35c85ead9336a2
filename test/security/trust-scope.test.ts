import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { flagSubmission, TEAM, teamEnv } from '../helpers/candidates.js';
import { channelPosts, escalationEnv } from '../helpers/escalations.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';

const candidateIds = ids.candidates;
const HR = 'hr/salaries';
const HR_TITLE = 'Salary bands for every employee';
const SCOPE_WORDS =
  /outside the projects the bot works on \(sec\/internal-tools, gitlab-org\/product and projects under sec, gitlab-org\)/;

/** Everything the bot sent to Slack (Web API calls and response_url answers), as one text. */
const slackText = (h: Harness) => JSON.stringify([h.slack.calls.map((c) => c.args), h.slack.responses]);
/** GitLab calls that named the out-of-scope project, by path or by id. */
const hrCalls = (h: Harness) => {
  const id = h.gitlab.issues(HR)[0]!.project_id;
  return h.gitlab.calls.filter(
    (c) => /hr%2Fsalaries|hr\/salaries/i.test(c.path) || c.path.includes(`/projects/${id}/`),
  );
};

describe('scope: the bot reads and changes only its configured projects, for everyone', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ ...teamEnv, ...escalationEnv });
    h.gitlab.addGroup({ full_path: 'hr' });
    h.gitlab.addProject({ path_with_namespace: HR });
    h.gitlab.seedIssue(HR, { title: HR_TITLE, confidential: true });
  });
  afterEach(async () => {
    await h.close();
  });

  for (const spelling of [`${HR}#1`, 'HR/Salaries#1']) {
    it(`a team member's /prodsec triage ${spelling} is refused naming the scope; nothing is read`, async () => {
      await h.command(`triage ${spelling}`, { user: TEAM });
      const answer = await waitFor(
        () => h.slack.responses.find((r) => JSON.stringify(r.body).includes('outside the projects')),
        3000,
        'refusal',
      );
      expect(JSON.stringify(answer.body)).toMatch(SCOPE_WORDS);
      expect(slackText(h)).not.toContain(HR_TITLE);
      expect(hrCalls(h)).toEqual([]);
      expect(h.bot.deps.store.audit.all().map((a) => [a.action, a.outcome, a.issueRef])).toEqual([
        ['triage.view', 'denied', 'hr/salaries#1'],
      ]);
    });
  }

  it('Take on and Decline buttons naming an out-of-scope issue change nothing', async () => {
    await h.action({ actionId: candidateIds.takeOn, value: `${HR}#1`, userId: TEAM });
    await waitFor(() => h.slack.responses.length > 0, 3000, 'answer');
    expect(JSON.stringify(h.slack.responses)).toMatch(SCOPE_WORDS);
    await h.idle();
    expect(h.gitlab.issues(HR)[0]!.labels).toEqual([]);
    expect(hrCalls(h)).toEqual([]);
  });

  it('/prodsec refine and /prodsec audit refuse an out-of-scope issue without reading it', async () => {
    await h.command(`refine https://x/${HR}/-/issues/1`.replace('https://x', h.gitlab.url), { user: TEAM });
    await h.command(`audit ${HR}#1`, { user: TEAM });
    await waitFor(() => h.slack.responses.length >= 1, 3000, 'answers');
    await h.idle();
    expect(slackText(h)).not.toContain(HR_TITLE);
    expect(JSON.stringify(h.slack.responses.at(-1)?.body)).toMatch(SCOPE_WORDS);
    expect(hrCalls(h)).toEqual([]);
  });

  it('linking a flagged message to an out-of-scope issue is a field error naming the scope; nothing is read or written', async () => {
    const res = await h.submitView(
      flagSubmission({ choice: 'other', existing: `${HR}#1` }, { userId: TEAM }),
    );
    expect(res.body.response_action).toBe('errors');
    expect(res.body.errors[candidateIds.flagBlocks.existing]).toContain(
      'outside the projects the bot works on',
    );
    expect(h.bot.deps.store.flags.forMessage('C1', '1700000000.000100')).toBeUndefined();
    await h.idle();
    expect(hrCalls(h)).toEqual([]);
    expect(h.gitlab.notes(HR, 1)).toEqual([]);
  });

  it('an escalation may carry an out-of-scope link, but no note is written there (an in-scope one still gets its note)', async () => {
    const inScope = h.gitlab.seedIssue(PRODUCT, { title: 'Public API leaks emails' });
    await h.command(`urgent ${h.gitlab.url}/${HR}/-/issues/1 Salaries are visible to everyone`);
    await waitFor(() => channelPosts(h).length === 1, 5000, 'first post');
    await h.command(`urgent ${h.gitlab.url}/${PRODUCT}/-/issues/${inScope.iid} Emails leak on the API`);
    await waitFor(() => channelPosts(h).length === 2, 5000, 'second post');
    await waitFor(() => h.gitlab.notes(PRODUCT, inScope.iid).length === 1, 5000, 'in-scope note');
    await h.idle();
    expect(h.gitlab.notes(HR, 1)).toEqual([]);
    expect(hrCalls(h)).toEqual([]);
  });

  it('refusals say the same for a missing issue and one the bot may not see (no 403/404 tell)', async () => {
    h.gitlab.forbiddenProjects.add('sec/secret');
    h.gitlab.addProject({ path_with_namespace: 'sec/secret' });
    await h.command('triage sec/secret#1', { user: TEAM });
    await h.command(`triage ${PRODUCT}#999`, { user: TEAM });
    const shown = () =>
      h.slack.responses
        .map((r) => String((r.body as { text?: string }).text ?? ''))
        .filter((t) => t.includes('Could not show'));
    await waitFor(() => shown().length === 2, 5000, 'answers');
    const answers = shown();
    expect(answers).toHaveLength(2);
    for (const a of answers) {
      expect(a).toContain('cannot be found or is not available to the bot');
      expect(a).not.toMatch(/403|404|not allowed|does not exist/);
    }
  });
});

describe('one canonical issue identity', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(teamEnv);
  });
  afterEach(async () => {
    await h.close();
  });

  it('attempts under any spelling of the project path land in one audit history, found by ref or URL', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Harden the webhook signer' });
    await h.command(`triage Gitlab-Org/Product#${issue.iid}`, { user: 'U1' });
    await h.command(`triage GITLAB-ORG/product#${issue.iid}`, { user: 'U2' });
    await waitFor(() => h.slack.responses.length === 2, 3000, 'two refusals answered');
    expect(h.bot.deps.store.audit.all()).toHaveLength(2);
    for (const ref of [
      `${PRODUCT}#${issue.iid}`,
      `${h.gitlab.url}/Gitlab-Org/Product/-/issues/${issue.iid}`,
    ]) {
      const before = h.slack.responses.length;
      await h.command(`audit ${ref}`, { user: TEAM });
      const answer = await waitFor(() => h.slack.responses[before], 3000, 'audit answer');
      const text = JSON.stringify(answer.body);
      expect(text).toContain('U1');
      expect(text).toContain('U2');
    }
  });
});
