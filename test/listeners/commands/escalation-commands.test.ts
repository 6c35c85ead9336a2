import { afterEach, describe, expect, it } from 'vitest';
import { ids } from '../../../src/slack/ids.js';
import {
  blocksText,
  channelPosts,
  dms,
  ESC_CHANNEL,
  ESC_GROUP,
  escalateAndWait,
  escalationEnv,
} from '../../helpers/escalations.js';
import { type Harness, PRODUCT, startHarness } from '../../helpers/harness.js';
import { viewSubmissionPayload, waitFor } from '../../helpers/slack-request.js';

const blockIds = ids.escalation.blocks;
const actionId = ids.escalation.action;

describe('/prodsec urgent', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('posts who escalated, the link, the escaped explanation and a real support-group mention, with Acknowledge and Resolve; the escalator gets the permalink', async () => {
    h = await startHarness(escalationEnv);
    const res = await h.command(
      'urgent https://example.com/incident/42 Secrets <!channel> leaked\nsecond line <@U999>',
    );
    expect(res.body.text).toMatch(/Escalating \*E-1\*/);
    const post = await waitFor(() => channelPosts(h)[0], 5000, 'post');
    const blocks = blocksText(post.blocks);
    expect(post.text).toContain(`<!subteam^${ESC_GROUP}>`);
    expect(blocks).toContain(`<!subteam^${ESC_GROUP}>`);
    expect(blocks).toContain('<@U1>');
    expect(blocks).toContain('<https://example.com/incident/42|https://example.com/incident/42>');
    expect(blocks).toContain('Secrets &lt;!channel&gt; leaked\\nsecond line &lt;@U999&gt;');
    expect(blocks).not.toContain('<!channel>');
    expect(`${post.text}${blocks}`).not.toContain('<@U999>');
    const buttons = (
      post.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>
    )
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? []);
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      [ids.escalation.acknowledge, 'E-1'],
      [ids.escalation.resolve, 'E-1'],
    ]);
    const confirmation = await waitFor(() => dms(h)[0], 5000, 'confirmation');
    expect(blocksText(confirmation.blocks)).toContain(
      `https://example.slack.com/archives/${ESC_CHANNEL}/p${post.ts.replace('.', '')}`,
    );
    const audit = h.bot.deps.store.audit.all().filter((a) => a.action === 'escalation.escalate');
    expect(audit).toEqual([expect.objectContaining({ actor: 'U1', outcome: 'ok' })]);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['a link that is not a URL', 'urgent not-a-link it is on fire', /not a link/],
    ['a javascript: link', 'urgent javascript:alert(1) it is on fire', /not a link/],
    ['no explanation', 'urgent https://example.com/x', /why this is urgent/],
  ];
  for (const [what, text, message] of bad) {
    it(`with ${what}, it answers a usage message and posts nothing`, async () => {
      h = await startHarness(escalationEnv);
      const res = await h.command(text);
      expect(res.status).toBe(200);
      expect(res.body.response_type).toBe('ephemeral');
      expect(res.body.text).toMatch(message);
      expect(res.body.text).toContain('Usage: `/prodsec urgent <link>');
      await h.idle();
      expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
      expect(h.bot.deps.store.escalations.listOpen()).toEqual([]);
    });
  }

  it('when escalations are not configured, it says so and posts nothing', async () => {
    h = await startHarness();
    const res = await h.command('urgent https://example.com/x on fire');
    expect(res.body.text).toMatch(/ESCALATION_CHANNEL/);
    await h.idle();
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('with no text, it opens the escalation form; field errors stay on the form; a valid submission posts', async () => {
    h = await startHarness(escalationEnv);
    await h.command('urgent');
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 3000, 'views.open');
    expect((open.response as { ok: boolean }).ok).toBe(true);
    expect((open.args.view as { callback_id: string }).callback_id).toBe(ids.escalation.callbackId);

    const values = (link: string, explanation: string) => ({
      [blockIds.link]: { [actionId]: { type: 'plain_text_input', value: link } },
      [blockIds.explanation]: { [actionId]: { type: 'plain_text_input', value: explanation } },
    });
    const bad = await h.submitView(
      viewSubmissionPayload({
        callbackId: ids.escalation.callbackId,
        viewId: 'VESC1',
        values: values('nope', ' '),
      }),
    );
    expect(bad.body.response_action).toBe('errors');
    expect(Object.keys(bad.body.errors).sort()).toEqual([blockIds.explanation, blockIds.link].sort());
    await h.idle();
    expect(channelPosts(h)).toHaveLength(0);

    const good = await h.submitView(
      viewSubmissionPayload({
        callbackId: ids.escalation.callbackId,
        viewId: 'VESC2',
        values: values('https://example.com/y', 'Production keys exposed'),
      }),
    );
    expect(good.body.response_action).toBe('update');
    expect(JSON.stringify(good.body.view)).toContain('E-1');
    const post = await waitFor(() => channelPosts(h)[0], 5000, 'post');
    expect(blocksText(post.blocks)).toContain('Production keys exposed');
  });

  it('when the form cannot open (expired trigger), it answers with the usage instead', async () => {
    h = await startHarness(escalationEnv);
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await h.command('urgent');
    const told = await waitFor(() => h.slack.responses[0], 5000, 'fallback answer');
    expect(String(told.body.text)).toMatch(/form did not open.*Usage: `\/prodsec urgent <link>/s);
  });

  it('/prodsec escalations with nothing open says so', async () => {
    h = await startHarness(escalationEnv);
    await h.command('escalations', { user: 'ULEAD1' });
    const res = await waitFor(() => h.slack.responses[0], 5000, 'list');
    expect(res.body.text).toBe('No open urgent escalations.');
  });

  it('when the permalink cannot be read, the escalator is still confirmed, with the channel', async () => {
    h = await startHarness(escalationEnv);
    h.slack.failNext('chat.getPermalink', { status: 503 }, 2);
    await h.command('urgent https://example.com/z The API leaks tokens');
    const confirmation = await waitFor(() => dms(h)[0], 8000, 'confirmation');
    expect(confirmation.text).toContain(`<#${ESC_CHANNEL}>`);
    expect(h.slack.callsTo('chat.getPermalink')).toHaveLength(2);
  });

  it('when Slack fails to post (503, then rate limited), the escalation is kept and posted once', async () => {
    h = await startHarness(escalationEnv);
    h.slack.failNext('chat.postMessage', { status: 503 }, 2);
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    await h.command('urgent https://example.com/z The API leaks tokens');
    const post = await waitFor(() => channelPosts(h)[0], 8000, 'post after retries');
    await h.idle();
    expect(channelPosts(h)).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === ESC_CHANNEL).length).toBe(4);
    expect(h.bot.deps.store.escalations.get(1)?.messageTs).toBe(post.ts);
  });

  it('when the bot cannot post in the escalation channel, the escalator is told to tag the group themselves', async () => {
    h = await startHarness(escalationEnv);
    h.slack.notInChannel.add(ESC_CHANNEL);
    await h.command('urgent https://example.com/z The API leaks tokens');
    const dm = await waitFor(() => dms(h)[0], 5000, 'failure notice');
    expect(dm.text).toMatch(/could not be posted.*not_in_channel.*tag the security support group/);
    expect(h.bot.deps.store.outbox.listByKind('escalation_post')[0]?.status).toBe('dead');
  });

  it('when the link is a GitLab issue, it records the escalation as a note on the issue', async () => {
    h = await startHarness(escalationEnv);
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Token leak' });
    await escalateAndWait(h, `urgent ${issue.web_url} Tokens in public logs`);
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length === 1, 5000, 'note');
    const note = h.gitlab.notes(PRODUCT, issue.iid)[0]!;
    expect(note.body).toMatch(/escalated as urgent.*E-1/);
    expect(note.body).not.toContain('Tokens in public logs');
    expect(h.bot.deps.store.escalations.get(1)?.issue).toEqual({ project: PRODUCT, iid: issue.iid });
  });

  it('/prodsec escalations lists open escalations with their age and state', async () => {
    h = await startHarness(escalationEnv);
    await escalateAndWait(h, 'urgent https://example.com/one First <b>thing</b>');
    await escalateAndWait(h, 'urgent https://example.com/two Second thing', 'U2');
    h.bot.deps.store.escalations.acknowledge(2, 'UACK', Date.now());
    // Listed by a lead (ESCALATION_LEAD_USER_IDS): responders see every open escalation.
    await h.command('escalations', { user: 'ULEAD1' });
    const res = await waitFor(() => h.slack.responses[0], 5000, 'list');
    const text = blocksText(res.body.blocks);
    expect(res.body.text).toBe('2 open urgent escalation(s).');
    expect(text).toMatch(/E-1.*not acknowledged\*, open \d+ s/);
    expect(text).toMatch(/E-2.*acknowledged by <@UACK>/);
    expect(text).toContain('First &lt;b&gt;thing&lt;/b&gt;');
  });
});
