import type { FakeGitLab, FakeIssue } from '../fakes/gitlab-api.js';
import { INTERNAL, PRODUCT } from './harness.js';

export const TEAM = 'team::Product Security Engineering';
export const CANDIDATE = 'ProdSecEng Candidate';
export const NOW = Date.parse('2024-03-13T12:00:00Z');
export const MILESTONE = '17.3';

export interface SeededMilestone {
  planned: FakeIssue[];
  candidates: FakeIssue[];
  noise: FakeIssue[];
  milestoneUrl: string;
}

const WORKFLOW = [
  'workflow::ready for development',
  'workflow::in dev',
  'workflow::in review',
  'workflow::blocked',
  'workflow::validation backlog',
  'workflow::ready for development',
];

/**
 * A realistic milestone across both groups: 150 planned team issues in the internal project and
 * 200 in the product project (several pages of 100 each), 130 open candidates, and noise that
 * must not count (other milestones, other teams, closed candidates).
 */
export function seedMilestone(gitlab: FakeGitLab): SeededMilestone {
  const alice = gitlab.addUser({ username: 'alice' });
  const sec = gitlab.addMilestone('sec', {
    title: MILESTONE,
    start_date: '2024-03-01',
    due_date: '2024-03-31',
  });
  gitlab.addMilestone('gitlab-org', { title: MILESTONE, start_date: '2024-03-01', due_date: '2024-03-31' });
  gitlab.addMilestone('sec', { title: '17.2', start_date: '2024-02-01', due_date: '2024-02-29' });
  const old = gitlab.addMilestone('sec', {
    title: '17.1',
    start_date: '2024-01-01',
    due_date: '2024-01-31',
    state: 'closed',
  });
  const planned = (project: string, n: number, offset: number) => {
    for (let k = 0; k < n; k++) {
      const i = k + offset;
      const closed = i % 5 === 0;
      const labels = [TEAM, closed ? 'workflow::complete' : (WORKFLOW[i % 6] as string)];
      if (i % 13 !== 6) labels.push('ProdSecEngMetric::Paved Road');
      gitlab.seedIssue(project, {
        title: i === 153 ? 'Escape <!channel> & <https://evil.example|click>' : `Planned work ${i}`,
        labels,
        state: closed ? 'closed' : 'opened',
        weight: i % 17 === 3 ? null : (i % 5) + 1,
        assignees: i % 11 === 4 ? [] : [alice],
        milestone: sec!,
        created_at: i % 9 === 2 ? '2024-03-05T10:00:00.000Z' : '2024-02-20T10:00:00.000Z',
        updated_at: '2024-03-10T10:00:00.000Z',
        closed_at: closed ? '2024-03-08T10:00:00.000Z' : null,
        confidential: i === 159,
      });
    }
  };
  planned(INTERNAL, 150, 0);
  planned(PRODUCT, 200, 150);
  for (let i = 0; i < 130; i++) {
    gitlab.seedIssue(PRODUCT, {
      title: `Candidate ${i}`,
      labels: i % 4 === 0 ? [CANDIDATE, 'workflow::solution validation'] : [CANDIDATE],
      created_at: new Date(NOW - (i + 1) * 86_400_000).toISOString(),
    });
  }
  for (let i = 0; i < 60; i++) {
    gitlab.seedIssue(i % 2 ? PRODUCT : INTERNAL, {
      title: `Noise ${i}`,
      labels: i % 3 === 0 ? ['team::Other'] : [TEAM, 'workflow::in dev'],
      milestone: i % 3 === 0 ? sec! : old!,
      state: i % 3 === 1 ? 'closed' : 'opened',
    });
  }
  gitlab.seedIssue(PRODUCT, { title: 'Closed candidate', labels: [CANDIDATE], state: 'closed' });
  const all = gitlab.issues();
  return {
    planned: all.filter((i) => i.labels.includes(TEAM) && i.milestone?.title === MILESTONE),
    candidates: all.filter((i) => i.labels.includes(CANDIDATE) && i.state === 'opened'),
    noise: all.filter((i) => i.title.startsWith('Noise')),
    milestoneUrl: sec!.web_url,
  };
}
