import { afterEach, describe, expect, it } from 'vitest';
import { runStatusSync, STATUS_SYNC_CURSOR } from '../../src/jobs/status-sync.js';
import { flagMessage } from '../helpers/filed-request.js';
import { INTERNAL, PRODUCT } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';
import {
  changeDms,
  fileThroughBot,
  OPS,
  startWebhookHarness,
  type WebhookHarness,
} from '../webhooks/webhook-harness.js';

const MINUTE = 60_000;
const opsAlerts = (w: WebhookHarness) =>
  w.h.slack.messages.filter((m) => m.channel === OPS && /webhooks are not arriving/.test(m.text ?? ''));

describe('the reconciliation sweep (STATUS_SYNC_MINUTES)', () => {
  let w: WebhookHarness;
  afterEach(async () => {
    await w.close();
  });

  it('catches a change whose webhook never arrived: one notice, and none again when the webhook comes late', async () => {
    w = await startWebhookHarness();
    const issue = await fileThroughBot(w);
    w.hooks.setMode('hold');
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { addLabels: ['workflow::ready for development'] }, 'alice');
    expect(await runStatusSync(w.h.bot.deps, Date.now())).toBe(1);
    await w.settle();
    expect(changeDms(w.h, 'U1').map((m) => m.text)).toEqual([
      'Your request R-1 is refined and ready for development.',
    ]);
    // The late webhook and a second sweep find nothing new.
    await w.hooks.release();
    expect(await runStatusSync(w.h.bot.deps, Date.now())).toBe(0);
    await w.settle();
    expect(changeDms(w.h, 'U1')).toHaveLength(1);
  });

  it('a change the webhook delivered is not told again by the sweep', async () => {
    w = await startWebhookHarness();
    const issue = await fileThroughBot(w);
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { state: 'closed' }, 'alice');
    await w.settle();
    expect(changeDms(w.h, 'U1')).toHaveLength(1);
    expect(await runStatusSync(w.h.bot.deps, Date.now())).toBe(0);
    await w.settle();
    expect(changeDms(w.h, 'U1')).toHaveLength(1);
  });

  it('reads existing issues messages were flagged into, and tells the flagger', async () => {
    w = await startWebhookHarness();
    const existing = w.h.gitlab.seedIssue(PRODUCT, {
      title: 'Older issue',
      labels: ['ProdSecEng Candidate'],
    });
    flagMessage(w.h.bot.deps, { project: PRODUCT, iid: existing.iid, flaggerId: 'UFLAG' });
    expect(await runStatusSync(w.h.bot.deps, Date.now())).toBe(0);
    w.hooks.setMode('drop');
    w.h.gitlab.editIssue(PRODUCT, existing.iid, { state: 'closed' }, 'alice');
    expect(await runStatusSync(w.h.bot.deps, Date.now())).toBe(1);
    await w.settle();
    expect(changeDms(w.h, 'UFLAG').map((m) => m.text)).toEqual([
      `The issue you flagged (${PRODUCT}#${existing.iid}) was closed.`,
    ]);
  });

  it('alerts OPS_CHANNEL once when it finds changes and no webhook was accepted for WEBHOOK_SILENCE_ALERT_MINUTES', async () => {
    w = await startWebhookHarness({ WEBHOOK_SILENCE_ALERT_MINUTES: '120' });
    const issue = await fileThroughBot(w);
    w.hooks.setMode('drop');
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { addLabels: ['workflow::in dev'] }, 'alice');
    // Webhooks arrived a moment ago (the filing): not silent yet.
    expect(await runStatusSync(w.h.bot.deps, Date.now())).toBe(1);
    await w.settle();
    expect(opsAlerts(w)).toHaveLength(0);

    w.h.gitlab.editIssue(INTERNAL, issue.iid, { addLabels: ['workflow::blocked'] }, 'alice');
    const later = Date.now() + 121 * MINUTE;
    expect(await runStatusSync(w.h.bot.deps, later)).toBe(1);
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { state: 'closed' }, 'alice');
    expect(await runStatusSync(w.h.bot.deps, later + 60 * MINUTE)).toBe(1);
    await w.settle();
    expect(opsAlerts(w)).toHaveLength(1);
    expect(opsAlerts(w)[0]!.text).toContain('check the hook');
    expect(changeDms(w.h, 'U1')).toHaveLength(3);
  });

  it('polls incrementally with updated_after, and when GitLab is down keeps its cursor and catches up', async () => {
    w = await startWebhookHarness();
    const issue = await fileThroughBot(w);
    await runStatusSync(w.h.bot.deps, Date.now());
    const cursor = w.h.bot.deps.store.reminders.cursor(STATUS_SYNC_CURSOR);
    expect(cursor).toBe(issue.updated_at);
    const polls = w.h.gitlab.callsMatching('GET', /^\/api\/v4\/issues$/);
    expect(polls.at(-1)!.query).toMatchObject({
      order_by: 'updated_at',
      sort: 'asc',
      scope: 'created_by_me',
    });

    w.hooks.setMode('drop');
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { state: 'closed' }, 'alice');
    w.h.gitlab.setDown(true);
    await expect(runStatusSync(w.h.bot.deps, Date.now())).rejects.toThrow(/503/);
    expect(w.h.bot.deps.store.reminders.cursor(STATUS_SYNC_CURSOR)).toBe(cursor);
    w.h.gitlab.setDown(false);
    expect(await runStatusSync(w.h.bot.deps, Date.now())).toBe(1);
    await waitFor(() => changeDms(w.h, 'U1').length === 1, 5000, 'closed notice');
  });
});
