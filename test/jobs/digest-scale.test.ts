import { afterEach, describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/use-cases/load-digest.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../helpers/harness.js';
import { CANDIDATE, MILESTONE, NOW, TEAM } from '../helpers/milestone-seed.js';

describe('digest at scale', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('reads a group with thousands of issues, page by page, within seconds', async () => {
    // NOTE: a page of 100 issues can take over the harness's 1 s GitLab timeout on a loaded
    // machine; a timed-out page is retried (and counted twice), so this test allows more.
    h = await startHarness({ GITLAB_TIMEOUT_MS: '8000' });
    const ms = h.gitlab.addMilestone('sec', {
      title: MILESTONE,
      start_date: '2024-03-01',
      due_date: '2024-03-31',
    });
    h.gitlab.seedIssues(INTERNAL, 2500, (i) => ({
      title: `Work ${i}`,
      labels: [TEAM, i % 2 ? 'workflow::in dev' : 'workflow::ready for development'],
      milestone: ms!,
      weight: 1,
    }));
    h.gitlab.seedIssues(PRODUCT, 1500, (i) => ({ title: `Candidate ${i}`, labels: [CANDIDATE] }));
    const started = Date.now();
    const d = await loadDigest(h.bot.deps, { timezone: 'UTC' }, NOW);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(d.planned).toMatchObject({ count: 2500, weight: 2500 });
    expect(d.workflow.inDev.count).toBe(1250);
    expect(d.unrefined.count).toBe(1500);
    expect(d.truncated).toBe(false);
    const planned = h.gitlab
      .callsMatching('GET', /\/groups\/sec\/issues$/)
      .filter((c) => c.query.milestone === MILESTONE);
    expect(planned).toHaveLength(25);
  });
});
