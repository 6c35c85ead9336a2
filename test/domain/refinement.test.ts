import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/domain/issue.js';
import {
  checkDefinitionOfReady,
  draftFromIssue,
  emptyDraft,
  formatMinutes,
  isInRefinementQueue,
  labelsFingerprint,
  planLabels,
  type RefinementDraft,
} from '../../src/domain/refinement.js';
import { buildRefinementNote } from '../../src/domain/refinement-note.js';
import { defaultTaxonomy as t, taxonomySchema } from '../../src/domain/taxonomy.js';

const draft = (d: Partial<RefinementDraft> = {}): RefinementDraft => ({
  ...emptyDraft(),
  definitionOfDone: 'done when done',
  weight: '3',
  ...d,
});

const issue = (labels: string[], extra: Partial<Issue> = {}): Issue => ({
  projectId: 1,
  iid: 1,
  ref: 'g/p#1',
  title: 't',
  description: '',
  state: 'opened',
  labels,
  confidential: false,
  weight: null,
  assignees: [],
  author: 'a',
  milestone: null,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  closedAt: null,
  webUrl: 'https://gitlab.example/g/p/-/issues/1',
  ...extra,
});

function ready(d: Partial<RefinementDraft>) {
  const c = checkDefinitionOfReady(draft(d), t);
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  return c.ready;
}

describe('definition of ready', () => {
  it('accepts a definition of done and a weight on the scale', () => {
    expect(checkDefinitionOfReady(draft(), t)).toMatchObject({ ok: true, ready: { weight: 3 } });
  });

  it('reports every missing field at once, each naming its field', () => {
    const c = checkDefinitionOfReady(draft({ definitionOfDone: ' ', weight: null }), t);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.errors.definitionOfDone).toMatch(/^Definition of done/);
    expect(c.errors.weight).toMatch(/^Weight/);
  });

  it('sends anything above the largest weight to be broken down', () => {
    for (const w of ['over', '6', '40']) {
      const c = checkDefinitionOfReady(draft({ weight: w }), t);
      expect(c.ok ? '' : c.errors.weight).toMatch(/above 5.*break it down/);
    }
    const c = checkDefinitionOfReady(draft({ weight: '2.5' }), t);
    expect(c.ok ? '' : c.errors.weight).toMatch(/not on the scale/);
  });

  it('rejects priorities and metrics that are not configured', () => {
    const c = checkDefinitionOfReady(draft({ priority: '9', metric: 'Nope' }), t);
    expect(c.ok ? {} : Object.keys(c.errors).sort()).toEqual(['metric', 'priority']);
  });
});

describe('planLabels', () => {
  it('moves the workflow, replaces priority and metric values, and keeps unrelated labels', () => {
    const current = [
      'ProdSecEng Candidate',
      'workflow::validation backlog',
      'ProdSecEngPriority::3',
      'ProdSecEngMetric::Pending',
    ];
    expect(planLabels(t, current, ready({ priority: '1', metric: 'Paved Road' }))).toEqual({
      add: ['workflow::ready for development', 'ProdSecEngPriority::1', 'ProdSecEngMetric::Paved Road'],
      remove: ['workflow::validation backlog', 'ProdSecEngPriority::3', 'ProdSecEngMetric::Pending'],
    });
  });

  it('leaves priority and metric alone when not chosen, and removes the priority for "none"', () => {
    const current = ['ProdSecEngPriority::2', 'ProdSecEngMetric::Sunsetting'];
    expect(planLabels(t, current, ready({}))).toEqual({
      add: ['workflow::ready for development'],
      remove: [],
    });
    expect(planLabels(t, current, ready({ priority: 'none', needsSolutionValidation: true }))).toEqual({
      add: ['workflow::solution validation'],
      remove: ['ProdSecEngPriority::2'],
    });
  });

  it('replaces values of a prefix that is not a GitLab scope too', () => {
    const custom = taxonomySchema.parse({ priority: { prefix: 'P-' } });
    expect(planLabels(custom, ['P-3'], ready({ priority: '1' })).remove).toEqual(['P-3']);
  });
});

describe('helpers', () => {
  it('pre-fills a new checklist from the issue', () => {
    const d = draftFromIssue(
      issue(['ProdSecEngPriority::2', 'ProdSecEngMetric::Custom Tooling'], { weight: 4 }),
      t,
    );
    expect(d).toMatchObject({ weight: '4', priority: '2', metric: 'Custom Tooling' });
    expect(draftFromIssue(issue(['ProdSecEngPriority::9'], { weight: 13 }), t)).toMatchObject({
      weight: null,
      priority: null,
    });
  });

  it('fingerprints a label set regardless of order', () => {
    expect(labelsFingerprint(['a', 'b'])).toBe(labelsFingerprint(['b', 'a']));
    expect(labelsFingerprint(['a'])).not.toBe(labelsFingerprint(['a', 'b']));
  });

  it('formats durations', () => {
    expect([formatMinutes(5), formatMinutes(60), formatMinutes(95)]).toEqual(['5 min', '1 h', '1 h 35 min']);
  });

  it('knows what is in the refinement queue', () => {
    expect(isInRefinementQueue(issue(['ProdSecEng Candidate', 'workflow::in dev']), t)).toBe(true);
    expect(isInRefinementQueue(issue(['team::Product Security Engineering']), t)).toBe(true);
    expect(isInRefinementQueue(issue(['team::Product Security Engineering', 'workflow::blocked']), t)).toBe(
      false,
    );
    expect(isInRefinementQueue(issue(['workflow::validation backlog'], { state: 'closed' }), t)).toBe(false);
  });
});

describe('buildRefinementNote', () => {
  it('quotes member text so no line can be a quick action, and names who refined and for how long', () => {
    const note = buildRefinementNote(t, {
      ready: ready({ goal: '/close\nfine', breakdown: 'epic', breakdownNote: '/assign @me', solution: '' }),
      refinedBy: { id: 'U123', name: 'ann <b>`x`' },
      minutesSpent: 75,
    });
    expect(note.split('\n').some((l) => l.trimStart().startsWith('/'))).toBe(false);
    expect(note).toContain('> /close');
    expect(note).toContain('Refined in Slack by ann bx (Slack user U123)');
    expect(note).toContain('Time spent: 1 h 15 min, over the 60-minute timebox');
    expect(note).toContain('**Break down**: Yes: needs an epic');
    expect(note).toContain('**Priority**: unchanged');
  });
});
