import { describe, expect, it } from 'vitest';
import { computeDigest } from '../../src/domain/digest.js';
import type { Issue } from '../../src/domain/issue.js';
import { defaultTaxonomy } from '../../src/domain/taxonomy.js';
import { buildDigestMessage, issueList } from '../../src/slack/messages/digest-message.js';
import { buildHomeView } from '../../src/slack/views/home-view.js';
import { validateBlocks, validateView } from '../fakes/block-kit-limits.js';

const NOW = Date.parse('2024-03-13T12:00:00Z');

function issue(n: number, labels: string[], extra: Partial<Issue> = {}): Issue {
  return {
    projectId: 1,
    iid: n,
    ref: `g/p#${n}`,
    title: `${'<b>&'.repeat(700)} ${n}`,
    description: '',
    state: 'opened',
    labels,
    confidential: false,
    weight: null,
    assignees: [],
    author: 'x',
    milestone: null,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    closedAt: null,
    webUrl: `https://gitlab.example/g/p/-/issues/${n}`,
    ...extra,
  };
}

describe('digest message', () => {
  it('stays within Block Kit limits however long the lists and titles are', () => {
    const team = defaultTaxonomy.labels.team;
    const issues = Array.from({ length: 600 }, (_, n) => issue(n, [team, 'workflow::blocked']));
    const candidates = Array.from({ length: 400 }, (_, n) =>
      issue(1000 + n, [defaultTaxonomy.labels.candidate]),
    );
    const digest = computeDigest({
      milestone: {
        id: 1,
        iid: 1,
        title: 'M'.repeat(300),
        startDate: '2024-03-01',
        dueDate: null,
        state: 'active',
        webUrl: 'https://gitlab.example/m',
      },
      issues,
      candidates,
      inFlight: [],
      now: NOW,
      taxonomy: defaultTaxonomy,
      internalProject: 'g/internal',
      staleDays: 14,
      lists: { gitlabUrl: 'https://gitlab.example', group: 'g' },
      since: 0,
    });
    const msg = buildDigestMessage({
      digest,
      audience: { kind: 'channel', teamData: true },
      waiting: digest.stale,
      staleDays: 14,
      activity: {
        newRequests: Array.from({ length: 30 }, (_, n) => ({
          ref: `R-${n}`,
          title: '<!channel>'.repeat(50),
          issueUrl: null,
          confidential: false,
        })),
        decisions: [{ action: 'take_on', count: 3 }],
      },
    });
    expect(validateBlocks(msg.blocks, 'message')).toEqual([]);
    const json = JSON.stringify(msg.blocks);
    expect(json).not.toContain('<b>');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('and 590 more');
  });

  it('renders for its audience: confidential titles never; other titles only in a team-data channel', () => {
    const team = defaultTaxonomy.labels.team;
    const digest = computeDigest({
      milestone: {
        id: 1,
        iid: 1,
        title: '17.3',
        startDate: '2024-03-01',
        dueDate: null,
        state: 'active',
        webUrl: 'https://gitlab.example/m',
      },
      issues: [
        issue(1, [team, 'workflow::blocked'], { title: 'Private roadmap item' }),
        issue(2, [team, 'workflow::blocked'], { title: 'Secret bypass', confidential: true }),
      ],
      candidates: [],
      inFlight: [],
      now: NOW,
      taxonomy: defaultTaxonomy,
      internalProject: 'g/internal',
      staleDays: 14,
      lists: null,
      since: 0,
    });
    const activity = {
      newRequests: [
        {
          ref: 'R-1',
          title: 'Leaky request',
          issueUrl: 'https://gitlab.example/g/p/-/issues/9',
          confidential: true,
        },
        { ref: 'R-2', title: 'Open request', issueUrl: null, confidential: false },
      ],
      decisions: [],
    };
    const render = (teamData: boolean) =>
      JSON.stringify(
        buildDigestMessage({
          digest,
          audience: { kind: 'channel', teamData },
          waiting: [],
          staleDays: 14,
          activity,
        }).blocks,
      );
    const teamPost = render(true);
    expect(teamPost).toContain('Private roadmap item');
    expect(teamPost).toContain('Open request');
    const publicPost = render(false);
    expect(publicPost).not.toContain('Private roadmap item');
    expect(publicPost).not.toContain('Open request');
    expect(publicPost).toContain('g/p#1');
    for (const post of [teamPost, publicPost]) {
      expect(post).not.toContain('Secret bypass');
      expect(post).not.toContain('Leaky request');
      expect(post).toContain('R-1');
      expect(post).toContain('https://gitlab.example/g/p/-/issues/9');
      expect(post).toContain('g/p#2');
    }
  });

  it('cuts a list to its maximum with a linked "and N more"', () => {
    const items = Array.from({ length: 12 }, (_, n) => ({
      ref: `g/p#${n}`,
      title: `T${n}`,
      webUrl: `https://x/${n}`,
      confidential: n === 0,
      ageDays: n,
    }));
    const text = issueList(items, { max: 3, moreUrl: 'https://x/list', withAge: true });
    expect(text.split('\n')).toEqual([
      '• <https://x/0|g/p#0> _confidential issue_ · 0 d',
      '• <https://x/1|g/p#1> T1 · 1 d',
      '• <https://x/2|g/p#2> T2 · 2 d',
      '…<https://x/list|and 9 more>',
    ]);
  });

  it('renders a valid home tab for a member before anything is loaded', () => {
    const view = buildHomeView({
      requests: [],
      member: true,
      team: { summary: null, loadedAt: null, error: null, refreshing: true, escalations: [] },
      now: NOW,
    });
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('Loading the milestone from GitLab');
  });
});
