import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDigestEscalationsBlock } from '../../src/slack/messages/digest-escalations.js';
import { digestsIn } from '../helpers/digest-subscription.js';
import { blocksText, escalateAndWait, escalationEnv } from '../helpers/escalations.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';

describe('escalations in the digest', () => {
  let h: Harness;
  beforeEach(async () => {
    // `digest now` is team-only: UTEAM runs it.
    h = await startHarness({ ...escalationEnv, TEAM_SLACK_USER_IDS: 'UTEAM' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('`digest now` lists open escalations with their state and age', async () => {
    await escalateAndWait(h, 'urgent https://example.com/incident/7 <!channel> production keys leaked');
    h.gitlab.addMilestone('gitlab-org', { title: '17.3', start_date: '2000-01-01', due_date: '2999-12-31' });
    await h.command('digest now', { user: 'UTEAM', channel: 'CNOW' });
    await waitFor(() => digestsIn(h.slack.messages, 'CNOW').length === 1, 5000, 'digest');
    const text = blocksText(digestsIn(h.slack.messages, 'CNOW')[0]!.blocks);
    expect(text).toContain('Urgent escalations: 1 open');
    expect(text).toContain('https://example.com/incident/7');
    expect(text).toContain('open');
    expect(text).not.toContain('<!channel>');
  });
});

describe('buildDigestEscalationsBlock', () => {
  it('reports the median time to acknowledge of resolved escalations and cuts long lists', () => {
    const open = Array.from({ length: 7 }, (_, i) => ({
      ref: `E-${i}`,
      link: `https://x.example/${i}`,
      state: 'open',
      since: 0,
    }));
    const block = buildDigestEscalationsBlock({
      open,
      ackTimesMs: [60_000, 180_000, 600_000],
      now: 30 * 60_000,
    });
    const text = JSON.stringify(block);
    expect(text).toContain('7 open');
    expect(text).toContain('and 2 more');
    expect(text).toContain('median time to acknowledge 3 min');
    expect(text).toContain('open 30 min');
  });

  it('says nothing when there is nothing to say', () => {
    expect(buildDigestEscalationsBlock({ open: [], ackTimesMs: [], now: 0 })).toBeUndefined();
  });
});

describe('operations metrics', () => {
  let h: Harness;
  beforeEach(async () => {
    // `digest now` is team-only: UTEAM runs it.
    h = await startHarness({ ...escalationEnv, TEAM_SLACK_USER_IDS: 'UTEAM' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('counts digest runs, open escalations and Slack calls made from listeners', async () => {
    await escalateAndWait(h);
    h.gitlab.addMilestone('gitlab-org', { title: '17.3', start_date: '2000-01-01', due_date: '2999-12-31' });
    await h.command('digest now', { user: 'UTEAM', channel: 'CNOW' });
    await waitFor(() => digestsIn(h.slack.messages, 'CNOW').length === 1, 5000, 'digest');
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await h.command('request');
    await waitFor(() => h.slack.callsTo('views.open')[0]?.status, 5000, 'views.open');
    const text = await (await fetch(h.url.replace('/slack/events', '/metrics'))).text();
    expect(text).toContain('prodsec_escalations_open 1');
    expect(text).toMatch(/prodsec_digest_runs_total\{outcome="built"\} 1/);
    expect(text).toMatch(
      /prodsec_slack_api_calls_total\{method="views.open",outcome="expired_trigger_id"\} 1/,
    );
  });
});
