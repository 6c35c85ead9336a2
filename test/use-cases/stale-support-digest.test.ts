import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { intakeSubmission } from '../helpers/intake-form.js';
import { waitFor } from '../helpers/slack-request.js';

const HOUR = 3_600_000;

describe('stale support questions in the digest, through HTTP', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('a question open longer than SUPPORT_STALE_HOURS shows in `digest now` with its link; a fresh or answered one does not', async () => {
    h = await startHarness({
      SUPPORT_CHANNEL: 'CSUPPORT',
      TEAM_SLACK_USER_IDS: 'UTEAM',
      SUPPORT_STALE_HOURS: '24',
    });
    const types = h.bot.deps.taxonomy.requestTypes;
    await h.submitView(
      intakeSubmission(types, 'support', { question: 'Old <!here> question' }, { userId: 'U7' }),
    );
    await waitFor(() => h.bot.deps.store.support.get(1)?.messageTs, 5000, 'posted 1');
    await h.submitView(
      intakeSubmission(types, 'support', { question: 'Answered question' }, { userId: 'U8' }),
    );
    await waitFor(() => h.bot.deps.store.support.get(2)?.messageTs, 5000, 'posted 2');
    h.bot.deps.store.support.markAnswered(2, 'UTEAM', 'https://example.com/a', Date.now());
    await h.submitView(intakeSubmission(types, 'support', { question: 'Fresh question' }, { userId: 'U9' }));
    await waitFor(() => h.bot.deps.store.support.get(3)?.messageTs, 5000, 'posted 3');
    // Q-1 was asked 25 hours ago (Slack's request signatures pin the bot's clock to real time).
    h.bot.deps.store.db
      .prepare('UPDATE support_questions SET created_at = created_at - ? WHERE id = 1')
      .run(25 * HOUR);
    await h.idle();

    await h.command('digest now', { user: 'UTEAM', channel: 'CNOW' });
    const digest = await waitFor(
      () =>
        h.slack.messages.find(
          (m) => m.channel === 'CNOW' && JSON.stringify(m.blocks).includes('Support questions'),
        ),
      5000,
      'digest',
    );
    const blocks = JSON.stringify(digest.blocks);
    expect(blocks).toContain('unanswered for more than 24 h* (1)');
    expect(blocks).toContain(`|Q-1>`);
    expect(blocks).toContain(String(h.bot.deps.store.support.get(1)?.permalink));
    expect(blocks).not.toContain('Q-2');
    expect(blocks).not.toContain('Q-3');
    // `digest now` is a team member's choice of channel (team data): the text shows, escaped.
    expect(blocks).toContain('Old &lt;!here&gt; question');
    expect(blocks).not.toContain('<!here>');
  });
});
