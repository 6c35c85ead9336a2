import { describe, expect, it } from 'vitest';
import { ACCESS_ACTIONS } from '../../src/domain/access.js';
import { buildRefusal } from '../../src/slack/messages/refusal.js';

const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z])/);

describe('buildRefusal', () => {
  it.each(ACCESS_ACTIONS)('for %s: says who may, that nothing changed, and what to do instead', (action) => {
    const reason =
      action === 'escalation.from_request'
        ? 'not_requester'
        : action.startsWith('escalation.')
          ? 'not_escalation_responder'
          : 'not_team_member';
    const { text, blocks } = buildRefusal({ reason, action });
    const [why, next, ...rest] = sentences(text);
    expect(why).toMatch(/^:lock: Only .+ can .+, so nothing was changed\.$/);
    expect(next).toMatch(/\S/);
    expect(rest).toEqual([]);
    expect(JSON.stringify(blocks)).toContain(JSON.stringify(text).slice(1, -1));
  });

  it.each(ACCESS_ACTIONS)(
    'for %s when the membership lookup failed: says so, that nothing changed, and what to do',
    (action) => {
      const { text } = buildRefusal({ reason: 'membership_unknown', action });
      const [why, next, ...rest] = sentences(text);
      expect(why).toMatch(/^:warning: The bot could not check your membership .+nothing was changed\.$/);
      expect(next).toMatch(/try again/);
      expect(rest).toEqual([]);
    },
  );

  it('names the team for team-only actions and the requester for request actions', () => {
    expect(buildRefusal({ reason: 'not_team_member', action: 'triage.take_on' }).text).toContain(
      'Only the ProdSec team can do this: take work on',
    );
    expect(buildRefusal({ reason: 'not_team_member', action: 'refine.open' }).text).toContain(
      'Only members of the Product Security Engineering team can refine issues',
    );
    expect(buildRefusal({ reason: 'not_requester', action: 'escalation.from_request' }).text).toMatch(
      /Only the person who filed this request can escalate it from here.*\/prodsec urgent/,
    );
  });
});
