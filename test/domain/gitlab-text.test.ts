import { describe, expect, it } from 'vitest';
import { neutralizeQuickActions, quoteForGitLab } from '../../src/domain/gitlab-text.js';

describe('neutralizeQuickActions', () => {
  it('escapes a slash command at the start of any line, with or without leading whitespace', () => {
    expect(neutralizeQuickActions('/close')).toBe('\\/close');
    expect(neutralizeQuickActions('  /assign @admin')).toBe('  \\/assign @admin');
    expect(neutralizeQuickActions('\t/label ~x')).toBe('\t\\/label ~x');
  });
  it('treats CR, CRLF and Unicode line separators as line breaks', () => {
    expect(neutralizeQuickActions('ok\r/close\r\n/title x\u2028/weight 1')).toBe('ok\n\\/close\n\\/title x\n\\/weight 1');
  });
  it('leaves slashes inside a line alone', () => {
    expect(neutralizeQuickActions('see a/b and /not-at-start? no: x /close')).toBe('see a/b and /not-at-start? no: x /close');
  });
});

describe('quoteForGitLab', () => {
  it('prefixes every line with > so no line can start a command', () => {
    expect(quoteForGitLab('a\r\n/close')).toBe('> a\n> /close');
  });
});
