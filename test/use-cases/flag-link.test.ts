import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFlagLink } from '../../src/use-cases/flag-candidate.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';

describe('checkFlagLink', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('answers "GitLab did not answer" once its budget is spent, so the form is answered inside Slack\'s 3 s', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Slow one' });
    h.gitlab.failNext({ method: 'GET' }, { stallMs: 800 }, 5);
    const check = await checkFlagLink(h.bot.deps, 'UTEAM', { project: PRODUCT, iid: issue.iid }, 50);
    expect(check).toEqual({ kind: 'gitlab_down' });
    // Answered while GitLab is still stalling: no read had been answered when the answer came
    // (on a loaded machine the read may not even have reached the fake within the 50 ms budget).
    const gets = () => h.gitlab.calls.filter((c) => c.method === 'GET');
    expect(gets().filter((c) => c.status !== 0)).toEqual([]);
    // ...and it did ask GitLab: the read arrives and is still stalled (status 0).
    const reads = await waitFor(() => gets().length > 0 && gets(), 2000, 'the read to reach GitLab');
    expect(reads.every((c) => c.status === 0)).toBe(true);
  });

  it('within its budget, a team member may link an in-scope issue', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Quick one' });
    const check = await checkFlagLink(h.bot.deps, 'UTEAM', { project: PRODUCT, iid: issue.iid });
    expect(check).toEqual({ kind: 'allowed' });
  });
});
