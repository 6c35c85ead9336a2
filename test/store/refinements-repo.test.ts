import { describe, expect, it } from 'vitest';
import { emptyDraft } from '../../src/domain/refinement.js';
import { openDatabase } from '../../src/store/db.js';
import { createRefinementsRepo } from '../../src/store/refinements-repo.js';

const base = {
  issueRef: 'Group/Project#7',
  project: '1000',
  iid: 7,
  issueUrl: 'https://gitlab.example/group/project/-/issues/7',
  title: 'A title',
  labels: ['x'],
  draft: emptyDraft(),
  startedBy: 'U1',
};

describe('refinements repository', () => {
  it('keeps one draft per issue, found case-insensitively, and saves fields into it', () => {
    const repo = createRefinementsRepo(openDatabase(':memory:'));
    const r = repo.start(base, 1000);
    expect(() => repo.start(base, 2000)).toThrow(/UNIQUE/);
    expect(repo.findDraft('group/project#7')?.id).toBe(r.id);
    expect(repo.saveDraft(r.id, { ...emptyDraft(), goal: 'g' }, 'U2', 1500)).toBe(true);
    expect(repo.get(r.id)).toMatchObject({ savedBy: 'U2', savedAt: 1500, draft: { goal: 'g' } });
  });

  it('finishes a draft once, records steps, and lists finished refinements with their duration', () => {
    const repo = createRefinementsRepo(openDatabase(':memory:'));
    const r = repo.start(base, 0);
    expect(repo.markFinished(r.id, { id: 'U1', name: 'ann' }, 45 * 60_000)).toBe(true);
    expect(repo.markFinished(r.id, { id: 'U2', name: 'bob' }, 46 * 60_000)).toBe(false);
    expect(repo.saveDraft(r.id, emptyDraft(), 'U2', 47 * 60_000)).toBe(false);
    repo.markStepDone(r.id, 'weight', 50);
    repo.markStepFailed(r.id, 'labels', 'GitLab 503', false, 60);
    expect(repo.get(r.id)).toMatchObject({ state: 'applying', steps: { weight: 50 }, failedStep: 'labels' });
    repo.markStepFailed(r.id, 'labels', 'GitLab 403', true, 70);
    expect(repo.get(r.id)?.state).toBe('failed');
    expect(repo.findDraft(base.issueRef)).toBeUndefined();
    expect(repo.reopenFailed(r.id, 80)).toBe(true);
    expect(repo.get(r.id)).toMatchObject({ state: 'draft', steps: {}, finishedAt: null });
    repo.markFinished(r.id, { id: 'U1', name: 'ann' }, 45 * 60_000);
    repo.markApplied(r.id, 90);
    expect(repo.listFinishedSince(0)).toEqual([
      expect.objectContaining({ issueRef: base.issueRef, finishedBy: 'U1', minutes: 45, state: 'applied' }),
    ]);
    expect(repo.listFinishedSince(46 * 60_000)).toEqual([]);
  });
});
