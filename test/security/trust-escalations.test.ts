import { afterEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { dms, ESC_CHANNEL, ESC_GROUP, escalateAndWait, escalationEnv } from '../helpers/escalations.js';
import { type Harness, PRODUCT, startHarness } from '../helpers/harness.js';
import { viewSubmissionPayload, waitFor } from '../helpers/slack-request.js';

const escalationIds = ids.escalation;
const TEAM = 'UTEAM';
const SUPPORT = 'USUP';
const OUTSIDER = 'UOUT';
const SECRET_1 = 'SAML bypass in tenant acme exposes tokens';
const SECRET_2 = 'Payroll export readable by guests';

/**
 * Acting on and listing escalations is for the support group, the team and the leads. Each test
 * drives the surface as an outsider, a team member in a public channel and the escalator, then
 * checks every recorded Slack call for the explanation reaching someone it should not.
 */
describe('escalations: who may act on them and who sees their explanations', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  async function start(opts: { clock?: () => number } = {}) {
    h = await startHarness({ ...escalationEnv, TEAM_SLACK_USER_IDS: TEAM }, opts);
    h.slack.usergroups.set(ESC_GROUP, [SUPPORT]);
    // A confidential issue in an in-scope project: the escalation links it.
    const issue = h.gitlab.seedIssue(PRODUCT, {
      title: 'Confidential: tenant isolation',
      confidential: true,
    });
    return issue;
  }

  const press = (actionId: string, userId: string, ts: string, value = 'E-1') =>
    h.action({ actionId, value, userId, channelId: ESC_CHANNEL, messageTs: ts });

  const resolveForm = (userId: string, escalationId = 1) =>
    h.submitView(
      viewSubmissionPayload({
        callbackId: escalationIds.resolveCallbackId,
        viewId: `VRES${userId}`,
        userId,
        privateMetadata: JSON.stringify({ escalationId }),
        values: {
          [escalationIds.blocks.note]: {
            [escalationIds.action]: { type: 'plain_text_input', value: 'done' },
          },
        },
      }),
    );

  /** Slack calls that carry `secret` anywhere outside the escalation channel and the escalator's DM. */
  const leaks = (secret: string, escalator = 'U1') =>
    h.slack.calls.filter(
      (c) =>
        JSON.stringify(c.args).includes(secret) &&
        c.args.channel !== ESC_CHANNEL &&
        c.args.channel !== `D${escalator.slice(1)}`,
    );

  it('an outsider pressing Acknowledge, Un-acknowledge or Resolve is refused privately and audited; nothing changes', async () => {
    const issue = await start();
    const e = await escalateAndWait(h, `urgent ${issue.web_url} ${SECRET_1}`);
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length === 1, 5000, 'escalated note');
    await h.idle();
    const updatesBefore = h.slack.callsTo('chat.update').length;
    const dmsBefore = dms(h).length;

    await press(escalationIds.acknowledge, OUTSIDER, e.messageTs!);
    await waitFor(() => h.slack.responses.length === 1, 5000, 'ack refusal');
    await press(escalationIds.resolve, OUTSIDER, e.messageTs!);
    await waitFor(() => h.slack.responses.length === 2, 5000, 'resolve refusal');
    const forged = await resolveForm(OUTSIDER);
    await h.idle();

    for (const r of h.slack.responses) {
      expect(r.body.response_type).toBe('ephemeral');
      expect(String(r.body.text)).toMatch(
        /Only the security support group, the ProdSec team and the escalation leads can/,
      );
    }
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
    expect(forged.body.response_action).toBe('errors');
    expect(forged.body.errors[escalationIds.blocks.note]).toMatch(
      /can resolve escalations, so nothing was changed/,
    );
    const stored = h.bot.deps.store.escalations.get(e.id)!;
    expect(stored.state).toBe('open');
    expect(stored.acknowledgedBy).toBeNull();
    expect(h.slack.callsTo('chat.update')).toHaveLength(updatesBefore);
    expect(h.gitlab.notes(PRODUCT, issue.iid)).toHaveLength(1);
    expect(dms(h)).toHaveLength(dmsBefore);
    const denied = h.bot.deps.store.audit.all().filter((a) => a.outcome === 'denied');
    expect(denied.map((a) => [a.actor, a.action])).toEqual([
      [OUTSIDER, 'escalation.acknowledge'],
      [OUTSIDER, 'escalation.resolve'],
      [OUTSIDER, 'escalation.resolve'],
    ]);

    // A responder acknowledges; the outsider cannot un-acknowledge it (restart the chain).
    await press(escalationIds.acknowledge, SUPPORT, e.messageTs!);
    await waitFor(() => h.bot.deps.store.escalations.get(e.id)?.acknowledgedBy === SUPPORT, 5000, 'acked');
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length === 2, 5000, 'ack note');
    await h.idle();
    const afterAck = h.slack.callsTo('chat.update').length;
    await press(escalationIds.unacknowledge, OUTSIDER, e.messageTs!);
    await waitFor(() => h.slack.responses.length === 3, 5000, 'unack refusal');
    await h.idle();
    expect(h.bot.deps.store.escalations.get(e.id)?.state).toBe('acknowledged');
    expect(h.slack.callsTo('chat.update')).toHaveLength(afterAck);
    expect(h.gitlab.notes(PRODUCT, issue.iid)).toHaveLength(2);
    expect(leaks(SECRET_1)).toEqual([]);
  });

  it('the team, the support group and the leads may acknowledge, un-acknowledge and resolve', async () => {
    await start();
    const e = await escalateAndWait(h, `urgent https://example.com/i/1 ${SECRET_1}`);
    await press(escalationIds.acknowledge, TEAM, e.messageTs!);
    await waitFor(() => h.bot.deps.store.escalations.get(e.id)?.acknowledgedBy === TEAM, 5000, 'team acked');
    await press(escalationIds.unacknowledge, 'ULEAD1', e.messageTs!);
    await waitFor(() => h.bot.deps.store.escalations.get(e.id)?.state === 'open', 5000, 'lead un-acked');
    await press(escalationIds.resolve, SUPPORT, e.messageTs!);
    await waitFor(() => h.slack.callsTo('views.open')[0], 5000, 'resolve form');
    expect((await resolveForm(SUPPORT)).body).toBeFalsy();
    expect(h.bot.deps.store.escalations.get(e.id)?.state).toBe('resolved');
    expect(h.bot.deps.store.audit.all().filter((a) => a.outcome === 'denied')).toEqual([]);
  });

  it('/prodsec escalations: responders see every explanation; the escalator only their own; an outsider nothing', async () => {
    await start();
    await escalateAndWait(h, `urgent https://example.com/i/1 ${SECRET_1}`, 'U1');
    await escalateAndWait(h, `urgent https://example.com/i/2 ${SECRET_2}`, 'U2');
    const list = async (user: string) => {
      const before = h.slack.responses.length;
      await h.command('escalations', { user, channel: 'CPUBLIC' });
      return String(JSON.stringify((await waitFor(() => h.slack.responses[before], 5000, 'list')).body));
    };

    const outsider = await list(OUTSIDER);
    expect(outsider).toContain('You have no open urgent escalations.');
    const own = await list('U1');
    expect(own).toContain(SECRET_1);
    expect(own).toContain('Your open urgent escalations (1)');
    expect(own).not.toContain(SECRET_2);
    expect(own).not.toContain('E-2');
    for (const responder of [TEAM, SUPPORT, 'ULEAD2']) {
      const all = await list(responder);
      expect(all).toContain(SECRET_1);
      expect(all).toContain(SECRET_2);
    }
    // Answers went only to response_url (ephemeral): nothing was posted in the public channel.
    expect(h.slack.calls.filter((c) => c.args.channel === 'CPUBLIC')).toEqual([]);
    expect(leaks(SECRET_2, 'U2').filter((c) => c.args.channel === 'DU1')).toEqual([]);
    for (const r of h.slack.responses) expect(r.body.response_type).toBe('ephemeral');
  });

  it('fails closed: when the support group cannot be read, a support member is told the lookup failed and nothing changes', async () => {
    await start();
    const e = await escalateAndWait(h, `urgent https://example.com/i/1 ${SECRET_1}`);
    h.slack.failNext('usergroups.users.list', { error: 'ratelimited' }, 10);
    await press(escalationIds.acknowledge, SUPPORT, e.messageTs!);
    const told = await waitFor(() => h.slack.responses[0], 5000, 'lookup failed');
    expect(told.body.response_type).toBe('ephemeral');
    expect(String(told.body.text)).toMatch(/could not check your membership.*nothing was changed.*try again/);
    await h.idle();
    expect(h.bot.deps.store.escalations.get(e.id)?.state).toBe('open');
    const denial = h.bot.deps.store.audit.all().find((a) => a.outcome === 'denied');
    expect(denial?.reason).toMatch(/membership could not be determined/);
    await h.command('escalations', { user: SUPPORT });
    const asNonMember = await waitFor(() => h.slack.responses[1], 5000, 'list as non-member');
    expect(JSON.stringify(asNonMember.body)).toContain('You have no open urgent escalations.');
    expect(leaks(SECRET_1)).toEqual([]);
    // The team is listed by id (TEAM_SLACK_USER_IDS): no lookup needed, still allowed.
    await press(escalationIds.acknowledge, TEAM, e.messageTs!);
    await waitFor(() => h.bot.deps.store.escalations.get(e.id)?.acknowledgedBy === TEAM, 5000, 'team acked');
  });
});
