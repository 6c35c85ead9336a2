import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { type Harness, INTERNAL, PRODUCT, startHarness } from '../../helpers/harness.js';
import { requestSubmission } from '../../helpers/request-form.js';
import { waitFor } from '../../helpers/slack-request.js';

const blockIds = ids.request.blocks;

describe('request intake through HTTP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('opens the "New ProdSec request" modal for /prodsec request', async () => {
    const res = await h.command('request');
    expect(res.status).toBe(200);
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 3000, 'views.open');
    expect(open.status).toBe(200);
    expect((open.response as { ok: boolean }).ok).toBe(true);
    const view = open.args.view as {
      title: { text: string };
      callback_id: string;
      blocks: Array<{ block_id?: string }>;
    };
    expect(view.title.text).toBe('New ProdSec request');
    // Since request types (issue 13) the command opens the typed form, which starts with the type picker;
    // views of the form of before types are still accepted by the submission below.
    expect(view.callback_id).toBe(ids.intake.callbackId);
    expect(view.blocks.map((b) => b.block_id)).toContain(ids.intake.blocks.type);
  });

  it('when a valid request is submitted, it files one labelled issue in the internal project and DMs the link with the R- id', async () => {
    const res = await h.submitView(requestSubmission({ links: 'https://example.com/doc' }));
    expect(res.status).toBe(200);
    expect(res.body.response_action).toBe('update');
    expect(JSON.stringify(res.body.view)).toContain('R-1');

    const dm = await waitFor(() => h.slack.messages.find((m) => m.text?.includes('filed')), 5000, 'DM');
    const issues = h.gitlab.issues(INTERNAL);
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue.title).toBe('Automate dependency scanning triage');
    expect(issue.labels).toEqual(
      expect.arrayContaining([
        'ProdSecEng Candidate',
        'workflow::validation backlog',
        'ProdSecEngMetric::Pending',
      ]),
    );
    expect(issue.confidential).toBe(true);
    for (const heading of [
      '## Problem',
      '## Current manual process',
      '## Desired outcome',
      '## Definition of done',
      '## Requesting team',
      '## Links',
    ]) {
      expect(issue.description).toContain(heading);
    }
    expect(dm.channel).toBe('D1');
    expect(dm.text).toContain('R-1');
    expect(JSON.stringify(dm.blocks)).toContain(issue.web_url);
    expect(h.gitlab.issues(PRODUCT)).toHaveLength(0);
  });

  it('when kind is product, it files in the product project', async () => {
    await h.submitView(requestSubmission({ kind: 'product', currentProcess: '' }));
    await waitFor(() => h.gitlab.issues(PRODUCT).length === 1, 5000, 'product issue');
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(0);
  });

  const badFields: Array<[string, Parameters<typeof requestSubmission>[0], string, RegExp]> = [
    ['an empty title', { title: '   ' }, blockIds.title, /title/i],
    ['a title over 255 characters', { title: 'x'.repeat(256) }, blockIds.title, /255/],
    ['no kind', { kind: null }, blockIds.kind, /kind/i],
    ['an empty problem', { problem: '' }, blockIds.problem, /problem/i],
    [
      'an internal request without its manual process',
      { currentProcess: '' },
      blockIds.currentProcess,
      /manual process/i,
    ],
    ['an empty desired outcome', { desiredOutcome: '' }, blockIds.desiredOutcome, /outcome/i],
    [
      'an empty definition of done',
      { definitionOfDone: '' },
      blockIds.definitionOfDone,
      /definition of done/i,
    ],
    ['an empty requesting team', { requestingTeam: '' }, blockIds.requestingTeam, /team/i],
    [
      'a link that is not a URL',
      { links: 'https://ok.example\nnot-a-link' },
      blockIds.links,
      /not-a-link.*not a link/,
    ],
    ['a javascript: link', { links: 'javascript:alert(1)' }, blockIds.links, /not a link/],
  ];
  for (const [what, input, block, message] of badFields) {
    it(`when a request is submitted with ${what}, it answers a field error and files nothing`, async () => {
      const res = await h.submitView(requestSubmission(input));
      expect(res.status).toBe(200);
      expect(res.body.response_action).toBe('errors');
      expect(Object.keys(res.body.errors)).toEqual([block]);
      expect(res.body.errors[block]).toMatch(message);
      await h.idle();
      expect(h.gitlab.issues()).toHaveLength(0);
      expect(h.bot.deps.store.requests.listByRequester('U1')).toHaveLength(0);
    });
  }

  it('when the same view is submitted twice (double click), it files one issue', async () => {
    const payload = requestSubmission({}, { viewId: 'VDOUBLE' });
    const second = { ...payload, trigger_id: `${payload.trigger_id}-2` };
    const [a, b] = await Promise.all([h.submitView(payload), h.submitView(second)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    await waitFor(() => h.gitlab.issues(INTERNAL).length === 1, 5000, 'issue');
    await h.idle();
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
    expect(h.bot.deps.store.requests.listByRequester('U1')).toHaveLength(1);
  });

  it('when Slack redelivers a submission with the same trigger (X-Slack-Retry-Num), it is handled once', async () => {
    const payload = requestSubmission();
    await h.submitView(payload);
    await h.submitView(payload);
    await waitFor(() => h.gitlab.issues(INTERNAL).length === 1, 5000, 'issue');
    await h.idle();
    expect(h.gitlab.issues(INTERNAL)).toHaveLength(1);
  });
});
