import { describe, expect, it } from 'vitest';
import { liveMentions } from './gitlab-mentions.js';

describe('the fake GitLab mention model', () => {
  it('finds users, groups, subgroups and @all, also in block quotes', () => {
    expect(liveMentions('hi @alice and @gl-security/leads\n> cc @all.')).toEqual([
      'alice',
      'gl-security/leads',
      'all',
    ]);
  });

  it('ignores code spans, fenced and indented code, emails and escaped forms', () => {
    const md = [
      'see `@alice` and ``@bob``',
      '```',
      '@carol',
      '```',
      '    @dave in indented code',
      'mail me at eve@example.com',
      'a joiner before the sign does not stop it: \u200d@frank',
    ].join('\n');
    expect(liveMentions(md)).toEqual(['frank']);
  });
});
