import { afterEach, describe, expect, it } from 'vitest';
import { digestActivity } from '../../src/use-cases/post-digest.js';
import { declineSubmission, dmsTo, flagSubmission, TEAM, teamEnv } from '../helpers/candidates.js';
import { flagMessage } from '../helpers/filed-request.js';
import { INTERNAL, PRODUCT } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';
import { changeDms, fileThroughBot, startWebhookHarness, type WebhookHarness } from './webhook-harness.js';

const TEAM_LABEL = 'team::Product Security Engineering';
const CANDIDATE = 'ProdSecEng Candidate';

describe('GitLab webhooks → what requesters and flaggers are told', () => {
  let w: WebhookHarness;
  afterEach(async () => {
    await w.close();
  });

  it('each change kind made in GitLab gives the requester exactly one notice, with who did it', async () => {
    w = await startWebhookHarness();
    w.h.gitlab.addUser({ username: 'alice', name: 'Alice Liddell' });
    const issue = await fileThroughBot(w, { title: 'Scanner triage bot' });
    const steps: Array<[Parameters<typeof w.h.gitlab.editIssue>[2], string]> = [
      [
        { addLabels: [TEAM_LABEL] },
        'Your request R-1 was taken on by the Product Security Engineering team.',
      ],
      [
        { addLabels: ['workflow::ready for development'] },
        'Your request R-1 is refined and ready for development.',
      ],
      [{ addLabels: ['workflow::in dev'] }, 'Your request R-1 is in development.'],
      [{ addLabels: ['workflow::blocked'] }, 'Your request R-1 is blocked.'],
      [{ addLabels: ['workflow::validation backlog'] }, 'Your request R-1 is back in validation.'],
      [
        { removeLabels: [TEAM_LABEL, CANDIDATE] },
        'Your request R-1 was declined by the Product Security Engineering team.',
      ],
      [{ state: 'closed' }, 'Your request R-1 was closed.'],
      [{ state: 'opened' }, 'Your request R-1 was reopened.'],
    ];
    const expected: string[] = [];
    for (const [change, text] of steps) {
      w.h.gitlab.editIssue(INTERNAL, issue.iid, change, 'alice');
      await w.settle();
      expected.push(text);
      expect(changeDms(w.h, 'U1').map((m) => m.text)).toEqual(expected);
    }
    const taken = JSON.stringify(changeDms(w.h, 'U1')[0]!.blocks);
    expect(taken).toContain('Alice Liddell (@alice in GitLab)');
    expect(taken).toContain('Scanner triage bot');
    expect(taken).toContain(issue.web_url);
  });

  it('a comment by someone else gives a link and the GitLab name; the text only where the reader may see it', async () => {
    w = await startWebhookHarness();
    w.h.gitlab.addUser({ username: 'bob', name: 'Bob Builder' });
    const confidential = await fileThroughBot(w, { confidential: true, title: 'Secret token bypass' });
    flagMessage(w.h.bot.deps, { project: INTERNAL, iid: confidential.iid, flaggerId: 'UFLAG' });

    const note = w.h.gitlab.comment(
      INTERNAL,
      confidential.iid,
      'We reproduced the bypass with a SAML replay.',
      'bob',
    );
    await w.settle();
    const toRequester = changeDms(w.h, 'U1');
    expect(toRequester).toHaveLength(1);
    expect(toRequester[0]!.text).toBe('Your request R-1 has a new comment from Bob Builder.');
    const mine = JSON.stringify(toRequester[0]!.blocks);
    expect(mine).toContain(`#note_${note.id}`);
    expect(mine).toContain('SAML replay');

    // The flagger did not write this confidential issue: link and author only.
    const toFlagger = changeDms(w.h, 'UFLAG');
    expect(toFlagger).toHaveLength(1);
    const theirs = JSON.stringify(toFlagger[0]!.blocks) + toFlagger[0]!.text;
    expect(theirs).toContain('Bob Builder');
    expect(theirs).toContain(`#note_${note.id}`);
    expect(theirs).not.toContain('SAML replay');
    expect(theirs).not.toContain('Secret token bypass');

    // The bot's own notes are not news.
    await w.h.bot.deps.gitlab.addNote(INTERNAL, confidential.iid, 'a note by the bot');
    await w.settle();
    expect(changeDms(w.h, 'U1')).toHaveLength(1);
  });

  it('a decision made in GitLab is audited as made there by that GitLab user; one made through the bot is not told twice', async () => {
    w = await startWebhookHarness(teamEnv);
    const issue = await fileThroughBot(w);
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { addLabels: [TEAM_LABEL] }, 'carol');
    await w.settle();
    const audit = w.h.bot.deps.store.audit.forIssue(`${INTERNAL}#${issue.iid}`);
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'gitlab:carol', action: 'triage.take_on', outcome: 'made_in_gitlab' }),
    ]);

    // Declined through Slack: the bot's own label change comes back as a hook and is not told again.
    const other = await fileThroughBot(w, { title: 'Second request' });
    await w.h.submitView(declineSubmission(`${INTERNAL}#${other.iid}`, 'Out of scope for this quarter'));
    const aboutR2 = () =>
      dmsTo(w.h, 'U1').filter(
        (m) =>
          /declined/i.test(`${m.text} ${JSON.stringify(m.blocks)}`) && /R-2/.test(JSON.stringify(m.blocks)),
      );
    await waitFor(() => aboutR2().length > 0, 5000, 'decision DM');
    await w.settle();
    expect(aboutR2().map((m) => m.text)).toEqual([`Declined: ${INTERNAL}#${other.iid}`]);
    expect(w.h.bot.deps.store.audit.forIssue(`${INTERNAL}#${other.iid}`).map((a) => a.actor)).not.toContain(
      'gitlab:prodsec-bot',
    );
    // The digest's "since the last digest" counts the decision made in GitLab once.
    expect(digestActivity(w.h.bot.deps, 0).decisions).toContainEqual({ action: 'taken on', count: 1 });
  });

  it('updates the candidate thread reply in place: current standing, no Take on once taken on, no confidential title', async () => {
    w = await startWebhookHarness();
    await w.h.submitView(flagSubmission({ confidential: true, title: 'Deploy token leaks into CI logs' }));
    const reply = await waitFor(
      () => w.h.slack.messages.find((m) => m.channel === 'C1' && m.thread_ts),
      5000,
      'thread reply',
    );
    await w.settle();
    const issue = w.h.gitlab.issues(PRODUCT)[0]!;
    w.h.gitlab.editIssue(PRODUCT, issue.iid, { addLabels: [TEAM_LABEL] }, 'dave');
    await w.settle();
    const updates = w.h.slack.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args).toMatchObject({ channel: 'C1', ts: reply.ts });
    const now = JSON.stringify(reply.blocks);
    expect(now).toContain('Taken on by the Product Security Engineering team');
    expect(now).toContain('@dave in GitLab');
    expect(now).toContain('triage_decline');
    expect(now).not.toContain('triage_take_on');
    expect(now).toContain('a confidential issue');
    expect(now + (reply.text ?? '')).not.toContain('Deploy token leaks');
    // The flagger wrote that title themselves: their DM may show it.
    const dm = changeDms(w.h, 'U1');
    expect(dm.map((m) => m.text)).toEqual([
      `The issue you flagged (${PRODUCT}#${issue.iid}) was taken on by the Product Security Engineering team.`,
    ]);
    expect(JSON.stringify(dm[0]!.blocks)).toContain('Deploy token leaks into CI logs');

    w.h.gitlab.editIssue(PRODUCT, issue.iid, { state: 'closed' }, 'dave');
    await w.settle();
    expect(w.h.slack.callsTo('chat.update')).toHaveLength(2);
    expect(JSON.stringify(reply.blocks)).not.toContain('"actions"');
  });

  it('applies only changes newer than what it saw: out-of-order and late deliveries tell each change once', async () => {
    w = await startWebhookHarness();
    const issue = await fileThroughBot(w);
    w.hooks.setMode('hold');
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { addLabels: [TEAM_LABEL] }, 'alice');
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { addLabels: ['workflow::in dev'] }, 'alice');
    w.h.gitlab.editIssue(INTERNAL, issue.iid, { state: 'closed' }, 'alice');
    await w.hooks.release('reverse');
    await w.settle();
    const texts = changeDms(w.h, 'U1').map((m) => m.text);
    expect([...texts].sort()).toEqual(
      [
        'Your request R-1 is in development.',
        'Your request R-1 was closed.',
        'Your request R-1 was taken on by the Product Security Engineering team.',
      ].sort(),
    );
    // The older deliveries were acknowledged and dropped as stale.
    expect(w.hooks.deliveries.slice(-3).map((d) => d.statuses)).toEqual([[204], [204], [204]]);
  });

  it('a webhook burst while Slack answers 429 is acknowledged at once and every notice arrives once', async () => {
    w = await startWebhookHarness();
    const issues: Array<Awaited<ReturnType<typeof fileThroughBot>>> = [];
    for (let i = 0; i < 5; i++)
      issues.push(await fileThroughBot(w, { user: `U${10 + i}`, title: `Request ${i}` }));
    w.h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 0 }, 20);
    w.hooks.setMode('hold');
    for (const issue of issues) {
      w.h.gitlab.editIssue(INTERNAL, issue.iid, { addLabels: [TEAM_LABEL] }, 'alice');
      w.h.gitlab.editIssue(INTERNAL, issue.iid, { state: 'closed' }, 'alice');
    }
    const held = w.hooks.deliveries.slice(-10);
    await Promise.all(held.map((d) => w.hooks.resend(d)));
    expect(held.every((d) => d.statuses[0] === 204)).toBe(true);
    await w.hooks.release();
    await waitFor(
      () => issues.every((_, i) => changeDms(w.h, `U${10 + i}`).length === 2) || null,
      10_000,
      'all notices',
    );
    await w.settle();
    for (let i = 0; i < issues.length; i++) expect(changeDms(w.h, `U${10 + i}`)).toHaveLength(2);
  });

  it('an issue that gains the candidate label in GitLab is announced in CANDIDATE_CHANNEL, confidential ones without title', async () => {
    w = await startWebhookHarness({ CANDIDATE_CHANNEL: 'CCAND', ...teamEnv });
    const open = w.h.gitlab.seedIssue(PRODUCT, { title: 'Public hardening idea', labels: [] });
    const secret = w.h.gitlab.seedIssue(PRODUCT, {
      title: 'Auth bypass in SAML',
      labels: [],
      confidential: true,
    });
    w.h.gitlab.editIssue(PRODUCT, open.iid, { addLabels: [CANDIDATE] }, 'erin');
    w.h.gitlab.editIssue(PRODUCT, secret.iid, { addLabels: [CANDIDATE] }, 'erin');
    await w.settle();
    const posts = w.h.slack.messages.filter((m) => m.channel === 'CCAND');
    expect(posts).toHaveLength(2);
    const all = JSON.stringify(posts);
    expect(all).toContain('Public hardening idea');
    expect(all).toContain('a confidential issue');
    expect(all).not.toContain('Auth bypass in SAML');

    // And it is in the team's queue at once.
    const before = w.h.slack.responses.length;
    expect((await w.h.command('queue', { user: TEAM })).status).toBe(200);
    const queue = await waitFor(() => w.h.slack.responses[before], 5000, 'queue response');
    expect(JSON.stringify(queue.body)).toContain('Public hardening idea');
  });
});
