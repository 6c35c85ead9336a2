import { describe, expect, it } from 'vitest';
import { inProject, isAppSec, pickMilestone, staleCandidates, todayIn } from '../../src/domain/digest.js';
import type { Issue, Milestone } from '../../src/domain/issue.js';
import { progressOf } from '../../src/domain/request-progress.js';
import { defaultTaxonomy as t, taxonomySchema } from '../../src/domain/taxonomy.js';

const ms = (
  title: string,
  startDate: string | null,
  dueDate: string | null,
  state = 'active',
): Milestone => ({
  id: title.length,
  iid: 1,
  title,
  startDate,
  dueDate,
  state,
  webUrl: `https://x/${title}`,
});

const issue = (extra: Partial<Issue>): Issue => ({
  projectId: 7,
  iid: 1,
  ref: 'sec/internal-tools#1',
  title: 't',
  description: '',
  state: 'opened',
  labels: [],
  confidential: false,
  weight: null,
  assignees: [],
  author: 'a',
  milestone: null,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  closedAt: null,
  webUrl: 'https://x/1',
  ...extra,
});

describe('digest rules', () => {
  it('picks the active milestone whose dates contain today, the latest-starting one first', () => {
    const list = [
      ms('Feb', '2024-02-01', '2024-02-29'),
      ms('Q1', '2024-01-01', '2024-03-31'),
      ms('Mar', '2024-03-01', '2024-03-31'),
      ms('Closed', '2024-03-01', '2024-03-31', 'closed'),
      ms('Undated', null, null),
    ];
    expect(pickMilestone(list, '2024-03-13')?.title).toBe('Mar');
    expect(pickMilestone(list, '2024-03-31')?.title).toBe('Mar');
    expect(pickMilestone(list, '2024-04-01')).toBeNull();
    expect(pickMilestone(list, '2024-04-01', 'Feb')?.title).toBe('Feb');
  });

  it('takes "today" in the schedule time zone', () => {
    expect(todayIn('Pacific/Auckland', Date.parse('2024-03-13T12:00:00Z'))).toBe('2024-03-14');
    expect(todayIn('America/Los_Angeles', Date.parse('2024-03-13T03:00:00Z'))).toBe('2024-03-12');
  });

  it('turns the date at midnight to the millisecond, asked again and again in the same minute', () => {
    const midnight = Date.parse('2024-03-14T00:00:00Z');
    expect(todayIn('UTC', midnight - 60_001)).toBe('2024-03-13');
    expect(todayIn('UTC', midnight - 1)).toBe('2024-03-13');
    expect(todayIn('UTC', midnight)).toBe('2024-03-14');
    expect(todayIn('Asia/Kolkata', midnight)).toBe('2024-03-14');
    // Kolkata is +05:30: its midnight falls on a half hour in UTC.
    expect(todayIn('Asia/Kolkata', Date.parse('2024-03-13T18:29:59.999Z'))).toBe('2024-03-13');
    expect(todayIn('Asia/Kolkata', Date.parse('2024-03-13T18:30:00Z'))).toBe('2024-03-14');
    expect(todayIn('UTC', midnight + 59_999)).toBe('2024-03-14');
  });

  it('knows the internal project by path or by id, and the AppSec label when configured', () => {
    expect(inProject(issue({}), 'SEC/Internal-Tools')).toBe(true);
    expect(inProject(issue({}), '7')).toBe(true);
    expect(inProject(issue({ ref: 'other/p#1', projectId: 8 }), '7')).toBe(false);
    const withLabel = taxonomySchema.parse({ labels: { appsec: 'AppSec' } });
    const product = issue({ ref: 'g/product#1', projectId: 9, labels: ['AppSec'] });
    expect(isAppSec(product, t, 'sec/internal-tools')).toBe(false);
    expect(isAppSec(product, withLabel, 'sec/internal-tools')).toBe(true);
  });

  it('calls a candidate stale only when unrefined, undecided and older than the limit', () => {
    const now = Date.parse('2024-03-15T00:00:00.500Z');
    const c = (labels: string[], createdAt = '2024-03-01T00:00:00Z') =>
      issue({ labels: [t.labels.candidate, ...labels], createdAt });
    const list = [
      c([]),
      c(['workflow::validation backlog']),
      c([], '2024-03-01T00:00:01Z'),
      c([t.labels.team]),
      c(['workflow::solution validation']),
    ];
    expect(staleCandidates(list, t, now, 14)).toEqual([list[0], list[1]]);
  });

  it('tells closed, in dev and ready for development apart', () => {
    expect(progressOf(issue({ state: 'closed', labels: ['workflow::in dev'] }), t)).toBe('closed');
    expect(progressOf(issue({ labels: ['workflow::in dev'] }), t)).toBe('inDev');
    expect(progressOf(issue({ labels: ['workflow::ready for development'] }), t)).toBe('readyForDevelopment');
    expect(progressOf(issue({ labels: ['workflow::in review'] }), t)).toBeUndefined();
  });
});
