import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import { dmsTo, flagSubmission, messageShortcutPayload, waitForDm } from '../../helpers/candidates.js';
import { type Harness, PRODUCT, startHarness } from '../../helpers/harness.js';
import { waitFor } from '../../helpers/slack-request.js';

interface Block {
  block_id?: string;
  element?: { initial_value?: string; options?: Array<{ value: string }> };
}

const candidateIds = ids.candidates;
const TS = '1700000000.000100';

describe('flagging a Slack message as a ProdSec candidate', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const threadReplies = (channel = 'C1') =>
    h.slack.messages.filter((m) => m.channel === channel && m.thread_ts);

  it('opens the form prefilled with the message, then adds the permalink and up to five similar open issues', async () => {
    h.gitlab.setVisibility(PRODUCT, 'public');
    for (let i = 1; i <= 7; i++) h.gitlab.seedIssue(PRODUCT, { title: `Rotate leaked deploy token ${i}` });
    h.gitlab.seedIssue(PRODUCT, { title: 'Leaked deploy token (old)', state: 'closed' });
    h.gitlab.seedIssue(PRODUCT, { title: 'Unrelated dashboard colours' });
    const text = 'A leaked deploy token shows up in CI logs &amp; nobody rotated it <@U9>';
    const res = await h.interaction(messageShortcutPayload(h, { text }));
    expect(res.status).toBe(200);

    const open = await waitFor(() => h.slack.views.find((v) => v.kind === 'open'), 3000, 'views.open');
    const blocks = open.view.blocks as Block[];
    const message = blocks.find((b) => b.block_id === candidateIds.flagBlocks.message);
    expect(message?.element?.initial_value).toBe(
      'A leaked deploy token shows up in CI logs & nobody rotated it @U9',
    );
    expect(JSON.stringify(blocks)).toContain('Looking for similar open issues');

    const update = await waitFor(() => h.slack.views.find((v) => v.kind === 'update'), 5000, 'views.update');
    const after = JSON.stringify(update.view.blocks);
    expect(after).toContain(`https://example.slack.com/archives/C1/p${TS.replace('.', '')}`);
    const choice = (update.view.blocks as Block[]).find((b) => b.block_id === candidateIds.flagBlocks.choice);
    const values = (choice?.element?.options ?? []).map((o) => o.value);
    const dups = values.filter((v) => v.startsWith('dup:'));
    expect(dups).toHaveLength(5);
    expect(values[0]).toBe('new');
    expect(values.at(-1)).toBe('other');
    expect(after).not.toContain('(old)');
    expect(after).not.toContain('dashboard');
    const searches = h.gitlab.callsMatching('GET', /\/groups\/[^/]+\/issues/);
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.every((c) => c.query.state === 'opened')).toBe(true);
  });

  it('when the form cannot open (an expired trigger), the flagger is told privately and nothing is saved', async () => {
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await h.interaction(messageShortcutPayload(h, { text: 'Leaked token' }));
    await waitFor(() => h.slack.responses[0], 3000, 'response');
    expect(JSON.stringify(h.slack.responses[0]!.body)).toContain('the flag form did not open');
    expect(h.bot.deps.store.flags.forMessage('C1', TS)).toBeUndefined();
  });

  it('says so in the form when GitLab cannot be searched, and the form still works', async () => {
    h.gitlab.setDown(true);
    await h.interaction(messageShortcutPayload(h, { text: 'Leaked deploy token in the logs' }));
    const update = await waitFor(() => h.slack.views.find((v) => v.kind === 'update'), 5000, 'views.update');
    expect(JSON.stringify(update.view.blocks)).toContain('Could not search GitLab');
  });

  it('files a new candidate issue quoting the message, and replies in the thread with the link and triage buttons', async () => {
    const message = 'Deploy token leaks into CI logs\n/close\n@all see <https://evil.example|this>';
    const res = await h.submitView(
      flagSubmission(
        { message, notes: 'Seen twice this week.\n/label ~"oops"' },
        { permalink: 'https://example.slack.com/archives/C1/p1' },
      ),
    );
    expect(res.body.response_action).toBe('update');
    const reply = await waitFor(() => threadReplies()[0], 5000, 'thread reply');
    const issues = h.gitlab.issues(PRODUCT);
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue.title).toBe('Deploy token leaks into CI logs');
    expect(issue.labels).toEqual(
      expect.arrayContaining(['ProdSecEng Candidate', 'workflow::validation backlog']),
    );
    expect(issue.confidential).toBe(true);
    expect(issue.description).toContain('> /close');
    expect(issue.description).toContain('https://example.slack.com/archives/C1/p1');
    expect(issue.description).toContain('\\/label');
    expect(issue.state).toBe('opened');
    expect(h.gitlab.quickActionsExecuted).toHaveLength(0);

    expect(reply.thread_ts).toBe(TS);
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain(issue.web_url);
    for (const id of [
      candidateIds.takeOn,
      candidateIds.takeOnAs,
      candidateIds.decline,
      ids.refine.openButton,
    ])
      expect(text).toContain(id);
    const flag = h.bot.deps.store.flags.forMessage('C1', TS)!;
    expect(flag.status).toBe('linked');
    expect(flag.iid).toBe(issue.iid);
  });

  it('when the form had no permalink yet, the job fetches it, retrying a passing Slack failure once', async () => {
    h.slack.failNext('chat.getPermalink', { status: 503 });
    await h.submitView(flagSubmission({}, { permalink: null }));
    await waitFor(() => threadReplies()[0], 5000, 'thread reply');
    expect(h.gitlab.issues(PRODUCT)[0]!.description).toContain(`/archives/C1/p${TS.replace('.', '')}`);
  });

  it('when Slack will not give a permalink (a channel the bot cannot see), the issue is filed without it', async () => {
    h.slack.failNext('chat.getPermalink', { error: 'channel_not_found' });
    await h.submitView(flagSubmission({}, { permalink: null }));
    await waitFor(() => h.gitlab.issues(PRODUCT).length === 1, 5000, 'issue');
    expect(h.gitlab.issues(PRODUCT)[0]!.description).toContain('Slack link unavailable');
  });

  it('when the message is in a thread, the reply goes to that thread', async () => {
    await h.submitView(flagSubmission({}, { ts: '1700000000.000200', threadTs: '1700000000.000001' }));
    const reply = await waitFor(() => threadReplies()[0], 5000, 'thread reply');
    expect(reply.thread_ts).toBe('1700000000.000001');
  });

  it('flagging the same message twice shows the existing issue and files nothing new', async () => {
    await h.submitView(flagSubmission({}));
    await waitFor(() => threadReplies()[0], 5000, 'thread reply');
    const issue = h.gitlab.issues(PRODUCT)[0]!;

    await h.interaction(messageShortcutPayload(h, { text: 'again' }));
    const open = await waitFor(() => h.slack.views.find((v) => v.kind === 'open'), 3000, 'views.open');
    expect(open.view.title.text).toBe('Already flagged');
    expect(JSON.stringify(open.view.blocks)).toContain(issue.web_url);

    // A second form that was already open when the first one was submitted:
    const res = await h.submitView(flagSubmission({ title: 'A duplicate' }, { userId: 'U2' }));
    expect(res.body.view.title.text).toBe('Already flagged');
    await h.idle();
    expect(h.gitlab.issues(PRODUCT)).toHaveLength(1);
    expect(threadReplies()).toHaveLength(1);
  });

  it('links the message to an existing issue: candidate label, a note with the Slack link, and a thread reply', async () => {
    h.gitlab.setVisibility(PRODUCT, 'public');
    const existing = h.gitlab.seedIssue(PRODUCT, {
      title: 'Token hygiene in CI',
      labels: ['group::pipeline security'],
    });
    await h.submitView(
      flagSubmission(
        { choice: 'other', existing: `#${existing.iid}`, notes: 'Same root cause.' },
        { permalink: 'https://example.slack.com/archives/C1/p9' },
      ),
    );
    const reply = await waitFor(() => threadReplies()[0], 5000, 'thread reply');
    expect(h.gitlab.issues(PRODUCT)).toHaveLength(1);
    expect(h.gitlab.issue(PRODUCT, existing.iid)!.labels).toContain('ProdSecEng Candidate');
    const notes = h.gitlab.notes(PRODUCT, existing.iid);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('https://example.slack.com/archives/C1/p9');
    expect(notes[0]!.body).toContain('> Same root cause.');
    expect(reply.text).toContain(`added to ${PRODUCT}#${existing.iid}`);
  });

  it('choosing a suggested duplicate links the message to it', async () => {
    h.gitlab.setVisibility(PRODUCT, 'public');
    const dup = h.gitlab.seedIssue(PRODUCT, { title: 'Deploy token leak' });
    await h.submitView(flagSubmission({ choice: `dup:${PRODUCT}#${dup.iid}` }));
    await waitFor(() => threadReplies()[0], 5000, 'thread reply');
    expect(h.gitlab.issues(PRODUCT)).toHaveLength(1);
    expect(h.gitlab.issue(PRODUCT, dup.iid)!.labels).toContain('ProdSecEng Candidate');
  });

  it('when the bot is not in the channel, it tells the flagger privately instead', async () => {
    h.slack.notInChannel.add('C2');
    await h.submitView(flagSubmission({}, { channelId: 'C2' }));
    const dm = await waitForDm(h, 'U1', (t) => t.includes('flagged this as a ProdSec candidate'));
    expect(JSON.stringify(dm.blocks)).toContain(h.gitlab.issues(PRODUCT)[0]!.web_url);
    expect(h.slack.messages.filter((m) => m.channel === 'C2')).toHaveLength(0);
  });

  const badRefs: Array<[string, (h: Harness) => void]> = [
    ['does not exist (404)', () => {}],
    ['cannot be seen by the bot (403)', (hh) => hh.gitlab.forbiddenProjects.add('sec/secret')],
  ];
  for (const [what, arrange] of badRefs) {
    it(`when the existing issue ${what}, the form says so on the field (one wording), and nothing is saved or written`, async () => {
      arrange(h);
      const ref = what.includes('403') ? 'sec/secret#1' : '#999';
      const res = await h.submitView(flagSubmission({ choice: 'other', existing: ref }));
      expect(res.body.response_action).toBe('errors');
      const error = String(res.body.errors[candidateIds.flagBlocks.existing]);
      expect(error).toContain('cannot be found or is not available to the bot');
      expect(error).not.toMatch(/403|404|not allowed|does not exist/);
      expect(h.bot.deps.store.flags.forMessage('C1', TS)).toBeUndefined();
      expect(h.gitlab.calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
      expect(threadReplies()).toHaveLength(0);
    });
  }

  it('when GitLab fails while filing, the flag is kept, the flagger told once, and the issue filed exactly once on retry', async () => {
    h.gitlab.failNext({ method: 'POST', path: /\/issues$/ }, { afterCommit: { status: 502 } });
    h.gitlab.failNext({ method: 'GET', path: /\/issues$/ }, { status: 500 });
    await h.submitView(flagSubmission({}));
    await waitFor(() => threadReplies()[0], 5000, 'thread reply');
    expect(h.gitlab.issues(PRODUCT)).toHaveLength(1);
    expect(dmsTo(h, 'U1').filter((m) => m.text?.includes('saved'))).toHaveLength(1);
  });

  const formErrors: Array<[string, Parameters<typeof flagSubmission>[0], string, RegExp]> = [
    ['a new issue without a title', { title: '  ' }, candidateIds.flagBlocks.title, /title/],
    ['a new issue without a board', { kind: null }, candidateIds.flagBlocks.kind, /where the new issue goes/],
    [
      'a new issue without any message text',
      { message: '' },
      candidateIds.flagBlocks.message,
      /quotes the message/,
    ],
    [
      'an existing issue without a reference',
      { choice: 'other', existing: '' },
      candidateIds.flagBlocks.existing,
      /Which issue/,
    ],
    [
      'an unknown issue reference',
      { choice: 'other', existing: 'issue 12' },
      candidateIds.flagBlocks.existing,
      /not an issue reference/,
    ],
  ];
  for (const [what, form, block, message] of formErrors) {
    it(`when the form is submitted with ${what}, it answers a field error and saves nothing`, async () => {
      const res = await h.submitView(flagSubmission(form));
      expect(res.body.response_action).toBe('errors');
      expect(res.body.errors[block]).toMatch(message);
      await h.idle();
      expect(h.bot.deps.store.flags.forMessage('C1', TS)).toBeUndefined();
      expect(h.gitlab.calls.filter((c) => c.method !== 'GET')).toHaveLength(0);
    });
  }
});
