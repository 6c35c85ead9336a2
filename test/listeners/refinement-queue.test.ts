import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../src/slack/ids.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../helpers/harness.js';
import type { AnyView } from '../helpers/refine-form.js';
import { waitFor } from '../helpers/slack-request.js';

const DAY = 24 * 60 * 60_000;
const at = (daysAgo: number, minute = 0) =>
  new Date(Date.now() - daysAgo * DAY + minute * 60_000).toISOString();

describe('/prodsec queue', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ TEAM_SLACK_USER_IDS: 'UTEAM' });
  });
  afterEach(async () => {
    await h.close();
  });

  async function queue(user = 'UTEAM'): Promise<AnyView> {
    const before = h.slack.responses.length;
    const res = await h.command('queue', { user });
    expect(res.status).toBe(200);
    return (await waitFor(() => h.slack.responses[before], 5000, 'queue response')).body;
  }

  it('lists open candidates, validation backlog and team issues without workflow, oldest first, across pages', async () => {
    h.gitlab.seedIssues(PRODUCT, 130, (i) => ({
      title: `Candidate ${i}`,
      labels: ['ProdSecEng Candidate'],
      created_at: at(100 - (i % 90), i),
    }));
    h.gitlab.seedIssue(INTERNAL, {
      title: 'Oldest backlog item',
      labels: ['workflow::validation backlog'],
      created_at: at(400),
    });
    h.gitlab.seedIssue(INTERNAL, {
      title: 'Taken on, unrefined',
      labels: ['team::Product Security Engineering'],
      created_at: at(300),
    });
    h.gitlab.seedIssue(INTERNAL, {
      title: 'Both labels',
      labels: ['ProdSecEng Candidate', 'workflow::validation backlog'],
      created_at: at(200),
    });
    h.gitlab.seedIssue(INTERNAL, {
      title: 'In dev',
      labels: ['team::Product Security Engineering', 'workflow::in dev'],
      created_at: at(500),
    });
    h.gitlab.seedIssue(PRODUCT, {
      title: 'Closed candidate',
      labels: ['ProdSecEng Candidate'],
      state: 'closed',
      created_at: at(600),
    });

    const body = await queue();
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('133 open issues waiting for refinement, oldest first, showing the oldest 25');
    const sections = body.blocks.filter((b: AnyView) => b.type === 'section');
    expect(sections).toHaveLength(25);
    expect(sections[0].text.text).toContain('Oldest backlog item');
    expect(sections[1].text.text).toContain('Taken on, unrefined');
    expect(sections[2].text.text).toContain('Both labels');
    expect(sections[0].accessory).toMatchObject({ action_id: ids.refine.openButton, value: `${INTERNAL}#1` });
    const waited = sections.map((s: AnyView) => Number(/waiting (\d+) d/.exec(s.text.text)?.[1]));
    expect(waited).toEqual([...waited].sort((a, b) => b - a));
    expect(text).not.toContain('In dev');
    expect(text).not.toContain('Closed candidate');
    // The 130 candidates span two pages of 100.
    const pages = h.gitlab.callsMatching('GET', /groups\/.*\/issues/).map((c) => String(c.query.page));
    expect(pages).toContain('2');
  });

  it('reads the two projects when no GITLAB_GROUPS are configured', async () => {
    await h.restart({ GITLAB_GROUPS: '' });
    h.gitlab.seedIssue(INTERNAL, { title: 'Internal candidate', labels: ['ProdSecEng Candidate'] });
    const body = await queue();
    expect(JSON.stringify(body.blocks)).toContain('Internal candidate');
    expect(h.gitlab.callsMatching('GET', /projects\/.*\/issues/).length).toBeGreaterThan(0);
    expect(h.gitlab.callsMatching('GET', /groups\/.*\/issues/)).toHaveLength(0);
  });

  it('says so when the queue is empty', async () => {
    expect((await queue()).text).toContain('empty');
  });

  it('refuses non-members and audits it', async () => {
    h.gitlab.seedIssue(PRODUCT, { title: 'Secret candidate', labels: ['ProdSecEng Candidate'] });
    const body = await queue('UOTHER');
    expect(body.text).toContain('Only members');
    expect(JSON.stringify(body)).not.toContain('Secret candidate');
    expect(h.bot.deps.store.audit.all()).toEqual([
      expect.objectContaining({ actor: 'UOTHER', action: 'refine.queue', outcome: 'denied' }),
    ]);
  });

  it('answers that GitLab is down instead of failing silently', async () => {
    h.gitlab.setDown(true);
    expect((await queue()).text).toMatch(/could not be loaded: GitLab answered 503/);
  });
});
