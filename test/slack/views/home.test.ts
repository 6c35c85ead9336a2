import { describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { buildHomeView, type HomeTeamSections } from '../../../src/slack/views/home-view.js';
import { validateView } from '../../fakes/block-kit-limits.js';
import { aRequest, HOSTILE } from '../fixtures.js';

const team: HomeTeamSections = {
  summary: null,
  loadedAt: null,
  error: '<!channel> 502',
  refreshing: false,
  queue: [],
  queueTotal: 0,
  escalations: Array.from({ length: 8 }, (_, i) => ({
    ref: `E-${i + 1}`,
    link: 'https://x.test/e',
    explanation: HOSTILE,
    state: 'open',
    createdAt: 0,
  })),
};

describe('App Home', () => {
  it('shows the New request and Refresh buttons and the person’s own requests, escaped', () => {
    const view = buildHomeView({ requests: [aRequest({ title: HOSTILE })], member: false, now: 0 });
    const json = JSON.stringify(view);
    expect(json).toContain(ids.home.newRequest);
    expect(json).toContain(ids.home.refresh);
    expect(json).toContain('R-3');
    expect(json).not.toContain('<!channel>');
    expect(validateView(view)).toEqual([]);
  });

  it('lists ten requests and points at /prodsec mine for the rest', () => {
    const requests = Array.from({ length: 25 }, (_, i) => aRequest({ id: i + 1, ref: `R-${i + 1}` }));
    const json = JSON.stringify(buildHomeView({ requests, member: false, now: 0 }));
    expect(json).toContain('R-10');
    expect(json).not.toContain('R-11');
    expect(json).toContain('/prodsec mine');
  });

  it('shows the team sections only to members, with five escalations and the GitLab problem escaped', () => {
    const outsider = JSON.stringify(buildHomeView({ requests: [], member: false, team, now: 0 }));
    expect(outsider).not.toContain('Open escalations');
    const view = buildHomeView({ requests: [], member: true, team, now: 0 });
    const json = JSON.stringify(view);
    expect(json).toContain('Open escalations');
    expect(json).toContain('E-5');
    expect(json).not.toContain('E-6');
    expect(json).toContain('3 more');
    expect(json).not.toContain('<!channel>');
    expect(validateView(view)).toEqual([]);
  });
});
