import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFlagLink } from '../../src/use-cases/flag-candidate.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';

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
    // Answered while GitLab is still stalling: the reads are in flight (status 0) when the answer comes.
    const reads = h.gitlab.calls.filter((c) => c.method === 'GET');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((c) => c.status === 0)).toBe(true);
  });

  it('within its budget, a team member may link an in-scope issue', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Quick one' });
    const check = await checkFlagLink(h.bot.deps, 'UTEAM', { project: PRODUCT, iid: issue.iid });
    expect(check).toEqual({ kind: 'allowed' });
  });
});
