import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDigest } from '../../src/jobs/digest.js';
import { loadDigest } from '../../src/use-cases/load-digest.js';
import type { FakeIssue } from '../fakes/gitlab-api.js';
import { digestsIn, slotBefore, subscribeDaily } from '../helpers/digest-subscription.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../helpers/harness.js';
import { CANDIDATE, MILESTONE, NOW, seedMilestone, TEAM } from '../helpers/milestone-seed.js';
import { waitFor } from '../helpers/slack-request.js';

const nonEmpty = <T>(list: T[]) => (list.length > 0 ? list : undefined);

const DAY = 86_400_000;
const weight = (list: FakeIssue[]) => list.reduce((s, i) => s + (i.weight ?? 0), 0);
const has = (label: string) => (i: FakeIssue) => i.labels.includes(label);

describe('milestone digest content', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('counts a realistic milestone number by number, reading every page of GitLab', async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM' });
    const seeded = seedMilestone(h.gitlab);
    const planned = seeded.planned;
    const open = planned.filter((i) => i.state === 'opened');
    const closed = planned.filter((i) => i.state === 'closed');
    expect(planned).toHaveLength(350);

    const started = Date.now();
    const d = await loadDigest(h.bot.deps, { timezone: 'UTC' }, NOW);
    expect(Date.now() - started).toBeLessThan(5_000);

    expect(d.milestone?.title).toBe(MILESTONE);
    expect(d.milestone?.webUrl).toBe(seeded.milestoneUrl);
    expect(d.planned.count).toBe(350);
    expect(d.planned.weight).toBe(weight(planned));
    expect(d.done.count).toBe(70);
    expect(d.done.weight).toBe(weight(closed));
    // 12.5 days since 2024-03-01: weight per week.
    expect(d.velocity).toBe(Math.round((weight(closed) / (12.5 / 7)) * 10) / 10);
    expect(d.workflow.ready.count).toBe(open.filter(has('workflow::ready for development')).length);
    expect(d.workflow.inDev.count).toBe(open.filter(has('workflow::in dev')).length);
    expect(d.workflow.inReview.count).toBe(open.filter(has('workflow::in review')).length);
    expect(d.workflow.blocked.count).toBe(open.filter(has('workflow::blocked')).length);
    expect(d.workflow.complete.count).toBe(70);
    expect(d.blocked.map((b) => b.ref).sort()).toEqual(
      open
        .filter(has('workflow::blocked'))
        .map((i) => i.references.full)
        .sort(),
    );
    // 130 open candidates, a quarter of them already in solution validation.
    expect(d.unrefined.count).toBe(97);
    expect(d.unrefined.oldest?.title).toBe('Candidate 129');
    expect(d.unrefined.oldest?.ageDays).toBe(130);
    expect(d.stale).toHaveLength(87);
    expect(d.stale.every((s) => s.ageDays > 14)).toBe(true);
    expect(d.appsec.holds).toBe(true);
    expect(d.appsec.inFlight.every((i) => i.ref.startsWith(`${INTERNAL}#`))).toBe(true);
    expect(d.health.missingWeight).toHaveLength(open.filter((i) => i.weight === null).length);
    expect(d.health.missingAssignee).toHaveLength(open.filter((i) => i.assignees.length === 0).length);
    expect(d.health.missingMetric).toHaveLength(
      open.filter((i) => !i.labels.some((l) => l.startsWith('ProdSecEngMetric::'))).length,
    );
    expect(d.health.unplanned).toHaveLength(
      planned.filter((i) => i.created_at.startsWith('2024-03-05')).length,
    );
    expect(d.truncated).toBe(false);

    const pages = h.gitlab.callsMatching('GET', /\/groups\/[^/]+\/issues$/);
    expect(pages.every((c) => c.query.per_page === '100')).toBe(true);
    expect(pages.some((c) => c.query.page === '2' && c.query.milestone === MILESTONE)).toBe(true);
  });

  it('posts the digest with every number linked to its GitLab list, GitLab text escaped and long lists cut', async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM' });
    h.bot.deps.clock = () => NOW;
    seedMilestone(h.gitlab);
    const sub = subscribeDaily(h.bot.deps, 'CDIGEST', NOW - 30 * DAY);
    await runDigest(h.bot.deps, sub, slotBefore(sub, NOW), NOW);
    const [msg] = await waitFor(() => {
      const m = digestsIn(h.slack.messages, 'CDIGEST');
      return m.length ? m : undefined;
    });
    const json = JSON.stringify(msg!.blocks);
    expect(msg!.text).toContain('350 planned');
    const plannedUrl = `${h.gitlab.url}/groups/sec/-/issues?label_name%5B%5D=${encodeURIComponent(TEAM).replace(/%20/g, '+')}&milestone_title=17.3&state=all`;
    expect(json).toContain(JSON.stringify(`<${plannedUrl}|350>`).slice(1, -1));
    expect(json).toMatch(/\*Blocked \(<[^>]*workflow%3A%3Ablocked[^>]*\|46>\)\*/);
    expect(json).toMatch(/\*Committed without a weight \(<[^>]*weight=None[^>]*\|\d+>\)\*/);
    expect(json).toMatch(/\*Committed without an assignee \(<[^>]*assignee_id=None[^>]*\|\d+>\)\*/);
    expect(json).toMatch(/…<[^>]*workflow%3A%3Ablocked[^>]*\|and \d+ more>/);
    expect(json).toContain('Escape &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('_confidential issue_');
    expect(json).toContain('Waiting too long (over 14 days');
    expect(json).toContain('AppSec in flight');
  });

  it('warns when no AppSec-related issue is in dev or review, and not when one is', async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM' });
    const ms = h.gitlab.addMilestone('sec', {
      title: MILESTONE,
      start_date: '2024-03-01',
      due_date: '2024-03-31',
    });
    const seed = (project: string, labels: string[], title: string) =>
      h.gitlab.seedIssue(project, { title, labels: [TEAM, ...labels], milestone: ms!, weight: 2 });
    seed(PRODUCT, ['workflow::in dev'], 'Product work in dev');
    seed(INTERNAL, ['workflow::ready for development'], 'AppSec work not started');
    seed(INTERNAL, ['workflow::in dev'], 'AppSec work, but closed').state = 'closed';

    const without = await loadDigest(h.bot.deps, { timezone: 'UTC' }, NOW);
    expect(without.appsec.holds).toBe(false);
    h.bot.deps.clock = () => NOW;
    const sub = subscribeDaily(h.bot.deps, 'CWARN', NOW - 30 * DAY);
    await runDigest(h.bot.deps, sub, slotBefore(sub, NOW), NOW);
    const [warn] = await waitFor(() => nonEmpty(digestsIn(h.slack.messages, 'CWARN')));
    expect(warn!.text).toContain('no AppSec issue in flight');
    expect(JSON.stringify(warn!.blocks)).toContain('No AppSec-related issue is in flight');

    const review = seed(INTERNAL, ['workflow::in review'], 'AppSec work in review');
    const withInternal = await loadDigest(h.bot.deps, { timezone: 'UTC' }, NOW);
    expect(withInternal.appsec.holds).toBe(true);
    expect(withInternal.appsec.inFlight.map((i) => i.title)).toEqual(['AppSec work in review']);
    review.labels = [TEAM, 'workflow::validation backlog'];
    expect((await loadDigest(h.bot.deps, { timezone: 'UTC' }, NOW)).appsec.holds).toBe(false);
  });

  it('counts an issue carrying the configured AppSec label as AppSec-related, in any project', async () => {
    const policy = join(tmpdir(), `policy-${process.pid}-${Date.now()}.json`);
    writeFileSync(policy, JSON.stringify({ labels: { appsec: 'AppSec' } }));
    h = await startHarness({ PRODSEC_POLICY_FILE: policy });
    const ms = h.gitlab.addMilestone('gitlab-org', {
      title: MILESTONE,
      start_date: '2024-03-01',
      due_date: '2024-03-31',
    });
    h.gitlab.seedIssue(PRODUCT, { title: 'Paved road', labels: [TEAM, 'workflow::in dev'], milestone: ms! });
    expect((await loadDigest(h.bot.deps, { timezone: 'UTC' }, NOW)).appsec.holds).toBe(false);
    h.gitlab.seedIssue(PRODUCT, {
      title: 'Scanner integration',
      labels: [TEAM, 'AppSec', 'workflow::in review'],
      milestone: ms!,
    });
    const d = await loadDigest(h.bot.deps, { timezone: 'UTC' }, NOW);
    expect(d.appsec.holds).toBe(true);
    expect(d.appsec.inFlight.map((i) => i.title)).toEqual(['Scanner integration']);
  });

  it('says so when no active milestone contains today, and still counts candidates', async () => {
    h = await startHarness();
    h.gitlab.addMilestone('sec', { title: 'Old', start_date: '2024-01-01', due_date: '2024-01-31' });
    h.gitlab.seedIssue(PRODUCT, {
      title: 'Waiting',
      labels: [CANDIDATE],
      created_at: '2024-03-01T00:00:00.000Z',
    });
    const d = await loadDigest(h.bot.deps, { timezone: 'UTC' }, NOW);
    expect(d.milestone).toBeNull();
    expect(d.planned.count).toBe(0);
    expect(d.unrefined.count).toBe(1);
    const named = await loadDigest(h.bot.deps, { timezone: 'UTC', milestone: 'Old' }, NOW);
    expect(named.milestone?.title).toBe('Old');
  });
});
