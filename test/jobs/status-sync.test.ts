import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStatusSync, STATUS_SYNC_CURSOR } from '../../src/jobs/status-sync.js';
import { flagMessage } from '../helpers/filed-request.js';
import { type Harness, INTERNAL, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

describe('status sync of filed requests', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const told = () =>
    h.slack.messages.filter(
      (m) =>
        m.channel === 'D1' &&
        /^Your request R-1 (was closed|is refined|is in development)/.test(m.text ?? ''),
    );

  async function fileOne() {
    await h.submitView(requestSubmission());
    await waitFor(() => h.gitlab.issues(INTERNAL).length === 1, 5000, 'issue filed');
    await waitFor(() => h.bot.deps.store.requests.get(1)?.status === 'filed', 5000, 'request filed');
    return h.gitlab.issues(INTERNAL)[0]!;
  }

  function move(issue: ReturnType<FakeIssues>[number], change: { labels?: string[]; state?: 'closed' }) {
    if (change.labels) issue.labels = change.labels;
    if (change.state) issue.state = change.state;
    issue.updated_at = new Date(Date.parse(issue.updated_at) + 60_000).toISOString();
  }
  type FakeIssues = Harness['gitlab']['issues'];

  it('tells the requester once per change: ready for development, in dev, closed', async () => {
    const issue = await fileOne();
    expect(await runStatusSync(h.bot.deps, Date.now())).toBe(0);

    move(issue, { labels: ['workflow::ready for development'] });
    expect(await runStatusSync(h.bot.deps, Date.now())).toBe(1);
    expect(await runStatusSync(h.bot.deps, Date.now())).toBe(0);
    await waitFor(() => told().length === 1, 5000, 'ready message');
    expect(told()[0]!.text).toBe('Your request R-1 is refined and ready for development.');

    move(issue, { labels: ['workflow::in dev'] });
    expect(await runStatusSync(h.bot.deps, Date.now())).toBe(1);
    move(issue, { labels: ['workflow::in dev', 'x'] });
    expect(await runStatusSync(h.bot.deps, Date.now())).toBe(0);
    move(issue, { state: 'closed' });
    expect(await runStatusSync(h.bot.deps, Date.now())).toBe(1);
    await waitFor(() => told().length === 3, 5000, 'three messages');
    await h.idle();
    expect(told().map((m) => m.text)).toEqual([
      'Your request R-1 is refined and ready for development.',
      'Your request R-1 is in development.',
      'Your request R-1 was closed.',
    ]);
  });

  it('tells whoever flagged a message into a filed issue too', async () => {
    const issue = await fileOne();
    flagMessage(h.bot.deps, { project: INTERNAL, iid: issue.iid, flaggerId: 'UFLAG' });
    move(issue, { state: 'closed' });
    expect(await runStatusSync(h.bot.deps, Date.now())).toBe(2);
    await waitFor(() => h.slack.messages.some((m) => m.channel === 'DFLAG'), 5000, 'flagger told');
    expect(h.slack.messages.find((m) => m.channel === 'DFLAG')!.text).toBe(
      `The issue you flagged (${INTERNAL}#${issue.iid}) was closed.`,
    );
    expect(await runStatusSync(h.bot.deps, Date.now())).toBe(0);
  });

  it('polls incrementally with updated_after, ordered by update time, only what the bot filed', async () => {
    const issue = await fileOne();
    await runStatusSync(h.bot.deps, Date.now());
    const cursor = h.bot.deps.store.reminders.cursor(STATUS_SYNC_CURSOR);
    expect(cursor).toBe(issue.updated_at);
    await runStatusSync(h.bot.deps, Date.now());
    const polls = h.gitlab.callsMatching('GET', /^\/api\/v4\/issues$/);
    expect(polls).toHaveLength(2);
    expect(polls[1]!.query).toMatchObject({
      updated_after: cursor,
      order_by: 'updated_at',
      sort: 'asc',
      scope: 'created_by_me',
      per_page: '100',
    });
  });

  it('when GitLab is down it keeps its cursor, tells nothing, and catches up afterwards', async () => {
    const issue = await fileOne();
    await runStatusSync(h.bot.deps, Date.now());
    const cursor = h.bot.deps.store.reminders.cursor(STATUS_SYNC_CURSOR);
    move(issue, { state: 'closed' });
    h.gitlab.setDown(true);
    await expect(runStatusSync(h.bot.deps, Date.now())).rejects.toThrow(/503/);
    expect(h.bot.deps.store.reminders.cursor(STATUS_SYNC_CURSOR)).toBe(cursor);
    h.gitlab.setDown(false);
    expect(await runStatusSync(h.bot.deps, Date.now())).toBe(1);
    await waitFor(() => told().length === 1, 5000, 'closed message');
  });
});
