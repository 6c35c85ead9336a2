import { describe, expect, it } from 'vitest';
import {
  changesBetween,
  enteredQueue,
  isNewer,
  mayShowContentInDm,
  standingOf,
  toEpochSeconds,
} from '../../src/domain/issue-change.js';
import { loadTaxonomy } from '../../src/policy.js';

const t = loadTaxonomy(undefined);
const TEAM = 'team::Product Security Engineering';
const CAND = 'ProdSecEng Candidate';
const open = (labels: string[]) => ({ state: 'opened' as const, labels });

describe('issue changes (pure)', () => {
  it.each([
    [open([CAND]), open([CAND, TEAM]), ['taken_on']],
    [open([CAND, TEAM]), open([]), ['declined']],
    [open([TEAM]), open(['x']), ['declined']],
    [open([CAND]), open([CAND, 'workflow::ready for development']), ['ready_for_development']],
    [open(['workflow::ready for development']), open(['workflow::in dev']), ['in_dev']],
    [open(['workflow::in dev']), open(['workflow::blocked']), ['blocked']],
    [open(['workflow::in dev']), open(['workflow::validation backlog']), ['back_to_validation']],
    [open(['workflow::in dev']), open(['workflow::in review']), []],
    [open([CAND]), { state: 'closed' as const, labels: [CAND] }, ['closed']],
    [{ state: 'closed' as const, labels: [] }, open([]), ['reopened']],
    [open([CAND, TEAM]), open([CAND, TEAM]), []],
    [open([]), open([TEAM, 'workflow::in dev']), ['taken_on', 'in_dev']],
  ])('%j → %j gives %j', (before, after, kinds) => {
    expect(changesBetween(before, after, t)).toEqual(kinds);
  });

  it('compares hook times (whole seconds) and REST times (milliseconds) at the second', () => {
    expect(toEpochSeconds('2026-01-02 10:11:12 UTC')).toBe(toEpochSeconds('2026-01-02T10:11:12.999Z'));
    expect(toEpochSeconds('2026-01-02 10:11:12 +0100')).toBe(toEpochSeconds('2026-01-02T09:11:12Z'));
    const seen = {
      state: 'opened' as const,
      labels: [],
      updatedAtSec: toEpochSeconds('2026-01-02T10:11:12.999Z'),
    };
    expect(isNewer(seen, { ...open([]), updatedAt: '2026-01-02 10:11:12 UTC' })).toBe(true);
    expect(isNewer(seen, { ...open([]), updatedAt: '2026-01-02 10:11:11 UTC' })).toBe(false);
    expect(isNewer(undefined, { ...open([]), updatedAt: '2026-01-02 10:11:11 UTC' })).toBe(true);
  });

  it('knows when an issue entered the queue, where it stands, and who may read it in a DM', () => {
    expect(enteredQueue(open([]), open([CAND]), t)).toBe(true);
    expect(enteredQueue(open([CAND]), open([CAND]), t)).toBe(false);
    expect(enteredQueue(open([]), open([CAND, TEAM]), t)).toBe(false);
    expect(standingOf(open([CAND]), t)).toBe('candidate');
    expect(standingOf(open([CAND, TEAM]), t)).toBe('taken_on');
    expect(standingOf(open([]), t)).toBe('declined');
    expect(standingOf({ state: 'closed', labels: [TEAM] }, t)).toBe('closed');
    expect(mayShowContentInDm(false, false)).toBe(true);
    expect(mayShowContentInDm(true, true)).toBe(true);
    expect(mayShowContentInDm(true, false)).toBe(false);
  });
});
