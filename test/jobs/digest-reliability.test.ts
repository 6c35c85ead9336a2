import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditOutcome } from '../../src/domain/audit.js';
import { DIGEST_BUILD, runDigest, runDigestCatchUp } from '../../src/jobs/digest.js';
import { digestsIn, noticesIn, slotBefore, subscribeDaily } from '../helpers/digest-subscription.js';
import { fileRequest } from '../helpers/filed-request.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import { CANDIDATE, MILESTONE, NOW, TEAM } from '../helpers/milestone-seed.js';
import { waitFor } from '../helpers/slack-request.js';

const DAY = 86_400_000;
const MIN = 60_000;

describe('digest reliability', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM', DIGEST_CATCHUP_MAX_MINUTES: '120' });
    h.bot.deps.clock = () => NOW;
    const ms = h.gitlab.addMilestone('gitlab-org', {
      title: MILESTONE,
      start_date: '2024-03-01',
      due_date: '2024-03-31',
    });
    h.gitlab.seedIssue(PRODUCT, {
      title: 'Planned',
      labels: [TEAM, 'workflow::in dev'],
      milestone: ms!,
      weight: 3,
    });
  });
  afterEach(async () => {
    await h.close();
  });

  const digests = (channel: string) => digestsIn(h.slack.messages, channel);

  it('a double cron tick for the same slot posts one digest', async () => {
    const sub = subscribeDaily(h.bot.deps, 'CTWICE', NOW - 30 * DAY);
    const slot = slotBefore(sub, NOW);
    const claims = await Promise.all([
      runDigest(h.bot.deps, sub, slot, NOW),
      runDigest(h.bot.deps, sub, slot, NOW),
    ]);
    expect(claims.sort()).toEqual([false, true]);
    await waitFor(() => digests('CTWICE').length === 1, 5000, 'digest');
    await h.idle();
    expect(digests('CTWICE')).toHaveLength(1);
    expect(h.bot.deps.store.outbox.listByKind(DIGEST_BUILD)).toHaveLength(1);
  });

  it('a restart within the slot (or a second instance on the same database) posts nothing more', async () => {
    const sub = subscribeDaily(h.bot.deps, 'CRESTART', NOW - 30 * DAY);
    const slot = slotBefore(sub, NOW);
    expect(await runDigest(h.bot.deps, sub, slot, NOW)).toBe(true);
    await waitFor(() => digests('CRESTART').length === 1, 5000, 'digest');
    await h.restart();
    h.bot.deps.clock = () => NOW;
    await runDigestCatchUp(h.bot.deps, NOW + 30_000);
    expect(await runDigest(h.bot.deps, sub, slot, NOW + 30_000)).toBe(false);
    await h.idle();
    expect(digests('CRESTART')).toHaveLength(1);
    expect(h.bot.deps.store.digests.slotStatus(sub.id, slot)).toBe('posted');
  });

  it('a slot missed while down is posted once if recent enough, otherwise skipped and logged', async () => {
    const sub = subscribeDaily(h.bot.deps, 'CMISSED', NOW - 30 * DAY);
    const slot = slotBefore(sub, NOW);
    await runDigestCatchUp(h.bot.deps, slot + 30 * MIN);
    await waitFor(() => digests('CMISSED').length === 1, 5000, 'caught-up digest');
    await runDigestCatchUp(h.bot.deps, slot + 31 * MIN);
    await h.idle();
    expect(digests('CMISSED')).toHaveLength(1);

    const late = subscribeDaily(h.bot.deps, 'CLATE', NOW - 30 * DAY);
    const lateSlot = slotBefore(late, NOW);
    await runDigestCatchUp(h.bot.deps, lateSlot + 121 * MIN);
    await h.idle();
    expect(digests('CLATE')).toHaveLength(0);
    expect(h.bot.deps.store.digests.slotStatus(late.id, lateSlot)).toBe('skipped');
  });

  it('never catches up a slot from before the subscription', async () => {
    const sub = subscribeDaily(h.bot.deps, 'CNEW', NOW);
    const slot = slotBefore(sub, NOW);
    expect(slot).toBeLessThan(NOW);
    await runDigestCatchUp(h.bot.deps, slot + 10 * MIN);
    await h.idle();
    expect(digests('CNEW')).toHaveLength(0);
    expect(h.bot.deps.store.digests.slotStatus(sub.id, slot)).toBeUndefined();
  });

  it('on start-up, posts the slot missed while the bot was down, once', async () => {
    const realNow = Date.now();
    // A milestone and a schedule around the real clock: the start-up run uses it.
    h.gitlab.addMilestone('sec', {
      title: 'Now',
      start_date: new Date(realNow - 7 * DAY).toISOString().slice(0, 10),
      due_date: new Date(realNow + 7 * DAY).toISOString().slice(0, 10),
    });
    const fire = new Date(realNow - 5 * MIN);
    const cron = `${fire.getUTCMinutes()} ${fire.getUTCHours()} * * *`;
    h.bot.deps.store.digests.subscribe(
      { channelId: 'CBOOT', schedule: cron, cron, timezone: 'UTC', milestone: null, createdBy: 'UTEAM' },
      realNow - DAY,
    );
    await h.restart();
    await waitFor(() => digests('CBOOT').length === 1, 5000, 'start-up digest');
    expect(digests('CBOOT')[0]!.text).toContain('Milestone digest Now');
    await h.restart();
    await new Promise((r) => setTimeout(r, 100));
    await h.idle();
    expect(digests('CBOOT')).toHaveLength(1);
  });

  it('during a GitLab outage it posts one "unavailable, retrying" notice, retries, then posts the digest', async () => {
    const sub = subscribeDaily(h.bot.deps, 'CDOWN', NOW - 30 * DAY);
    const slot = slotBefore(sub, NOW);
    h.gitlab.setDown(true);
    await runDigest(h.bot.deps, sub, slot, NOW);
    await waitFor(() => noticesIn(h.slack.messages, 'CDOWN').length === 1, 5000, 'notice');
    expect(noticesIn(h.slack.messages, 'CDOWN')[0]!.text).toContain('retrying');
    expect(h.bot.deps.store.digests.slotStatus(sub.id, slot)).toBe('retrying');
    const failedCalls = () => h.gitlab.calls.filter((c) => c.status === 503).length;
    const before = failedCalls();
    await waitFor(() => failedCalls() > before, 5000, 'a retry');
    h.gitlab.setDown(false);
    await waitFor(() => digests('CDOWN').length === 1, 5000, 'digest after recovery');
    await h.idle();
    expect(noticesIn(h.slack.messages, 'CDOWN')).toHaveLength(1);
    expect(h.bot.deps.store.digests.slotStatus(sub.id, slot)).toBe('posted');
  });

  it('when GitLab refuses the group (403) it says the digest could not be built and does not retry', async () => {
    const sub = subscribeDaily(h.bot.deps, 'CFORBID', NOW - 30 * DAY);
    const slot = slotBefore(sub, NOW);
    h.gitlab.forbiddenProjects.add('sec');
    await runDigest(h.bot.deps, sub, slot, NOW);
    await waitFor(() => noticesIn(h.slack.messages, 'CFORBID').length === 1, 5000, 'notice');
    await h.idle();
    expect(noticesIn(h.slack.messages, 'CFORBID')[0]!.text).toContain(
      'could not be built: GitLab answered 403',
    );
    expect(h.bot.deps.store.digests.slotStatus(sub.id, slot)).toBe('failed');
    expect(h.bot.deps.store.outbox.listByKind(DIGEST_BUILD)[0]!.status).toBe('dead');
    expect(digests('CFORBID')).toHaveLength(0);
  });

  it('a Slack 429 waits for Retry-After and never double-posts', async () => {
    const sub = subscribeDaily(h.bot.deps, 'C429', NOW - 30 * DAY);
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await runDigest(h.bot.deps, sub, slotBefore(sub, NOW), NOW);
    await waitFor(() => digests('C429').length === 1, 5000, 'digest after 429');
    await h.idle();
    const posts = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C429');
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(digests('C429')).toHaveLength(1);
  });

  it('mentions a waiting candidate once, then not again within a week', async () => {
    h.gitlab.seedIssue(PRODUCT, {
      title: 'Old candidate',
      labels: [CANDIDATE],
      created_at: new Date(NOW - 20 * DAY).toISOString(),
    });
    const sub = subscribeDaily(h.bot.deps, 'CWAIT', NOW - 30 * DAY);
    const waiting = () =>
      digests('CWAIT').filter((m) => JSON.stringify(m.blocks).includes('Waiting too long')).length;
    const run = async (at: number, n: number) => {
      h.bot.deps.clock = () => at;
      const current = h.bot.deps.store.digests.get(sub.id)!;
      await runDigest(h.bot.deps, current, slotBefore(current, at), at);
      await waitFor(() => digests('CWAIT').length === n, 5000, `digest ${n}`);
    };
    await run(NOW, 1);
    await run(NOW + DAY, 2);
    await run(NOW + 2 * DAY, 3);
    expect(waiting()).toBe(1);
    await run(NOW + 8 * DAY, 4);
    expect(waiting()).toBe(2);
  });

  it('reports what happened since the last digest of the subscription: new requests and decisions', async () => {
    const sub = subscribeDaily(h.bot.deps, 'CSINCE', NOW - 30 * DAY);
    const audit = (action: string, outcome: AuditOutcome, at: number) =>
      h.bot.deps.store.audit.record({
        at,
        actor: 'UTEAM',
        action,
        issueRef: 'g/p#1',
        reason: null,
        outcome,
        details: null,
      });
    fileRequest(h.bot.deps, {
      project: PRODUCT,
      iid: 90,
      requesterId: 'U1',
      title: 'Old <request>',
      at: NOW - 40 * DAY,
    });
    audit('triage.take_on', 'queued', NOW - 10 * DAY);
    const first = slotBefore(sub, NOW);
    await runDigest(h.bot.deps, sub, first, NOW);
    await waitFor(() => digests('CSINCE').length === 1, 5000, 'first digest');
    expect(JSON.stringify(digests('CSINCE')[0]!.blocks)).toContain(
      'New requests through the bot: 0\\nDecisions: taken on 1',
    );

    fileRequest(h.bot.deps, {
      project: PRODUCT,
      iid: 91,
      requesterId: 'U1',
      title: 'New <request>',
      at: first + MIN,
    });
    audit('triage.take_on', 'queued', first + MIN);
    audit('triage.decline', 'queued', first + 2 * MIN);
    audit('triage.decline', 'denied', first + 3 * MIN);
    audit('refine.finish', 'queued', first + 4 * MIN);
    audit('escalation.repeat', 'ok', first + 5 * MIN);
    const next = NOW + DAY;
    h.bot.deps.clock = () => next;
    const current = h.bot.deps.store.digests.get(sub.id)!;
    expect(current.lastDigestAt).toBe(first);
    await runDigest(h.bot.deps, current, slotBefore(current, next), next);
    await waitFor(() => digests('CSINCE').length === 2, 5000, 'second digest');
    const json = JSON.stringify(digests('CSINCE')[1]!.blocks);
    expect(json).toContain('New requests through the bot: 1');
    expect(json).toContain('New &lt;request&gt;');
    expect(json).not.toContain('Old &lt;request&gt;');
    expect(json).toContain('Decisions: taken on 1 · declined 1 · refined 1');
  });
});
