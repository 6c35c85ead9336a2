import type { WebClient } from '@slack/web-api';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createEscalationResponders, createTeamDirectory } from '../../src/slack/team-directory.js';

const MINUTE = 60_000;
const log = pino({ level: 'silent' });

/** A Slack client whose usergroups.users.list answers from `groups`, or throws while `down`. */
function slackWith(groups: Record<string, string[]>) {
  const state = { down: false, calls: 0 };
  const slack = {
    usergroups: {
      users: {
        list: async ({ usergroup }: { usergroup: string }) => {
          state.calls += 1;
          if (state.down) throw new Error('ratelimited');
          return { users: groups[usergroup] ?? [] };
        },
      },
    },
  } as unknown as WebClient;
  return { slack, state };
}

describe('team directory (fail closed)', () => {
  it('uses a stale list for at most maxStaleMs when the lookup fails, then answers unknown (a non-member)', async () => {
    let now = 0;
    const { slack, state } = slackWith({ STEAM: ['UG'] });
    const team = createTeamDirectory({
      userIds: ['UID'],
      usergroup: 'STEAM',
      slack,
      log,
      clock: () => now,
      maxStaleMs: 15 * MINUTE,
    });
    expect(await team.membership('UG')).toBe('member');
    state.down = true;
    now = 10 * MINUTE;
    expect(await team.membership('UG')).toBe('member');
    expect(await team.membership('UOTHER')).toBe('not_member');
    now = 16 * MINUTE;
    expect(await team.membership('UG')).toBe('unknown');
    expect(await team.isMember('UG')).toBe(false);
    expect(await team.isMember('UID')).toBe(true);
    expect(state.calls).toBeGreaterThanOrEqual(3);
    state.down = false;
    expect(await team.membership('UG')).toBe('member');
  });

  it('without any list yet, a failed lookup is unknown', async () => {
    const { slack, state } = slackWith({});
    state.down = true;
    const team = createTeamDirectory({ userIds: [], usergroup: 'STEAM', slack, log, clock: () => 0 });
    expect(await team.membership('U1')).toBe('unknown');
  });

  it('escalation responders: the leads, the team and the support group; unknown only when nothing said yes', async () => {
    const { slack, state } = slackWith({ STEAM: ['UT'], SSUP: ['US'] });
    const team = createTeamDirectory({ userIds: [], usergroup: 'STEAM', slack, log, clock: () => 0 });
    const responders = createEscalationResponders({
      usergroup: 'SSUP',
      leadIds: ['UL'],
      team,
      slack,
      log,
      clock: () => 0,
    });
    expect(await responders.membership('UL')).toBe('member');
    expect(await responders.membership('UT')).toBe('member');
    expect(await responders.membership('US')).toBe('member');
    expect(await responders.membership('UX')).toBe('not_member');
    const cold = createEscalationResponders({
      usergroup: 'SSUP',
      leadIds: ['UL'],
      team,
      slack,
      log,
      clock: () => 0,
    });
    state.down = true;
    expect(await cold.membership('UL')).toBe('member');
    expect(await cold.membership('UT')).toBe('member');
    expect(await cold.membership('UX')).toBe('unknown');
  });
});
