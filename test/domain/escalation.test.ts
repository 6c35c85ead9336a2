import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  audienceAt,
  formatDuration,
  parseEscalationChain,
  parseEscalationRef,
  splitUrgentArgs,
  validateEscalation,
} from '../../src/domain/escalation.js';
import { buildEscalationNote } from '../../src/domain/escalation-notes.js';

describe('escalation input', () => {
  it('splits a link from a multi-line explanation and keeps its newlines', () => {
    expect(splitUrgentArgs('https://x.test/1  first line\nsecond line')).toEqual({
      link: 'https://x.test/1',
      explanation: 'first line\nsecond line',
    });
    expect(splitUrgentArgs('https://x.test/1')).toEqual({ link: 'https://x.test/1', explanation: '' });
  });

  it('accepts an http(s) link, also as Slack wraps it, with an explanation', () => {
    const r = validateEscalation('<https://x.test/a|x.test/a>', ' why \r\n it matters ');
    expect(r).toEqual({ ok: true, input: { link: 'https://x.test/a', explanation: 'why \n it matters' } });
  });

  it.each([
    ['not-a-link', 'why', 'link', /not a link/],
    ['javascript:alert(1)', 'why', 'link', /not a link/],
    ['', 'why', 'link', /Add a link/],
    ['https://x.test', '   ', 'explanation', /why this is urgent/],
    ['https://x.test', 'x'.repeat(2001), 'explanation', /2000/],
  ])('rejects link %j with explanation %j, naming the %s', (link, explanation, field, message) => {
    const r = validateEscalation(link, explanation);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[field as 'link' | 'explanation']).toMatch(message);
  });

  it('parses escalation refs', () => {
    expect(parseEscalationRef('E-12')).toBe(12);
    expect(parseEscalationRef('e12')).toBe(12);
    expect(parseEscalationRef('R-12x')).toBeUndefined();
  });
});

describe('the escalation chain', () => {
  it('parses levels and reuses the last one past the end', () => {
    const r = parseEscalationChain('group, group+leads ,here+group');
    expect(r).toEqual({ chain: [['group'], ['group', 'leads'], ['here', 'group']] });
    if ('chain' in r) expect(audienceAt(r.chain, 7)).toEqual(['here', 'group']);
  });

  it('rejects an unknown audience with the reason, and the config refuses to start on it', () => {
    expect(parseEscalationChain('group,managers')).toEqual({ error: expect.stringMatching(/managers/) });
    expect(() =>
      loadConfig({
        SLACK_BOT_TOKEN: 'x',
        SLACK_SIGNING_SECRET: 's',
        GITLAB_TOKEN: 't',
        GITLAB_INTERNAL_PROJECT: 'a/b',
        GITLAB_PRODUCT_PROJECT: 'c/d',
        ESCALATION_CHAIN: 'group,managers',
      }),
    ).toThrow(/ESCALATION_CHAIN/);
  });

  it('defaults to support group, then + leads, then + @here', () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: 'x',
      SLACK_SIGNING_SECRET: 's',
      GITLAB_TOKEN: 't',
      GITLAB_INTERNAL_PROJECT: 'a/b',
      GITLAB_PRODUCT_PROJECT: 'c/d',
    });
    expect(c.ESCALATION_CHAIN).toEqual([['group'], ['group', 'leads'], ['group', 'leads', 'here']]);
  });
});

describe('durations and GitLab notes', () => {
  it('formats durations for ages and times to acknowledge', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(185 * 60_000)).toBe('3 h 5 min');
    expect(formatDuration(52 * 3_600_000)).toBe('2 d 4 h');
  });

  it('writes notes that carry no user text and cannot be quick actions', () => {
    const note = buildEscalationNote({
      event: 'acknowledged',
      ref: 'E-3',
      at: 0,
      round: 0,
      timeToAckMs: 240_000,
    });
    expect(note).toContain('E-3');
    expect(note).toContain('4 min');
    for (const line of note.split('\n')) expect(line.trimStart().startsWith('/')).toBe(false);
  });
});
