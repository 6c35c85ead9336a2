import { describe, expect, it } from 'vitest';
import { cut, escapeMrkdwn, link, safeText } from '../../src/slack/escape.js';

describe('escapeMrkdwn', () => {
  it('replaces &, < and > and nothing else', () => {
    expect(escapeMrkdwn('a & b <!channel> c > d *bold* _it_')).toBe('a &amp; b &lt;!channel&gt; c &gt; d *bold* _it_');
  });
  it('escapes an already-escaped entity again, so it shows literally', () => {
    expect(escapeMrkdwn('&lt;!here&gt;')).toBe('&amp;lt;!here&amp;gt;');
  });
});

describe('safeText and cut', () => {
  it('cuts long text with a marker and never leaves a broken entity', () => {
    const out = safeText('<'.repeat(5000), 3000);
    expect(out.length).toBeLessThanOrEqual(3000);
    expect(out.endsWith('…')).toBe(true);
    expect(out.replace('…', '')).toMatch(/^(&lt;)+$/);
  });
  it('leaves short text alone', () => {
    expect(cut('abc', 10)).toBe('abc');
    expect(cut('abcdef', 4)).toBe('abc…');
  });
});

describe('link', () => {
  it('escapes the label and cannot be broken out of by | or >', () => {
    expect(link('https://x.example/a', 'evil|<!channel>')).toBe('<https://x.example/a|evil¦&lt;!channel&gt;>');
    expect(link('https://x.example/a>b', 'ok')).not.toContain('a>b');
  });
});
