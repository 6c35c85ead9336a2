import { afterEach, describe, expect, it } from 'vitest';
import { runEscalationRepeats } from '../../src/jobs/escalation-repeats.js';
import { acknowledgeEscalation } from '../../src/use-cases/escalation-actions.js';
import {
  channelPosts,
  ESC_CHANNEL,
  ESC_GROUP,
  escalateAndWait,
  escalationEnv,
  MINUTE,
  threadReplies,
} from '../helpers/escalations.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { waitFor } from '../helpers/slack-request.js';

describe('re-notifying unacknowledged escalations', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  const run = (at: number) => runEscalationRepeats(h.bot.deps, at);

  it('without an acknowledgement, each chain level fires in order in the thread, widening, then stops', async () => {
    h = await startHarness(escalationEnv);
    const e = await escalateAndWait(h);
    const ts = e.messageTs!;
    expect(run(e.createdAt + 14 * MINUTE)).toBe(0);

    expect(run(e.createdAt + 15 * MINUTE)).toBe(1);
    await waitFor(() => threadReplies(h, ts).length === 1, 5000, 'repeat 1');
    expect(run(e.createdAt + 29 * MINUTE)).toBe(0);
    expect(run(e.createdAt + 30 * MINUTE)).toBe(1);
    await waitFor(() => threadReplies(h, ts).length === 2, 5000, 'repeat 2');
    expect(run(e.createdAt + 45 * MINUTE)).toBe(1);
    await waitFor(() => threadReplies(h, ts).length === 3, 5000, 'repeat 3');
    for (const later of [60, 75, 600]) expect(run(e.createdAt + later * MINUTE)).toBe(0);
    await h.idle();

    const [r1, r2, r3] = threadReplies(h, ts).map((m) => m.text ?? '');
    expect(r1).toContain(`<!subteam^${ESC_GROUP}> <@ULEAD1> <@ULEAD2>`);
    expect(r1).not.toContain('<!here>');
    expect(r1).toMatch(/after 15 min \(reminder 1 of 3\)/);
    expect(r2).toContain(`<!here> <!subteam^${ESC_GROUP}> <@ULEAD1> <@ULEAD2>`);
    expect(r3).toMatch(/reminder 3 of 3.*last reminder/);
    const replyCalls = h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts);
    expect(replyCalls.map((c) => String(c.args.reply_broadcast))).toEqual(['false', 'true', 'true']);
    expect(channelPosts(h)).toHaveLength(1);
    const steps = h.bot.deps.store.escalations.notifications(e.id);
    expect(steps.map((s) => [s.level, s.audience, s.postedTs !== null])).toEqual([
      [0, 'group', true],
      [1, 'group+leads', true],
      [2, 'group+leads+here', true],
      [3, 'group+leads+here', true],
    ]);
    expect(h.bot.deps.store.audit.all().filter((a) => a.action === 'escalation.repeat')).toHaveLength(3);
  });

  it('a configured chain and repeat count are followed', async () => {
    h = await startHarness({
      ...escalationEnv,
      ESCALATION_CHAIN: 'group,here',
      ESCALATION_MAX_REPEATS: '1',
      ESCALATION_REPEAT_MINUTES: '5',
    });
    const e = await escalateAndWait(h);
    expect(run(e.createdAt + 5 * MINUTE)).toBe(1);
    expect(run(e.createdAt + 60 * MINUTE)).toBe(0);
    const reply = await waitFor(() => threadReplies(h, e.messageTs!)[0], 5000, 'repeat');
    expect(reply.text).toContain('<!here>');
    expect(reply.text).not.toContain('ULEAD1');
  });

  it('a restart mid-wait neither forgets nor double-fires a pending repeat', async () => {
    h = await startHarness(escalationEnv);
    const e = await escalateAndWait(h);
    expect(run(e.createdAt + 15 * MINUTE)).toBe(1);
    await waitFor(() => threadReplies(h, e.messageTs!).length === 1, 5000, 'repeat 1');

    await h.restart();
    expect(run(e.createdAt + 15 * MINUTE)).toBe(0);
    expect(run(e.createdAt + 20 * MINUTE)).toBe(0);
    expect(run(e.createdAt + 30 * MINUTE)).toBe(1);
    await waitFor(() => threadReplies(h, e.messageTs!).length === 2, 5000, 'repeat 2');
    await h.idle();
    expect(threadReplies(h, e.messageTs!)).toHaveLength(2);
    expect(h.bot.deps.store.escalations.get(e.id)?.level).toBe(2);
  });

  it('a repeat claimed before a restart whose post had not gone out is posted once after it', async () => {
    h = await startHarness(escalationEnv);
    const e = await escalateAndWait(h);
    await h.bot.deps.outbox.stop();
    expect(run(e.createdAt + 15 * MINUTE)).toBe(1);
    await h.restart();
    await waitFor(() => threadReplies(h, e.messageTs!).length === 1, 5000, 'repeat after restart');
    expect(run(e.createdAt + 15 * MINUTE)).toBe(0);
    await h.idle();
    expect(threadReplies(h, e.messageTs!)).toHaveLength(1);
  });

  it('two ticks at the same moment (or two instances) fire a level once', async () => {
    h = await startHarness(escalationEnv);
    const e = await escalateAndWait(h);
    const at = e.createdAt + 15 * MINUTE;
    expect(run(at) + run(at)).toBe(1);
    await waitFor(() => threadReplies(h, e.messageTs!).length === 1, 5000, 'repeat');
    await h.idle();
    expect(threadReplies(h, e.messageTs!)).toHaveLength(1);
  });

  it('an acknowledgement that lands after a level was claimed keeps that repeat from being posted', async () => {
    h = await startHarness(escalationEnv);
    const e = await escalateAndWait(h);
    await h.bot.deps.outbox.stop();
    expect(run(e.createdAt + 15 * MINUTE)).toBe(1);
    expect((await acknowledgeEscalation(h.bot.deps, e.id, 'ULEAD1')).ok).toBe(true);
    await h.restart();
    await waitFor(
      () => h.bot.deps.store.outbox.listByKind('escalation_post').every((j) => j.status === 'done'),
      5000,
      'outbox drained',
    );
    await h.idle();
    expect(threadReplies(h, e.messageTs!)).toHaveLength(0);
  });

  it('when Slack fails to post a repeat, it is retried and posted once', async () => {
    h = await startHarness(escalationEnv);
    const e = await escalateAndWait(h);
    // Aimed at the repeat: other posts (the escalator's confirmation) may go out meanwhile.
    const isRepeat = (args: Record<string, unknown>) =>
      args.channel === ESC_CHANNEL && args.thread_ts === e.messageTs;
    h.slack.failNext('chat.postMessage', { status: 503 }, 2, isRepeat);
    expect(run(e.createdAt + 15 * MINUTE)).toBe(1);
    await waitFor(() => threadReplies(h, e.messageTs!).length === 1, 8000, 'repeat after retries');
    await h.idle();
    expect(threadReplies(h, e.messageTs!)).toHaveLength(1);
    expect(
      h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === ESC_CHANNEL && c.args.thread_ts),
    ).toHaveLength(3);
  });
});
