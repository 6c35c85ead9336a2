import { describe, expect, it } from 'vitest';
import { neutralizeMentions, ZWJ } from '../../src/domain/gitlab-text.js';

// GitLab's user/group reference: an `@` not preceded by an ASCII word character, then a path.
const mentions = (text: string) =>
  [...text.matchAll(/(?<![A-Za-z0-9_])@([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*)/g)].map((m) => m[1]);

describe('neutralizeMentions', () => {
  it('leaves no @all, @group, @group/sub or @user that GitLab would notify', () => {
    const text =
      'ping @all and @security-team, cc @gitlab-org/appsec, thanks @alice.\n> @bob in a quote\n(@carol)';
    expect(mentions(text)).toEqual(['all', 'security-team', 'gitlab-org/appsec', 'alice.', 'bob', 'carol']);
    expect(mentions(neutralizeMentions(text))).toEqual([]);
  });

  it('keeps the text readable: only an invisible joiner is added after each @', () => {
    const out = neutralizeMentions('hi @all');
    expect(out).toBe(`hi @${ZWJ}all`);
    expect(out.replaceAll(ZWJ, '')).toBe('hi @all');
  });

  it('turns HTML entities for @ into a neutralised @', () => {
    for (const entity of ['&#64;', '&#064;', '&#x40;', '&#X40;', '&commat;']) {
      const out = neutralizeMentions(`${entity}all`);
      expect(out).toBe(`@${ZWJ}all`);
    }
  });

  it('leaves e-mail addresses and a lone @ alone', () => {
    expect(neutralizeMentions('write to alice@example.com @ noon')).toBe('write to alice@example.com @ noon');
  });

  it('neutralises a mention at the very start and after punctuation or non-ASCII letters', () => {
    expect(mentions(neutralizeMentions('@root'))).toEqual([]);
    expect(neutralizeMentions('é@all')).toBe(`é@${ZWJ}all`);
    expect(neutralizeMentions('x,@all')).toBe(`x,@${ZWJ}all`);
  });
});
