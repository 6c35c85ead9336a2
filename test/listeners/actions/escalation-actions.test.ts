import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEscalationRepeats } from '../../../src/jobs/escalation-repeats.js';
import { ids } from '../../../src/slack/ids.js';
import {
  blocksText,
  channelPosts,
  dms,
  ESC_CHANNEL,
  ESC_GROUP,
  escalateAndWait,
  escalationEnv,
  MINUTE,
  threadReplies,
} from '../../helpers/escalations.js';
import { type Harness, PRODUCT, startHarness } from '../../helpers/harness.js';
import { requestSubmission } from '../../helpers/request-form.js';
import { viewSubmissionPayload, waitFor } from '../../helpers/slack-request.js';

const escalationIds = ids.escalation;

describe('acting on an escalation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(escalationEnv);
    // The people pressing the buttons below are in the security support group (ESCALATION_USERGROUP).
    h.slack.usergroups.set(ESC_GROUP, ['UOPS', 'UA', 'UB', 'UR', 'UX']);
  });
  afterEach(async () => {
    await h.close();
  });

  const press = (actionId: string, userId: string, ts: string, value = 'E-1') =>
    h.action({ actionId, value, userId, channelId: ESC_CHANNEL, messageTs: ts });

  it('Acknowledge updates the post in place with who and the time to acknowledge, tells the escalator, and stops the repeats', async () => {
    const e = await escalateAndWait(h);
    const res = await press(escalationIds.acknowledge, 'UOPS', e.messageTs!);
    expect(res.status).toBe(200);
    const update = await waitFor(
      () => h.slack.callsTo('chat.update').find((c) => c.status === 200),
      5000,
      'update',
    );
    expect(update.args.ts).toBe(e.messageTs);
    const post = channelPosts(h)[0]!;
    const blocks = blocksText(post.blocks);
    expect(blocks).toMatch(/Acknowledged\* by <@UOPS>/);
    expect(blocks).toMatch(/time to acknowledge \*\d+ s\*/);
    expect(blocks).toContain(escalationIds.unacknowledge);
    expect(blocks).not.toContain(`"${escalationIds.acknowledge}"`);
    const notice = await waitFor(() => dms(h).find((m) => m.text?.includes('acknowledged')), 5000, 'notice');
    expect(notice.text).toContain('<@UOPS>');

    expect(runEscalationRepeats(h.bot.deps, e.createdAt + 16 * MINUTE)).toBe(0);
    expect(runEscalationRepeats(h.bot.deps, e.createdAt + 90 * MINUTE)).toBe(0);
    await h.idle();
    expect(threadReplies(h, e.messageTs!)).toHaveLength(0);
    const stored = h.bot.deps.store.escalations.get(e.id)!;
    expect(stored.timeToAckMs).toBeGreaterThanOrEqual(0);
    expect(h.bot.deps.store.audit.all().map((a) => a.action)).toContain('escalation.acknowledge');
  });

  it('when Slack fails to update the post, the update is retried until the post shows the acknowledgement', async () => {
    const e = await escalateAndWait(h);
    h.slack.failNext('chat.update', { status: 503 }, 2);
    await press(escalationIds.acknowledge, 'UOPS', e.messageTs!);
    await waitFor(() => blocksText(channelPosts(h)[0]!.blocks).includes('<@UOPS>'), 8000, 'updated post');
    expect(h.slack.callsTo('chat.update').length).toBeGreaterThanOrEqual(3);
  });

  it('when two people press Acknowledge at once, exactly one wins and the other is told who has it', async () => {
    const e = await escalateAndWait(h);
    const [a, b] = await Promise.all([
      press(escalationIds.acknowledge, 'UA', e.messageTs!),
      press(escalationIds.acknowledge, 'UB', e.messageTs!),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const told = await waitFor(() => h.slack.responses[0], 5000, 'loser told');
    const winner = h.bot.deps.store.escalations.get(e.id)!.acknowledgedBy!;
    expect(['UA', 'UB']).toContain(winner);
    expect(told.body.text).toContain(`<@${winner}> already acknowledged E-1`);
    expect(told.body.response_type).toBe('ephemeral');
    await h.idle();
    expect(h.slack.responses).toHaveLength(1);
    expect(dms(h).filter((m) => m.text?.includes('acknowledged your'))).toHaveLength(1);
    const outcomes = h.bot.deps.store.audit.all().filter((x) => x.action === 'escalation.acknowledge');
    expect(outcomes.map((x) => x.outcome).sort()).toEqual(['conflict', 'ok']);
  });

  it('Un-acknowledge restarts the clock: the chain runs again from the first repeat', async () => {
    const e = await escalateAndWait(h);
    await press(escalationIds.acknowledge, 'UA', e.messageTs!);
    await press(escalationIds.unacknowledge, 'UA', e.messageTs!);
    const reopened = h.bot.deps.store.escalations.get(e.id)!;
    expect(reopened).toMatchObject({ state: 'open', round: 1, level: 0, acknowledgedBy: null });
    expect(runEscalationRepeats(h.bot.deps, reopened.clockStartedAt + 14 * MINUTE)).toBe(0);
    expect(runEscalationRepeats(h.bot.deps, reopened.clockStartedAt + 15 * MINUTE)).toBe(1);
    await waitFor(() => threadReplies(h, e.messageTs!).length === 1, 5000, 'repeat');
    await waitFor(
      () => blocksText(channelPosts(h)[0]!.blocks).includes('Not acknowledged yet'),
      5000,
      'post reset',
    );
  });

  it('Resolve opens a form; its note closes the escalation, removes the buttons and tells the escalator', async () => {
    const e = await escalateAndWait(h);
    await press(escalationIds.resolve, 'UR', e.messageTs!);
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 3000, 'resolve form');
    const view = open.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(escalationIds.resolveCallbackId);
    const submit = (viewId: string, userId: string) =>
      h.submitView(
        viewSubmissionPayload({
          callbackId: escalationIds.resolveCallbackId,
          viewId,
          userId,
          privateMetadata: view.private_metadata,
          values: {
            [escalationIds.blocks.note]: {
              [escalationIds.action]: { type: 'plain_text_input', value: 'Rotated the <keys>' },
            },
          },
        }),
      );
    const res = await submit('VRES1', 'UR');
    expect(res.body).toBeFalsy();
    await waitFor(() => blocksText(channelPosts(h)[0]!.blocks).includes('Resolved'), 5000, 'resolved post');
    const blocks = blocksText(channelPosts(h)[0]!.blocks);
    expect(blocks).not.toContain('"actions"');
    expect(blocks).toContain('Rotated the &lt;keys&gt;');
    await waitFor(() => dms(h).find((m) => m.text?.includes('resolved your')), 5000, 'resolved notice');
    expect(h.bot.deps.store.escalations.listOpen()).toEqual([]);
    expect(h.bot.deps.store.escalations.listResolvedSince(0)[0]?.timeToAckMs).not.toBeNull();

    const again = await submit('VRES2', 'UX');
    expect(again.body.response_action).toBe('errors');
    expect(again.body.errors[escalationIds.blocks.note]).toMatch(/already resolved/);
    await press(escalationIds.resolve, 'UX', e.messageTs!);
    await waitFor(
      () => h.slack.responses.find((r) => /already resolved/.test(String(r.body.text))),
      5000,
      'told',
    );
  });

  it('when the linked GitLab issue gets the acknowledgement note, GitLab failing first is retried, not lost', async () => {
    const issue = h.gitlab.seedIssue(PRODUCT, { title: 'Leak' });
    const e = await escalateAndWait(h, `urgent ${issue.web_url} Leak in prod`);
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length === 1, 5000, 'escalated note');
    h.gitlab.failNext({ method: 'POST', path: /\/notes$/ }, { status: 503 });
    await press(escalationIds.acknowledge, 'UA', e.messageTs!);
    await waitFor(() => h.gitlab.notes(PRODUCT, issue.iid).length === 2, 5000, 'ack note');
    await h.idle();
    const bodies = h.gitlab.notes(PRODUCT, issue.iid).map((n) => n.body);
    expect(bodies.filter((b) => /acknowledged/.test(b))).toHaveLength(1);
  });

  it('a button for an escalation that does not exist answers the presser instead of failing silently', async () => {
    await press(escalationIds.acknowledge, 'UA', '1.1', 'E-99');
    const told = await waitFor(() => h.slack.responses[0], 5000, 'told');
    expect(told.body.text).toMatch(/no longer exists/);
  });

  it('the Escalate button on a filed request opens the form with its issue link; someone else cannot use it', async () => {
    await h.submitView(requestSubmission());
    const filed = await waitFor(
      () => dms(h).find((m) => m.text?.includes('filed in GitLab')),
      5000,
      'filed DM',
    );
    const button = JSON.parse(blocksText(filed.blocks))
      .flatMap((b: { elements?: unknown[] }) => b.elements ?? [])
      .find((el: { action_id?: string }) => el.action_id === escalationIds.fromRequest);
    expect(button.value).toBe('R-1');

    await h.action({ actionId: escalationIds.fromRequest, value: 'R-1', userId: 'U2', channelId: 'D1' });
    await waitFor(() => h.slack.responses[0], 5000, 'refused');
    expect(h.slack.responses[0]!.body.text).toMatch(/Only the person who filed/);

    await h.action({ actionId: escalationIds.fromRequest, value: 'R-1', userId: 'U1', channelId: 'D1' });
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 3000, 'escalation form');
    const view = open.args.view as { callback_id: string; private_metadata: string };
    const issueUrl = h.bot.deps.store.requests.get(1)!.issueUrl!;
    expect(view.callback_id).toBe(escalationIds.callbackId);
    expect(JSON.stringify(view)).toContain(issueUrl);
    expect(JSON.parse(view.private_metadata)).toEqual({ requestRef: 'R-1' });
  });
});
