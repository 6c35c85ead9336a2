import { describe, expect, it } from 'vitest';
import {
  ACCESS_ACTIONS,
  type AccessAction,
  type AccessTarget,
  type Actor,
  auditRefOf,
  decideAccess,
  factsNeeded,
} from '../../src/domain/access.js';

const member: Actor = { userId: 'UTEAM', teamMember: true };
const outsider: Actor = { userId: 'UOUT', teamMember: false };
const notLookedUp: Actor = { userId: 'UTEAM' };
const issue: AccessTarget = { kind: 'issue', ref: 'g/p#1', inScope: true };
const request = (requesterId: string): AccessTarget => ({ kind: 'request', ref: 'R-1', requesterId });

const TEAM_ACTIONS: AccessAction[] = [
  'triage.view',
  'triage.take_on',
  'triage.decline',
  'audit.view',
  'owners.set',
  'owners.remove',
  'refine.open',
  'refine.save',
  'refine.finish',
  'refine.queue',
  'digest.subscribe',
  'digest.unsubscribe',
  'digest.now',
  'digest.list',
  'home.team_view',
  'support.answer',
  'support.convert',
  'request.claim',
];

const RESPONDER_ACTIONS: AccessAction[] = [
  'escalation.acknowledge',
  'escalation.unacknowledge',
  'escalation.resolve',
  'escalation.list_all',
];
const escalation: AccessTarget = { kind: 'escalation', ref: 'E-1', escalatorId: 'U1' };

describe('access rules', () => {
  it('every guarded action is either team-only or listed below', () => {
    expect(
      [...TEAM_ACTIONS, ...RESPONDER_ACTIONS, 'escalation.from_request', 'flag.link_existing'].sort(),
    ).toEqual([...ACCESS_ACTIONS].sort());
  });

  describe.each(TEAM_ACTIONS)('%s (team only)', (action) => {
    it.each([
      ['a team member', member, 'allowed'],
      ['someone outside the team', outsider, 'denied'],
      ['someone whose membership was not looked up (fails closed)', notLookedUp, 'denied'],
    ] as const)('%s is %s', (_who, actor, expected) => {
      const decision = decideAccess(actor, action, issue);
      expect(decision.kind).toBe(expected);
      if (decision.kind === 'denied')
        expect(decision).toEqual({ kind: 'denied', reason: 'not_team_member', action });
    });

    it('needs the team membership looked up', () => {
      expect(factsNeeded(action)).toEqual(['teamMember']);
    });
  });

  describe.each(RESPONDER_ACTIONS)('%s (support group, team, leads)', (action) => {
    it.each([
      ['a responder', { userId: 'USUP', escalationResponder: true }, 'allowed', null],
      [
        'someone else, even the escalator',
        { userId: 'U1', escalationResponder: false },
        'denied',
        'not_escalation_responder',
      ],
      [
        'someone whose membership was not looked up (fails closed)',
        { userId: 'U1' },
        'denied',
        'not_escalation_responder',
      ],
      [
        'someone whose lookup failed (fails closed, says so)',
        { userId: 'U1', escalationResponder: false, membershipUnknown: true },
        'denied',
        'membership_unknown',
      ],
    ] as const)('%s is %s', (_who, actor, expected, reason) => {
      const decision = decideAccess(actor, action, escalation);
      expect(decision.kind).toBe(expected);
      if (decision.kind === 'denied') expect(decision.reason).toBe(reason);
    });

    it('needs the responder fact looked up', () => {
      expect(factsNeeded(action)).toEqual(['escalationResponder']);
    });
  });

  it('a team-only action whose membership lookup failed is refused as membership_unknown', () => {
    const decision = decideAccess(
      { userId: 'U1', teamMember: false, membershipUnknown: true },
      'triage.view',
      issue,
    );
    expect(decision).toEqual({ kind: 'denied', reason: 'membership_unknown', action: 'triage.view' });
  });

  describe('escalation.from_request (the requester only)', () => {
    it.each([
      ['the requester, not on the team', { userId: 'U1', teamMember: false }, request('U1'), 'allowed'],
      ['a team member who did not file it', member, request('U1'), 'denied'],
      ['someone else', outsider, request('U1'), 'denied'],
      ['anyone, when the target is not a request', { userId: 'U1' }, issue, 'denied'],
    ] as const)('%s is %s', (_who, actor, target, expected) => {
      const decision = decideAccess(actor, 'escalation.from_request', target);
      expect(decision.kind).toBe(expected);
      if (decision.kind === 'denied') expect(decision.reason).toBe('not_requester');
    });

    it('needs no lookup (no Slack call)', () => {
      expect(factsNeeded('escalation.from_request')).toEqual([]);
    });
  });

  describe('scope comes first, for everyone', () => {
    it.each([
      ['out of scope', { kind: 'issue', ref: 'hr/salaries#1', inScope: false }],
      ['scope not decided (fails closed)', { kind: 'issue', ref: 'g/p#1' }],
    ] as const)('an issue %s is refused to a team member, whatever the action', (_what, target) => {
      for (const action of [...TEAM_ACTIONS, 'flag.link_existing'] as const)
        expect(decideAccess(member, action, target)).toEqual({
          kind: 'denied',
          reason: 'out_of_scope',
          action,
        });
    });
  });

  describe('flag.link_existing (may change only what one may see)', () => {
    const target = (t: Partial<Extract<AccessTarget, { kind: 'issue' }>>): AccessTarget => ({
      kind: 'issue',
      ref: 'g/p#1',
      inScope: true,
      ...t,
    });
    it.each([
      ['a team member, confidential issue', member, target({ confidential: true }), 'allowed'],
      [
        'an outsider, public open issue',
        outsider,
        target({ confidential: false, projectVisibility: 'public' }),
        'allowed',
      ],
      [
        'an outsider, confidential issue',
        outsider,
        target({ confidential: true, projectVisibility: 'public' }),
        'denied',
      ],
      [
        'an outsider, private project',
        outsider,
        target({ confidential: false, projectVisibility: 'private' }),
        'denied',
      ],
      ['an outsider, facts unknown (fails closed)', outsider, target({}), 'denied'],
      [
        'its author through the bot',
        outsider,
        target({ confidential: true, actorIsAuthor: true }),
        'allowed',
      ],
      [
        'a person GitLab lets read it',
        outsider,
        target({ confidential: true, actorCanRead: 'yes' }),
        'allowed',
      ],
      ['a person GitLab refuses', outsider, target({ confidential: true, actorCanRead: 'no' }), 'denied'],
      ['membership not looked up', notLookedUp, target({ confidential: true }), 'denied'],
    ] as const)('%s is %s', (_who, actor, t, expected) => {
      const decision = decideAccess(actor, 'flag.link_existing', t);
      expect(decision.kind).toBe(expected);
      if (decision.kind === 'denied') expect(decision.reason).toBe('may_not_see');
    });
  });

  it.each([
    [issue, 'g/p#1'],
    [{ kind: 'issue', ref: null } as AccessTarget, null],
    [request('U1'), null],
    [{ kind: 'digest', channelId: 'C1' } as AccessTarget, null],
    [{ kind: 'none' } as AccessTarget, null],
  ])('files an attempt on %j under issue %s in the audit trail', (target, ref) => {
    expect(auditRefOf(target)).toBe(ref);
  });
});
