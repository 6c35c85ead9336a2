import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorize } from '../../src/use-cases/authorize.js';
import { type Harness, startHarness } from '../helpers/harness.js';

describe('authorize', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM', TEAM_SLACK_USERGROUP: 'SPROD' });
    h.slack.usergroups.set('SPROD', ['UGROUP']);
  });
  afterEach(async () => {
    await h.close();
  });

  const groupLookups = () => h.slack.callsTo('usergroups.users.list').length;

  it('allows team members, from the id list or the user group, and audits nothing', async () => {
    const target = { kind: 'issue', ref: 'sec/p#1' } as const;
    expect(await authorize(h.bot.deps, { userId: 'UTEAM', action: 'triage.view', target })).toEqual({
      kind: 'allowed',
    });
    expect(await authorize(h.bot.deps, { userId: 'UGROUP', action: 'refine.open', target })).toEqual({
      kind: 'allowed',
    });
    expect(h.bot.deps.store.audit.all()).toEqual([]);
  });

  it('does not audit a non-member opening the App Home: choosing what to draw is not a refused attempt', async () => {
    const decision = await authorize(h.bot.deps, {
      userId: 'UOUT',
      action: 'home.team_view',
      target: { kind: 'none' },
    });
    expect(decision.kind).toBe('denied');
    expect(h.bot.deps.store.audit.all()).toEqual([]);
  });

  it('refuses anyone else with a typed reason, and audits the attempt under the action and the issue', async () => {
    const decision = await authorize(h.bot.deps, {
      userId: 'UOUT',
      action: 'triage.take_on',
      target: { kind: 'issue', ref: 'sec/p#7' },
      details: { metric: 'Paved Road' },
    });
    expect(decision).toEqual({ kind: 'denied', reason: 'not_team_member', action: 'triage.take_on' });
    expect(h.bot.deps.store.audit.all()).toEqual([
      expect.objectContaining({
        actor: 'UOUT',
        action: 'triage.take_on',
        issueRef: 'sec/p#7',
        outcome: 'denied',
        reason: 'not a ProdSecEng team member',
        details: { metric: 'Paved Road' },
      }),
    ]);
  });

  it('fails closed when the user group cannot be read: only the listed ids count', async () => {
    h.slack.failNext('usergroups.users.list', { error: 'internal_error' });
    const target = { kind: 'none' } as const;
    expect((await authorize(h.bot.deps, { userId: 'UGROUP', action: 'refine.queue', target })).kind).toBe(
      'denied',
    );
    expect((await authorize(h.bot.deps, { userId: 'UTEAM', action: 'refine.queue', target })).kind).toBe(
      'allowed',
    );
  });

  it('looks up only what the rule needs: the requester rule makes no Slack call', async () => {
    const target = { kind: 'request', ref: 'R-1', requesterId: 'U1' } as const;
    expect(await authorize(h.bot.deps, { userId: 'U1', action: 'escalation.from_request', target })).toEqual({
      kind: 'allowed',
    });
    const refused = await authorize(h.bot.deps, { userId: 'U2', action: 'escalation.from_request', target });
    expect(refused).toEqual({ kind: 'denied', reason: 'not_requester', action: 'escalation.from_request' });
    expect(groupLookups()).toBe(0);
    expect(h.bot.deps.store.audit.all().map((a) => [a.actor, a.action, a.outcome, a.issueRef])).toEqual([
      ['U2', 'escalation.from_request', 'denied', null],
    ]);
  });
});
