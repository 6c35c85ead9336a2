import { afterEach, describe, expect, it } from 'vitest';
import { runRetention } from '../../src/jobs/retention.js';
import { REMOVED_TITLE } from '../../src/store/ops-repo.js';
import { flagSubmission } from '../helpers/candidates.js';
import { escalateAndWait, escalationEnv } from '../helpers/escalations.js';
import { type Harness, INTERNAL, startHarness } from '../helpers/harness.js';
import { requestSubmission } from '../helpers/request-form.js';
import { waitFor } from '../helpers/slack-request.js';

const DAY = 86_400_000;

async function metric(h: Harness, line: string): Promise<number> {
  const text = await (await fetch(h.url.replace('/slack/events', '/metrics'))).text();
  const found = text.split('\n').find((l) => l.startsWith(line));
  return found ? Number(found.split(' ').pop()) : 0;
}

describe('retention of free text copied from Slack', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('blanks it RETENTION_DAYS after the request, flag or escalation closed, keeps the skeleton, and counts it', async () => {
    h = await startHarness({ ...escalationEnv, RETENTION_DAYS: '30' });
    const { store } = h.bot.deps;
    expect((await h.submitView(requestSubmission({ title: 'Secret project Zebra' }))).status).toBe(200);
    await waitFor(() => store.requests.get(1)?.status === 'filed', 5000, 'filed');
    const flag = await h.submitView(
      flagSubmission({ message: 'Customer Zebra pasted their API key here', title: 'Zebra key pasted' }),
    );
    expect(flag.status).toBe(200);
    await waitFor(() => store.flags.get(1)?.status === 'linked', 5000, 'flag filed');
    // A second request that GitLab has not taken yet: open, so kept whatever its age.
    h.gitlab.setDown(true);
    expect((await h.submitView(requestSubmission({ title: 'Still open' }))).status).toBe(200);
    const e = await escalateAndWait(h, 'urgent https://example.com/i/7 Token leaked in a public channel');
    store.db
      .prepare(
        `UPDATE escalations SET state = 'resolved', resolved_by = 'U2', resolved_at = ?, resolution_note = 'rotated the key' WHERE id = ?`,
      )
      .run(e.createdAt, e.id);
    const filed = store.requests.get(1)!;
    const closedAt = filed.filedAt!;
    const auditBefore = store.audit.all();

    expect(runRetention(h.bot.deps, closedAt + 29 * DAY)).toMatchObject({ requests: 0, escalations: 0 });
    expect(store.requests.get(1)?.title).toBe('Secret project Zebra');

    const removed = runRetention(h.bot.deps, closedAt + 31 * DAY);
    expect(removed).toMatchObject({ requests: 1, flags: 1, escalations: 1 });
    const flagged = store.flags.get(1)!;
    expect(flagged.fields).toMatchObject({ mode: 'new', message: '', title: '', kind: 'product' });
    expect(flagged).toMatchObject({ status: 'linked', flaggerId: 'U1', channelId: 'C1' });
    expect(removed.outbox).toBeGreaterThan(0);
    const after = store.requests.get(1)!;
    expect(after.title).toBe(REMOVED_TITLE);
    expect(after.fields.problem).toBe('');
    expect(after.fields.requestingTeam).toBe('');
    expect(after.fields.links).toEqual([]);
    // The skeleton: who, what, when, outcome.
    expect(after).toMatchObject({
      requesterId: 'U1',
      status: 'filed',
      issueIid: filed.issueIid,
      issueUrl: filed.issueUrl,
      filedAt: closedAt,
    });
    expect(after.fields.kind).toBe('internal');
    const esc = store.escalations.get(e.id)!;
    expect(esc).toMatchObject({ explanation: '', resolutionNote: null, resolvedBy: 'U2', state: 'resolved' });
    expect(store.requests.get(2)?.title).toBe('Still open');
    expect(store.audit.all()).toEqual(auditBefore);
    const everything = JSON.stringify(store.db.prepare('SELECT * FROM outbox WHERE status = ?').all('done'));
    expect(everything).not.toContain('Secret project Zebra');
    expect(everything).not.toContain('Token leaked');
    expect(everything).not.toContain('Zebra key');

    // Once blanked, never counted again.
    expect(runRetention(h.bot.deps, closedAt + 60 * DAY)).toMatchObject({
      requests: 0,
      flags: 0,
      escalations: 0,
    });
    expect(await metric(h, 'prodsec_retention_removed_total{table="requests"}')).toBe(1);
    expect(await metric(h, 'prodsec_retention_removed_total{table="escalations"}')).toBe(1);
    expect(h.gitlab.issues(INTERNAL)[0]!.title).toBe('Secret project Zebra');
  });
});
