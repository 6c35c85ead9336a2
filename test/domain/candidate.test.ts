import { describe, expect, it } from 'vitest';
import {
  buildCandidateDescription,
  type FlagFormInput,
  rankSimilar,
  searchTerms,
  suggestTitle,
  validateFlag,
} from '../../src/domain/candidate.js';
import type { Issue } from '../../src/domain/issue.js';

const form = (over: Partial<FlagFormInput> = {}): FlagFormInput => ({
  message: 'Token in logs',
  choice: 'new',
  title: 'Token in logs',
  kind: 'product',
  notes: '',
  existingRef: '',
  confidential: true,
  ...over,
});

const issue = (ref: string, title: string, over: Partial<Issue> = {}): Issue =>
  ({ ref, title, state: 'opened', updatedAt: '2024-01-01T00:00:00Z', ...over }) as Issue;

describe('flag form rules', () => {
  it('a new issue needs a title, a board and the message', () => {
    const r = validateFlag(form({ title: '', kind: undefined, message: ' ' }), 'g/p');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['kind', 'message', 'title']);
  });

  it('a suggested duplicate or another reference becomes a link to that issue', () => {
    expect(validateFlag(form({ choice: 'dup:a/b#4' }), 'g/p')).toEqual({
      ok: true,
      fields: { mode: 'existing', message: 'Token in logs', notes: '', ref: { project: 'a/b', iid: 4 } },
    });
    const other = validateFlag(form({ choice: 'other', existingRef: '#9' }), 'g/p');
    expect(other.ok && other.fields.mode === 'existing' && other.fields.ref).toEqual({
      project: 'g/p',
      iid: 9,
    });
  });

  it('a reference to another host is refused', () => {
    const r = validateFlag(
      form({ choice: 'other', existingRef: 'https://evil.example/a/b/-/issues/1' }),
      'g/p',
      'https://gitlab.example',
    );
    expect(r.ok).toBe(false);
  });
});

describe('the description of a flagged message', () => {
  it('quotes the message so no line can run a quick action, and neutralises the notes', () => {
    const d = buildCandidateDescription(
      { message: 'hi\r/close\n/assign @me', notes: '/label ~x' },
      { permalink: 'https://x.slack.com/archives/C1/p1', flagger: 'U1', marker: 'm-1' },
    );
    // The @ is followed by an invisible joiner: it reads the same and mentions nobody.
    expect(d).toContain('> /close\n> /assign @\u200dme');
    expect(d).toContain('\\/label ~x');
    expect(d.split('\n').some((l) => l.startsWith('/'))).toBe(false);
    expect(d).toContain('<!-- m-1 -->');
  });
});

describe('duplicate suggestions', () => {
  it('searches with the longest distinctive words, not stop words, numbers or links', () => {
    expect(
      searchTerms('Please look: the deploy token https://x.example/very-long-link leaks 12345 into logs'),
    ).toEqual(['deploy', 'token', 'leaks']);
  });

  it('ranks open issues by shared words and keeps at most five', () => {
    const found = [
      issue('a#1', 'Deploy token rotation'),
      issue('a#2', 'Deploy token leaks in logs'),
      issue('a#3', 'Closed token leak', { state: 'closed' }),
      issue('a#2', 'Deploy token leaks in logs'),
      ...[4, 5, 6, 7, 8].map((n) => issue(`a#${n}`, `token ${n}`)),
    ];
    const ranked = rankSimilar(found, ['deploy', 'token', 'leaks']);
    expect(ranked).toHaveLength(5);
    expect(ranked.map((i) => i.ref).slice(0, 2)).toEqual(['a#2', 'a#1']);
    expect(ranked.map((i) => i.ref)).not.toContain('a#3');
  });

  it('suggests the first line as a title', () => {
    expect(suggestTitle('\n  First line \nsecond')).toBe('First line');
    expect(suggestTitle('x'.repeat(300))).toHaveLength(120);
  });
});
